"""The pages a commit writes: every index a new ticket enters is one more page for the commit
to write to the WAL, and to fsync (issue 12: issuing at >= 600/s with the same durability)."""
from __future__ import annotations

import secrets
import struct
import uuid
from collections import Counter

from kiosk.core.keys import client_key
from kiosk.core.queue import Queue
from kiosk.store.integrity import WAL_FRAME_HEADER_BYTES, WAL_HEADER_BYTES
from tests.conftest import seeded_store


def pages_written(store, path) -> dict[str, int]:
    """How many pages of each table and index the WAL holds (dbstat names each page's b-tree)."""
    page_size = store.db.execute("PRAGMA page_size").fetchone()[0]
    wal = (path.parent / f"{path.name}-wal").read_bytes()
    frame = WAL_FRAME_HEADER_BYTES + page_size
    pages = {struct.unpack(">I", wal[offset:offset + 4])[0]
             for offset in range(WAL_HEADER_BYTES, len(wal) - WAL_FRAME_HEADER_BYTES, frame)}
    return Counter(name for name, page in store.db.execute("SELECT name, pageno FROM dbstat") if page in pages)


def btrees_written(store, path) -> set[str]:
    return set(pages_written(store, path))


def test_a_waiting_ticket_is_not_written_to_the_served_tickets_index(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    store.db.execute("PRAGMA wal_autocheckpoint=0")
    served = queue.issue("1.001193", None, str(uuid.uuid4()))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with store.write():
        for _ in range(5):
            queue.issue("1.001193", None, client_key(clock.now().timestamp()))
    written = btrees_written(store, path)
    assert {"tickets", "idx_tickets_waiting_normal"} <= written
    assert "idx_tickets_recent_done" not in written
    queue.call_next(1)
    queue.finish(served["id"])
    assert "idx_tickets_recent_done" in btrees_written(store, path)
    assert len(store.recent_service_minutes("HT", 20)) == 1                # the estimate still learns from it


def ticket_btrees(names: set[str]) -> set[str]:
    return {name for name in names if name == "tickets" or name.startswith("idx_tickets_")}


def test_a_waiting_ticket_enters_only_its_keys_and_its_lane(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    store.db.execute("PRAGMA wal_autocheckpoint=0")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with store.write():
        for _ in range(5):
            queue.issue("1.001193", None, client_key(clock.now().timestamp()))
    assert ticket_btrees(btrees_written(store, path)) == {
        "tickets", "idx_tickets_public_id", "idx_tickets_client_id", "idx_tickets_day_issued_service_id_number",
        "idx_tickets_waiting_normal"}


def plan_of(store, sql: str, params) -> str:
    return " | ".join(row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_the_reads_of_active_tickets_go_through_the_partial_indexes(config, clock, monkeypatch):
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    issued = [queue.issue(code, kind, str(uuid.uuid4()))
              for code, kind in [("1.001193", None), ("2.000815", None), ("1.001193", "elderly"), ("1.001193", None)]]
    called = queue.call_next(1)
    plans = []
    real_rows = store._rows
    monkeypatch.setattr(store, "_rows", lambda sql, params=(): plans.append(plan_of(store, sql, params)) or real_rows(sql, params))
    waiting_ht = [t["id"] for t in store.waiting_tickets(["HT"])]
    active = [t["id"] for t in store.active_tickets()]
    before = store.active_tickets_before("2999-01-01")
    third = store.nth_waiting("HT", 2)
    assert called["id"] == issued[2]["id"]                                     # the priority ticket first
    assert waiting_ht == [issued[0]["id"], issued[3]["id"]]
    assert active == [t["id"] for t in issued]                                 # waiting and called, in time order
    assert sorted(t["id"] for t in before) == sorted(active) and store.active_tickets_before("2000-01-01") == []
    assert third["id"] == issued[3]["id"]
    assert len(plans) == 5 and not any("SCAN tickets" in plan and "USING INDEX" not in plan for plan in plans), plans
    assert all("idx_tickets_waiting_normal" in plan for plan in plans), plans


def test_tickets_at_a_counter_are_found_through_its_index(config):
    store = seeded_store(config)
    plan = plan_of(store, "SELECT * FROM tickets WHERE counter_id = ? AND day = ? AND status = 'done' "
                          "ORDER BY finished_at DESC, id DESC LIMIT 1", [3, "2026-12-02"])
    assert "USING INDEX idx_tickets_at_counter" in plan


def test_the_recent_service_times_are_read_through_their_index(config):
    store = seeded_store(config)
    plan = plan_of(store, "SELECT (julianday(finished_at) - julianday(called_at)) * 1440 AS minutes FROM tickets "
                          "WHERE service_id = 'HT' AND status = 'done' AND called_at IS NOT NULL "
                          "AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 20", [])
    assert "USING INDEX idx_tickets_recent_done" in plan and "TEMP B-TREE" not in plan


def test_tickets_issued_together_share_a_page_of_each_key_index(config, clock, tmp_path):
    """The kiosk's client ids and the server's public ids begin with their time, so the
    tickets of one commit are written beside each other, at the end of each key's index."""
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    store.db.execute("PRAGMA wal_autocheckpoint=0")
    with store.write():     # an earlier release's tickets, with random keys: each key index spans many pages
        for n in range(3000):
            store.insert_ticket({"public_id": secrets.token_urlsafe(12), "client_id": str(uuid.uuid4()),
                                 "day": f"d{n // 300}",
                                 "number": 1001 + n % 300, "issued_service_id": "HT", "service_id": "HT",
                                 "procedure_code": "1.001193", "procedure_name": "x", "status": "done",
                                 "issued_at": f"d{n // 300}T{n % 300}"})
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with store.write():
        for _ in range(20):
            queue.issue("1.001193", None, client_key(clock.now().timestamp()))
    written = pages_written(store, path)
    assert store.db.execute("SELECT COUNT(*) FROM dbstat WHERE name = 'idx_tickets_public_id'").fetchone()[0] > 10
    # the last leaf, and when it splits the siblings SQLite rebalances and their parent (4-5 pages);
    # the same twenty tickets with random keys wrote 12 and 17
    assert written["idx_tickets_public_id"] <= 6 and written["idx_tickets_client_id"] <= 6, written
