"""Repair from the kiosk's journal, against a real server: acknowledged tickets issued online
through a real SyncClient, the server killed with SIGKILL, its WAL cut in half (tickets
lost), restarted. After the kiosk reconnects the server holds every ticket with the number
its citizen holds, and the next number is above every number held: none is given twice."""
import sqlite3

import pytest

from kiosk.config import load_config
from kiosk.sync.sync_client import SyncClient
from kiosk.store.integrity import torn_wal_bytes
from tests.support import LiveServer, prepared_live_db, run_cli

CODES = ("1.001193", "2.000815", "1.001776")     # services HT, CT, XH


def server_tickets(db) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT client_id, issued_service_id, number FROM tickets")}
    finally:
        conn.close()


def cut_wal_in_half(db, between_frames: bool) -> None:
    """Mid-frame, like a torn write (the server can tell), or exactly between two frames (it cannot)."""
    wal = db.with_name(db.name + "-wal")
    size = wal.stat().st_size
    assert size > 32 * 1024, "the tickets should still be in the WAL"
    frame = 24 + int.from_bytes(wal.read_bytes()[8:12], "big")
    whole_frames = (size - 32) // frame
    with open(wal, "r+b") as file:
        file.truncate(32 + whole_frames // 2 * frame + (0 if between_frames else 1000))
    assert (torn_wal_bytes(db) == 0) == between_frames


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
        cut_wal_in_half(db, between_frames=True)
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


def test_after_a_torn_wal_online_numbers_wait_until_every_kiosk_has_compared(tmp_path):
    db, token_a, _ = prepared_live_db(tmp_path)
    token_b = run_cli("device", "add", "kiosk-2", "--role", "kiosk", "--print-token", db=db)
    server = LiveServer(db).start()
    a, b = (SyncClient.from_config(load_config(), server.url, token, tmp_path / f"{name}.db", timeout=5.0,
                                   retry_online_seconds=0) for name, token in (("a", token_a), ("b", token_b)))
    try:
        for kiosk in (a, b):
            assert kiosk.sync_once()["error"] is None
        shown = [(a, b)[i % 2].issue_ticket(CODES[i % 3]) for i in range(30)]
        server.kill()
        cut_wal_in_half(db, between_frames=False)
        server.start()
        assert len(server_tickets(db)) < 30
        held_back = b.issue_ticket(CODES[0])
        assert held_back["offline"]                        # no online number before kiosk-1 has compared
        assert b.sync_once()["repaired"] is not None       # kiosk-2 compared and repaired ...
        assert b.issue_ticket(CODES[0])["offline"]         # ... but kiosk-1's lost tickets are not back yet
        assert a.sync_once()["repaired"]["adopted"]
        online = b.issue_ticket(CODES[0])
        assert not online["offline"]
        everyone = shown + [held_back]                     # offline numbers sit in the kiosks' own series above
        assert online["number"] > max(t["number"] for t in everyone
                                      if t["service"]["id"] == online["service"]["id"] and not t["offline"])
        assert online["number"] not in {t["number"] for t in everyone}
        assert b.sync_once()["error"] is None              # its offline tickets are uploaded too
    finally:
        a.close()
        b.close()
        server.stop()
    held = server_tickets(db)
    assert all(held[t["client_id"]] == (t["service"]["id"], t["number"]) for t in shown + [held_back, online])
    assert_no_number_twice(db)
