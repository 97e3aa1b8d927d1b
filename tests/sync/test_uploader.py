"""The background sync loop, driven step by step with a recording sleeper (no waiting)."""
from __future__ import annotations

import threading

from kiosk.sync.uploader import Backoff, RealSleeper, RecordingSleeper, Uploader


def test_backoff_doubles_and_caps():
    backoff = Backoff(first=0.5, factor=2, maximum=10)
    assert [backoff.delay(n) for n in range(1, 8)] == [0.5, 1, 2, 4, 8, 10, 10]


def test_loop_backs_off_while_down_and_drains_the_outbox_when_the_server_returns(kiosk, server):
    server.down = True
    shown = [kiosk.issue_ticket("1.001193") for _ in range(4)]
    sleeper = RecordingSleeper(on_sleep=lambda n: setattr(server, "down", n < 4))
    uploader = Uploader(kiosk, sleeper, idle_seconds=5.0)
    uploader.run(max_rounds=7)
    assert sleeper.sleeps == [0.5, 1, 2, 4, 5.0, 5.0, 5.0]
    assert kiosk.status() == {**kiosk.status(), "online": True, "outbox": 0}
    assert {t["client_id"]: t["number"] for t in server.tickets()} == {t["client_id"]: t["number"] for t in shown}


def test_loop_survives_an_unexpected_error(kiosk, monkeypatch):
    calls = []

    def broken():
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return {"uploaded": [], "rejected": [], "error": None}
    monkeypatch.setattr(kiosk, "sync_once", broken)
    sleeper = RecordingSleeper()
    Uploader(kiosk, sleeper, idle_seconds=3).run(max_rounds=2)
    assert sleeper.sleeps == [0.5, 3] and len(calls) == 2


def test_background_thread_stops_promptly_when_asked(kiosk):
    ran = threading.Event()
    original = kiosk.sync_once

    def sync_once():
        ran.set()
        return original()
    kiosk.sync_once = sync_once
    uploader = Uploader(kiosk, RealSleeper(), idle_seconds=3600).start()
    assert ran.wait(10)
    thread = uploader._thread
    uploader.stop(timeout=10)
    assert not thread.is_alive()


def test_sync_now_cuts_the_wait_short(kiosk):
    rounds = threading.Semaphore(0)
    original = kiosk.sync_once

    def sync_once():
        result = original()
        rounds.release()
        return result
    kiosk.sync_once = sync_once
    uploader = Uploader(kiosk, RealSleeper(), idle_seconds=3600).start()
    try:
        assert rounds.acquire(timeout=10)
        uploader.sync_now()
        assert rounds.acquire(timeout=10)          # a second round long before an hour
    finally:
        uploader.stop()


def test_start_kiosk_sync_runs_the_loop_against_a_live_server_and_stops(tmp_path, config):
    from kiosk.sync import start_kiosk_sync
    from tests.support import LiveServer, prepared_live_db
    db, token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as live:
        client, uploader = start_kiosk_sync(config, live.url, token, tmp_path / "kiosk.db")
        try:
            deadline = 200
            while len(client.journal.blocks()) < 5 and deadline:    # the first round keeps the series state
                deadline -= 1
                threading.Event().wait(0.05)
            assert {b["service_id"] for b in client.journal.blocks()} == {"HT", "CT", "XH", "KD", "VH"}
            assert client.status()["online"] is True
        finally:
            uploader.stop()
            client.close()


def test_a_ticket_issued_online_after_an_outage_wakes_the_uploader(kiosk, server, monotonic):
    sleeper = RecordingSleeper()
    Uploader(kiosk, sleeper)
    server.down = True
    kiosk.issue_ticket("1.001193")
    assert sleeper.woken == 0
    server.down = False
    monotonic.now += kiosk.retry_online_seconds
    kiosk.issue_ticket("1.001193")                      # online again: the outbox should not wait for a backoff
    assert sleeper.woken == 1
    kiosk.issue_ticket("1.001193")
    assert sleeper.woken == 1                           # once per reconnection
