"""The province catalogue on the hub: every save a new version, centres ask for what is newer."""
from __future__ import annotations

import json

from kiosk import ASSETS
from kiosk.hub import catalogue


def test_each_save_takes_the_next_version_and_a_centre_gets_only_what_changed(hub_conn):
    records = json.loads((ASSETS / "procedures.json").read_text(encoding="utf-8"))[:3]
    catalogue.load(hub_conn, records, "cli")
    seen = catalogue.changes_since(hub_conn, 0)["version"]
    saved = catalogue.save(hub_conn, records[1]["code"], {"fee": "Theo Nghị quyết HĐND tỉnh"}, "so-noi-vu")
    assert saved["version"] == seen + 1 and saved["name"] == records[1]["name"]     # merged, not replaced
    changed = catalogue.changes_since(hub_conn, seen)
    assert [p["code"] for p in changed["procedures"]] == [records[1]["code"]]
    assert "service" not in changed["procedures"][0]            # which service serves it is each centre's choice


def test_a_record_without_a_name_is_refused_with_the_field_named():
    [problem, *_] = catalogue.problems("1.001193", {"name": "", "field": "Hộ tịch"})
    assert problem["field"] == "name" and problem["message"]
