"""'Nơi nào ít người chờ?': waiting now and the estimate per service, fewest waiting first."""
from __future__ import annotations

from datetime import date

from kiosk.hub.ingest import ingest
from kiosk.hub.public import waits
from tests.hub.test_ingest import add_centre, events


def test_centres_come_fewest_waiting_first_with_an_estimate_per_service(hub_conn):
    busy, quiet = add_centre(hub_conn, "P01"), add_centre(hub_conn, "P02")
    with hub_conn.transaction():
        hub_conn.execute("UPDATE centres SET district = 'Quận 1'")
    ingest(hub_conn, busy, {"events": events(1, 6), "services": [{"id": "HT", "name": "Hộ tịch"}]})
    ingest(hub_conn, quiet, {"events": events(1, 2)})
    found = waits(hub_conn, date(2026, 12, 1), "Quận 1")
    assert [c["code"] for c in found["centres"]] == ["P02", "P01"]
    assert found["centres"][1]["services"] == [{"id": "HT", "name": "Hộ tịch", "waiting": 6,
                                                "estimated_wait_minutes": 48}]   # 6 × 8 min, one counter
    assert waits(hub_conn, date(2026, 12, 1), "Quận 9")["centres"] == []
