"""The Kivy lobby display, rendered in a real window (Xvfb): fed events by hand, then
following a real server through a kill and restart. Asserts what it shows and what the
speaker was asked to say, in order."""
from __future__ import annotations

import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests


COUNTERS = [{"id": i, "name": f"Quầy {i}", "services": ["HT"], "current": None} for i in range(1, 6)]
SERVICES = [{"id": "HT", "name": "Hộ tịch", "waiting_count": 7,
             "waiting": [{"id": n, "number": n, "priority": "elderly" if n == 1004 else None}
                         for n in range(1004, 1011)]},
            {"id": "CT", "name": "Chứng thực", "waiting_count": 0, "waiting": []},
            {"id": "XH", "name": "Bảo trợ xã hội – Người có công", "short_name": "Bảo trợ, người có công",
             "waiting_count": 1, "waiting": [{"id": 3001, "number": 3001, "priority": None}]}]


def frames(count: int = 3) -> None:
    from kivy.base import EventLoop
    for _ in range(count):
        EventLoop.idle()


def wait_until(condition, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        frames(1)
        time.sleep(0.01)


@pytest.fixture
def display(config):
    """make(**kwargs) -> a DisplayApp built in a 1920x1080 window; stopped after the test."""
    from kivy.app import App
    from kivy.base import EventLoop

    from kiosk.speech import DummySpeaker
    from kiosk.ui.display.app import DisplayApp
    EventLoop.ensure_window()
    window = EventLoop.window
    window.size = (1920, 1080)
    started = []

    def make(**kwargs):
        kwargs.setdefault("speaker", DummySpeaker())
        kwargs.setdefault("now", lambda: datetime(2026, 11, 23, 8, 15, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
        app = DisplayApp(config, **kwargs)
        app._run_prepare()
        started.append(app)
        wait_until(lambda: tuple(window.size) == (1920, 1080), 3, "the window size")
        frames(3)
        return app

    yield make
    for app in started:
        app.dispatch("on_stop")
        if app.root is not None and app.root.parent is not None:
            window.remove_widget(app.root)
        App._running_app = None
    frames(1)


def call(event_id, number, counter_id, kind="ticket.called", status="called"):
    return {"id": event_id, "type": kind, "at": "2026-11-23T08:15:00+07:00", "counter_id": counter_id,
            "data": {"number": number}, "ticket": {"id": number, "number": number, "status": status,
                                                   "counter": {"id": counter_id, "name": f"Quầy {counter_id}"}}}


def drawn_text(label) -> str:
    """The words Kivy actually drew (a shortened label draws "Âm...tắt")."""
    label.texture_update()
    return " ".join(word.text for line in label._label._cached_lines for word in line.words)


def screenshot(app, path: Path) -> Path:
    from kivy.base import EventLoop
    app.root.canvas.ask_update()
    frames(3)
    saved = EventLoop.window.screenshot(name=str(path.with_suffix("")) + ".png")
    Path(saved).replace(path)
    return path


def test_each_call_is_shown_and_announced_in_turn(display, config, screens):
    app = display()
    counters = [dict(c) for c in COUNTERS]
    counters[2]["current"] = {"number": 1003}
    app.handle_state({"settings": {"centre": config.centre.name, "opening_hours": config.centre.opening_hours,
                                   "message": config.centre.display_message},
                      "overview": {"counters": counters, "services": SERVICES},
                      "calls": [{"event_id": 9, "type": "ticket.called", "number": 1003, "counter_id": 3,
                                 "counter_name": "Quầy 3"}], "last_event_id": 10})
    app.handle_connected(True)
    assert app.speaker.spoken == []                       # a snapshot is never announced
    app.handle_event(call(11, 1001, 1))
    app.handle_event(call(12, 1002, 2))                   # at the same moment as 1001
    app.handle_event(call(13, 1001, 1, kind="ticket.recalled"))
    app.handle_event(call(14, 1000, 4, status="done"))    # replayed, the citizen has left
    frames(3)
    shown = app.screen.labels()
    assert shown["latest"] == ("1000", "Quầy 4")
    assert shown["history"] == [("1001", "Quầy 1"), ("1002", "Quầy 2"), ("1001", "Quầy 1"), ("1003", "Quầy 3")]
    assert shown["counters"][3] == ("Quầy 3", "1003") and shown["counters"][5] == ("Quầy 5", "—")
    # the next numbers that fit the row (never cut), the rest counted; the short name as the label
    assert shown["waiting"]["HT"].startswith("[color=8a1c1c]1004[/color]  1005  1006")
    listed = shown["waiting"]["HT"].count("  ") + 1
    assert shown["more"]["HT"] == f"+{7 - listed}"
    assert shown["names"]["XH"] == "Bảo trợ, người có công" and shown["more"]["XH"] == ""
    for row in app.screen.service_rows.values():
        assert row.next.font_size >= 0.06 * 1080
        row.next.texture_update()
        assert row.next.texture_size[0] <= row.next.width
    assert shown["sound_off"] is False
    assert shown["offline"] is False and shown["centre"] == config.centre.name
    assert shown["message"] == config.centre.display_message
    assert app.speaker.spoken == [("Mời công dân có số thứ tự 1001 đến quầy số 1", "announcement"),
                                  ("Mời công dân có số thứ tự 1002 đến quầy số 2", "announcement"),
                                  ("Mời công dân có số thứ tự 1001 đến quầy số 1", "announcement")]
    assert {11, 12, 13, 14} <= app.screen.fresh_ids
    numbers = [app.screen.latest_number] + [row.number for row in app.screen.history] + \
        [cell.number for cell in app.screen.counter_cells.values()]
    assert min(label.font_size for label in numbers) >= 0.1 * 1080     # legible from 5 m
    screenshot(app, screens / "display-kivy-1920x1080.png")
    app.handle_connected(False)
    assert app.screen.labels()["offline"] is True
    frames(2)
    screenshot(app, screens / "display-kivy-offline.png")


def test_the_corner_says_when_calls_go_unspoken(display, screens):
    from kiosk.speech import DummySpeaker
    speaker = DummySpeaker()
    speaker.problem = "espeak-ng is not installed"
    app = display(speaker=speaker)
    app.handle_connected(False)
    frames(3)
    assert app.screen.labels()["sound_off"] is True and app.screen.sound_badge.label.text == "Âm thanh đang tắt"
    for label in (app.screen.sound_badge.label, app.screen.badge.label, app.screen.latest_counter):
        assert drawn_text(label) == label.text                # nothing shortened to "..."
    header = app.screen.centre.parent
    for notice in (app.screen.badge, app.screen.sound_badge):
        x, y = notice.to_window(*notice.pos)
        assert header.y <= y and y + notice.height <= header.top      # in the header, over no call
    screenshot(app, screens / "display-kivy-sound-off.png")


def test_the_kivy_display_follows_a_real_server_through_a_restart(display, tmp_path):
    from tests.support import LiveServer, login, prepared_live_db
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    kiosk = {"Authorization": f"Bearer {kiosk_token}"}
    with LiveServer(db) as server:
        for _ in range(3):
            requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                          "client_id": str(uuid.uuid4())}, headers=kiosk, timeout=10)
        app = display(server=server.url)
        wait_until(lambda: app.board.connected, what="the first connection")
        staff = login(server.url)
        first = requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).json()
        wait_until(lambda: app.screen.labels()["latest"] == (str(first["number"]), "Quầy 1"), what="the first call")
        wait_until(lambda: app.screen.labels()["counters"].get(1) == ("Quầy 1", str(first["number"])),
                   what="the counter's number from the refreshed snapshot")

        server.kill()
        wait_until(lambda: app.screen.labels()["offline"], what="the offline badge")
        server.start()
        wait_until(lambda: not app.screen.labels()["offline"], what="reconnecting")
        second = requests.post(f"{server.url}/api/counters/2/next", headers=login(server.url), timeout=10).json()
        wait_until(lambda: app.screen.labels()["latest"] == (str(second["number"]), "Quầy 2"), what="a call after restart")
        assert [text for text, _ in app.speaker.spoken] == [
            f"Mời công dân có số thứ tự {first['number']} đến quầy số 1",
            f"Mời công dân có số thứ tự {second['number']} đến quầy số 2"]
