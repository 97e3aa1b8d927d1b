"""The pages a commit writes: every index a new ticket enters is one more page for the commit
to write to the WAL, and to fsync (issue 12: issuing at >= 600/s with the same durability)."""
from __future__ import annotations

import struct
import uuid

from kiosk.core.queue import Queue
from kiosk.store.integrity import WAL_FRAME_HEADER_BYTES, WAL_HEADER_BYTES
from tests.conftest import seeded_store


def btrees_written(store, path) -> set[str]:
    """The tables and indexes whose pages the WAL holds (dbstat names each page's b-tree)."""
    page_size = store.db.execute("PRAGMA page_size").fetchone()[0]
    wal = (path.parent / f"{path.name}-wal").read_bytes()
    frame = WAL_FRAME_HEADER_BYTES + page_size
    pages = {struct.unpack(">I", wal[offset:offset + 4])[0]
             for offset in range(WAL_HEADER_BYTES, len(wal) - WAL_FRAME_HEADER_BYTES, frame)}
    return {name for name, page in store.db.execute("SELECT name, pageno FROM dbstat") if page in pages}


def test_a_waiting_ticket_is_not_written_to_the_served_tickets_index(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    store.db.execute("PRAGMA wal_autocheckpoint=0")
    served = queue.issue("1.001193", None, str(uuid.uuid4()))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with store.write():
        for _ in range(5):
            queue.issue("1.001193", None, str(uuid.uuid4()))
    written = btrees_written(store, path)
    assert {"tickets", "idx_tickets_waiting_normal"} <= written
    assert "idx_tickets_recent_done" not in written
    queue.call_next(1)
    queue.finish(served["id"])
    assert "idx_tickets_recent_done" in btrees_written(store, path)
    assert len(store.recent_service_minutes("HT", 20)) == 1                # the estimate still learns from it


def test_the_recent_service_times_are_read_through_their_index(config):
    store = seeded_store(config)
    plan = " | ".join(row[3] for row in store.db.execute(
        "EXPLAIN QUERY PLAN SELECT (julianday(finished_at) - julianday(called_at)) * 1440 AS minutes FROM tickets "
        "WHERE service_id = 'HT' AND status = 'done' AND called_at IS NOT NULL AND finished_at IS NOT NULL "
        "ORDER BY finished_at DESC LIMIT 20"))
    assert "USING INDEX idx_tickets_recent_done" in plan and "TEMP B-TREE" not in plan
