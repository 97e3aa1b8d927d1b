"""Upgrading a database made by release 0.1 (tests/fixtures/release-0.1.db, built by
tests/fixtures/make_release_db.py with that release's code)."""
from __future__ import annotations

import shutil
import sqlite3
import uuid

from kiosk.clock import FakeClock
from kiosk.core import accounts
from kiosk.core.queue import Queue
from kiosk.store import open_store
from kiosk.store.migrations import MIGRATIONS
from tests.conftest import seeded_store

FIXTURE = __import__("pathlib").Path(__file__).resolve().parent.parent / "fixtures" / "release-0.1.db"


def tickets(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, day, number, service_id, status, offline, client_id FROM tickets "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_release_0_1_database_migrates_and_every_ticket_keeps_its_number(tmp_path, config):
    path = tmp_path / "centre.db"
    shutil.copy(FIXTURE, path)
    before = tickets(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 4 and len(before) == 8
    store = open_store(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert tickets(path) == before                                   # numbers, days and states untouched
    assert [(d["name"], d["slot"]) for d in store.devices()] == [("kiosk-1", 1), ("kiosk-2", 2), ("tv-1", None)]
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_after_the_upgrade_numbering_continues_without_reusing_a_number(tmp_path, config):
    path = tmp_path / "centre.db"
    shutil.copy(FIXTURE, path)
    store = open_store(path)
    clock = FakeClock("2026-11-21T09:00:00")                         # the fixture's last day, mid-morning
    queue = Queue(store, config, clock)
    online = queue.issue("1.001193", device="kiosk-1")
    assert online["number"] == 1002                                  # after 1001 of that day, no gap
    # An upload from before the upgrade, from a block kiosk-2 leased on 2026-11-20, is still accepted.
    legacy = queue.issue("1.001193", None, str(uuid.uuid4()), device="kiosk-2", number=1005,
                         issued_at="2026-11-20T08:07:00+07:00")
    assert legacy["number"] == 1005 and legacy["status"] == "expired"
    offline = queue.issue("1.001193", None, str(uuid.uuid4()), device="kiosk-2", number=1700,
                          issued_at="2026-11-21T08:59:00+07:00")
    assert offline["number"] == 1700
    numbers = [(t["day"], t["number"]) for t in store.tickets_between("2026-11-20", "2026-11-21")]
    assert len(numbers) == len(set(numbers)) == 11
    token = accounts.add_device(store, "kiosk-3", "kiosk", clock)   # new kiosks take the next free slot
    assert token.startswith("kiosk.3.")
    store.close()


def test_a_fresh_database_and_an_upgraded_one_have_the_same_schema(tmp_path, config):
    path = tmp_path / "centre.db"
    shutil.copy(FIXTURE, path)
    open_store(path).close()
    fresh = seeded_store(config, tmp_path / "fresh.db")
    fresh.close()

    def schema(db_path):
        conn = sqlite3.connect(db_path)
        try:
            return sorted(conn.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall())
        finally:
            conn.close()
    assert schema(path) == schema(tmp_path / "fresh.db")
