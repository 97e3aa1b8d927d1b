"""Repair from the kiosk's journal, against a real server: acknowledged tickets issued online
through a real SyncClient, the server killed with SIGKILL, its WAL cut in half (tickets
lost), restarted. After the kiosk reconnects the server holds every ticket with the number
its citizen holds, and the next number is above every number held: none is given twice."""
import sqlite3

import pytest

from kiosk.config import load_config
from kiosk.sync.sync_client import SyncClient
from tests.support import LiveServer, prepared_live_db

CODES = ("1.001193", "2.000815", "1.001776")     # services HT, CT, XH


def server_tickets(db) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT client_id, issued_service_id, number FROM tickets")}
    finally:
        conn.close()


def cut_wal_in_half(db) -> None:
    wal = db.with_name(db.name + "-wal")
    size = wal.stat().st_size
    assert size > 32 * 1024, "the tickets should still be in the WAL"
    with open(wal, "r+b") as file:
        file.truncate(size // 2 + 1000)            # mid-frame, like a torn write


@pytest.fixture
def lost_tickets(tmp_path):
    """(db, server, kiosk, the tickets shown) with the server restarted after losing some."""
    db, token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db).start()
    kiosk = SyncClient.from_config(load_config(), server.url, token, tmp_path / "kiosk.db", timeout=5.0)
    try:
        assert kiosk.sync_once()["error"] is None
        shown = [kiosk.issue_ticket(CODES[i % 3]) for i in range(30)]
        assert not any(t["offline"] for t in shown)
        server.kill()
        cut_wal_in_half(db)
        server.start()
        held = server_tickets(db)
        assert len(held) < 30, "cutting the WAL should have lost acknowledged tickets"
        yield db, server, kiosk, shown
    finally:
        kiosk.close()
        server.stop()


def assert_no_number_twice(db) -> None:
    pairs = list(server_tickets(db).values())
    assert len(pairs) == len(set(pairs))


def test_the_next_ticket_after_an_unnoticed_restart_repairs_the_server_first(lost_tickets):
    db, server, kiosk, shown = lost_tickets
    after = kiosk.issue_ticket(CODES[0])                   # the kiosk never saw the server go
    held = server_tickets(db)
    assert all(held[t["client_id"]] == (t["service"]["id"], t["number"]) for t in shown)   # all 30 are back
    highest = max(t["number"] for t in shown if t["service"]["id"] == after["service"]["id"])
    assert after["number"] > highest                        # not a number a citizen already holds
    assert held[after["client_id"]] == (after["service"]["id"], after["number"])   # shown = held
    assert kiosk.reconciler.last["adopted"]
    following = kiosk.issue_ticket(CODES[0])
    assert following["number"] == after["number"] + 1       # and numbering simply continues
    assert_no_number_twice(db)


def test_a_sync_round_after_the_restart_re_adopts_the_lost_tickets(lost_tickets):
    db, server, kiosk, shown = lost_tickets
    result = kiosk.sync_once()
    assert result["error"] is None and result["repaired"]["adopted"]
    held = server_tickets(db)
    assert {c: held[c] for c in (t["client_id"] for t in shown)} == {t["client_id"]: (t["service"]["id"], t["number"])
                                                                     for t in shown}
    assert kiosk.sync_once()["repaired"] is None              # once per server run: nothing more to do
    for code in CODES:
        ticket = kiosk.issue_ticket(code)
        assert ticket["number"] > max(t["number"] for t in shown if t["service"]["id"] == ticket["service"]["id"])
    assert_no_number_twice(db)
