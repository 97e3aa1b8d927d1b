"""Seeding a centre's store from config.yaml and the bundled catalogue.

Services and counters come from the config on first start; after that the store is the
source of truth and admins edit it. The catalogue is loaded once, when the store has none.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import datetime
from pathlib import Path

from kiosk import ASSETS
from kiosk.config import Config
from kiosk.core.catalogue import Document, Procedure
from kiosk.core.synonyms import SETTING_KEY as SYNONYMS, Synonym, as_list, default_synonyms, synonyms_from_settings
from kiosk.core.fee_rules import example_fields, propose_rules
from kiosk.core.fee_text import propose_rule
from kiosk.store import Store

CATALOGUE_PATH = ASSETS / "procedures.json"
PROCEDURE_COLUMNS = ("code", "name", "name_en", "field", "service", "level", "documents", "processing_time",
                     "processing_time_en", "fee", "fee_en", "guidance", "guidance_en", "formality_id",
                     "most_requested", "source", "active", "official_name", "fee_other")


def seed_centre(store: Store, config: Config, catalogue_path: Path | None = CATALOGUE_PATH) -> None:
    with store.write():
        if store.count("services") == 0:
            for order, service in enumerate(config_services(config)):
                store.save_service({**service, "sort": order})
        if store.count("counters") == 0:
            for counter in config_counters(config):
                store.save_counter({**counter, "priority_streak": 0})
        if store.count("procedures") == 0 and catalogue_path and Path(catalogue_path).exists():
            most_requested = set(config.kiosk.most_requested)
            for record in json.loads(Path(catalogue_path).read_text(encoding="utf-8")):
                store.save_procedure(procedure_row(record, most_requested))
            propose_rules(store, store.procedures(active_only=False), "")


def config_services(config: Config) -> list[dict]:
    """The services as config.yaml gives them, in the shape of GET /api/services."""
    return [{"id": s.id, "name": s.name, "name_en": s.name_en, "fields": s.fields, "range_start": s.range[0],
             "range_end": s.range[1], "waiting_area": s.waiting_area, "active": 1} for s in config.services]


def config_counters(config: Config) -> list[dict]:
    return [{"id": c.id, "name": c.name, "services": c.services, "active": 1} for c in config.counters]


def bundled_catalogue(config: Config, catalogue_path: Path = CATALOGUE_PATH) -> tuple[list, list, list]:
    """(procedures, services, counters) as a kiosk that has never reached the server starts:
    the bundled catalogue and the config, in the API's shapes."""
    records = json.loads(Path(catalogue_path).read_text(encoding="utf-8")) if Path(catalogue_path).exists() else []
    most_requested = set(config.kiosk.most_requested)
    procedures = [procedure_view(procedure_row(r, most_requested), config) | example_fields(propose_rule(r.get("fee")))
                  for r in records]
    return [p for p in procedures if p["active"]], config_services(config), config_counters(config)


def procedure_row(record: dict, most_requested: set[str] = frozenset()) -> dict:
    row = {column: record.get(column) for column in PROCEDURE_COLUMNS}
    row["code"] = str(record["code"])
    row["documents"] = record.get("documents") or []
    row["most_requested"] = int(bool(record.get("most_requested")) or row["code"] in most_requested)
    row["active"] = int(record.get("active", True))
    row["updated_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
    return row


def procedure_view(row: dict, config: Config) -> dict:
    """A stored procedure as the API and the kiosk see it, with its portal link."""
    view = {column: row.get(column) for column in PROCEDURE_COLUMNS}
    view["official_name"], view["fee_other"] = row.get("official_name") or "", row.get("fee_other") or ""
    view["most_requested"] = bool(row.get("most_requested"))
    view["active"] = bool(row.get("active"))
    view["portal_url"] = portal_url(row, config)
    return view


def stored_procedures(store: Store, config: Config) -> list[Procedure]:
    """The active catalogue as the kiosk searches it. A record missing a text the kiosk
    shows (a fee, a guidance) is still found by its name."""
    known = {f.name for f in fields(Procedure)} - {"documents"}
    found = []
    for row in store.procedures(active_only=True):
        view = procedure_view(row, config)
        values = {k: v for k, v in view.items() if k in known and v is not None}
        found.append(Procedure(**values, documents=tuple(Document.from_dict(d) for d in view.get("documents") or [])))
    return found


def search_synonyms(store: Store) -> tuple[Synonym, ...]:
    """The synonym rules in force: the admin's, else the bundled ones."""
    return synonyms_from_settings(store.settings())


def portal_url(row: dict, config: Config) -> str:
    if row.get("formality_id"):
        return config.server.portal_page_template.format(formality_id=row["formality_id"], code=row["code"])
    return config.server.portal_search_template.format(code=row["code"])


def catalogue_version(store: Store) -> str:
    """A fingerprint of what kiosks cache (procedures, services, counters, search synonyms):
    it changes exactly when one of them changes, so a kiosk polling /api/health knows when to
    refresh."""
    saved = store.settings().get(SYNONYMS)
    synonyms = json.dumps(saved if saved is not None else as_list(default_synonyms()), ensure_ascii=False)
    return hashlib.sha1((store.catalogue_fingerprint() + synonyms).encode()).hexdigest()[:16]
