"""The kiosk's view of its neighbours: speech, printing, catalogue and search.

Each follows docs/CONTRACTS.md. While a neighbour's branch has not landed (ImportError),
a small stand-in with the same shape is used, so the kiosk always starts.
"""
from __future__ import annotations

import json
import logging
import threading
import unicodedata
from pathlib import Path

from kiosk import ASSETS

log = logging.getLogger(__name__)

BUNDLED_CATALOGUE = ASSETS / "procedures.json"


# -- speech -------------------------------------------------------------------------------

class RecordingSpeaker:
    """Stand-in for kiosk.speech.DummySpeaker: records what it was asked."""

    def __init__(self):
        self.spoken: list[tuple[str, str]] = []

    def say(self, text: str, priority: str = "guidance") -> None:
        self.spoken.append((text, priority))

    def stop(self) -> None:
        pass


def make_speaker(speech_config):
    try:
        from kiosk.speech import make_speaker as real
    except ImportError:
        return RecordingSpeaker()
    try:
        return real(speech_config)
    except Exception:  # a broken voice must not stop the kiosk
        log.exception("speech unavailable; using a silent speaker")
        return dummy_speaker()


def dummy_speaker():
    try:
        from kiosk.speech import DummySpeaker
        return DummySpeaker()
    except ImportError:
        return RecordingSpeaker()


# -- printing -----------------------------------------------------------------------------

class _Outcome:
    def __init__(self, ok: bool, reason: str = ""):
        self.ok, self.reason = ok, reason


class RecordingPrinter:
    """Stand-in for printers.DummyReceiptPrinter: records jobs, can be told to fail."""

    def __init__(self, fail_reason: str = ""):
        self.jobs: list = []
        self.fail_reason = fail_reason

    def print_receipt(self, receipt):
        self.jobs.append(("receipt", receipt))
        return _Outcome(not self.fail_reason, self.fail_reason)

    def print_async(self, receipt, on_done=None):
        def run():
            outcome = self.print_receipt(receipt)
            if on_done:
                on_done(outcome)
        threading.Thread(target=run, daemon=True).start()

    def print_leaflet(self, leaflet):
        self.jobs.append(("leaflet", leaflet))
        return _Outcome(not self.fail_reason, self.fail_reason)


def make_printer(printer_config):
    try:
        from printers import make_printer as real
    except ImportError:
        return RecordingPrinter()
    try:
        return real(printer_config)
    except Exception:
        log.exception("printer unavailable")
        return RecordingPrinter(fail_reason="printer unavailable")


def make_receipt(ticket: dict, centre_name: str):
    try:
        from printers import Receipt
    except ImportError:
        return {"ticket": ticket, "centre": centre_name}
    return Receipt.from_ticket(ticket, centre_name)


def make_leaflet(procedure: dict, centre_name: str):
    try:
        from printers import Leaflet
    except ImportError:
        return {"procedure": procedure, "centre": centre_name}
    return Leaflet.from_procedure(procedure, centre_name)


# -- catalogue and search -----------------------------------------------------------------

def _nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def portal_url(procedure: dict, server_config) -> str:
    if procedure.get("portal_url"):
        return procedure["portal_url"]
    if procedure.get("formality_id"):
        return server_config.portal_page_template.format(formality_id=procedure["formality_id"])
    return server_config.portal_search_template.format(code=procedure.get("code", ""))


def load_bundled(path: Path = BUNDLED_CATALOGUE) -> list[dict]:
    """Procedure dicts from the bundled JSON (a list, or {"procedures": [...]}); [] if absent."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("no usable bundled catalogue at %s", path)
        return []
    if isinstance(raw, dict):
        raw = raw.get("procedures", [])
    from kiosk.core.fee_rules import example_fields      # the fee worked out, as the server would
    from kiosk.core.fee_text import propose_rule
    return [p | example_fields(propose_rule(p.get("fee"))) for p in normalise_procedures(raw)]


def normalise_procedures(raw) -> list[dict]:
    out = []
    for item in raw or []:
        if isinstance(item, dict) and item.get("code") and item.get("active", True) is not False:
            record = _nfc(dict(item))
            record["code"] = str(record["code"])
            out.append(record)
    return out


def _core_search_module():
    """kiosk.core.search when it is installed (looked up once), else None."""
    global _CORE_SEARCH
    if _CORE_SEARCH is _UNSET:
        try:
            from kiosk.core import search as module
        except ImportError:
            module = None
        _CORE_SEARCH = module
    return _CORE_SEARCH


_UNSET = object()
_CORE_SEARCH = _UNSET


def fold(text: str) -> str:
    module = _core_search_module()
    if module is not None:
        return module.fold(text)
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def synonyms_of(client) -> tuple | None:
    """The search synonyms the kiosk's sync client cached from the server; None (the bundled
    ones) for a client without them."""
    getter = getattr(client, "synonyms", None)
    return getter() if callable(getter) else None


class SearchIndex:
    """Search over one catalogue. It builds the core's Procedure objects once from the
    records it is given and keeps them with those records: a new catalogue is a new index
    (an index looked up by the list's id() could hand a new list the old list's objects
    once Python reuses the id, and the kiosk would go on finding the old names)."""

    def __init__(self, procedures: list[dict]):
        self.procedures = procedures
        self._objects: list | None = None

    def codes(self, query: str, limit: int = 10, synonyms=None) -> list[str]:
        """Codes of the best matches, best first; folding and ranking are the core's job.
        `synonyms`: the rules in force (None: the bundled ones)."""
        query = query.strip()
        if not query:
            return []
        core_search = _core_search_module()
        if core_search is not None:
            if self._objects is None:
                self._objects = _to_core_procedures(self.procedures)
            try:
                return [getattr(p, "code", None) or p["code"]
                        for p in core_search.search(self._objects, query, limit=limit, synonyms=synonyms)]
            except Exception:
                log.exception("core search failed; using the simple fallback")
        return _simple_search(self.procedures, query, limit)


def search_codes(procedures: list[dict], query: str, limit: int = 10, synonyms=None) -> list[str]:
    return SearchIndex(procedures).codes(query, limit, synonyms)


def _simple_search(procedures: list[dict], query: str, limit: int) -> list[str]:
    """Stand-in ranking until kiosk.core.search lands: whole phrase, then words, then brevity."""
    folded = " ".join(fold(query).split())
    words = folded.split()
    scored = []
    for index, record in enumerate(procedures):
        name = " ".join(fold(record.get("name", "")).split())
        hay = name + " " + fold(record.get("field", ""))
        hits = sum(1 for w in words if w in hay.split() or any(t.startswith(w) for t in hay.split()))
        if hits:
            phrase = folded in name
            scored.append((not phrase, -hits, len(name), index, record["code"]))
    return [code for *_, code in sorted(scored)[:limit]]


def _to_core_procedures(procedures):
    try:
        from kiosk.core.catalogue import Procedure
    except ImportError:
        return procedures
    for build in (getattr(Procedure, "from_dict", None), getattr(Procedure, "from_json", None),
                  lambda d: Procedure(**d)):
        if build is None:
            continue
        try:
            return [build(p) for p in procedures]
        except Exception:
            continue
    return procedures
