"""The rating tablet driven in a real Kivy window (under Xvfb) with a scripted server."""
import os
import time

import pytest


os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
from kivy.config import Config  # noqa: E402

Config.set("graphics", "width", "1280")
Config.set("graphics", "height", "800")

from kiosk.sync.client import ApiError  # noqa: E402


class FakeServer:
    def __init__(self):
        self.pending_ticket = None
        self.calls = []

    def pending(self):
        return self.pending_ticket

    def rate(self, ticket_id, rating):
        self.calls.append(("rate", ticket_id, rating))
        if any(c[0] == "rate" and c[1] == ticket_id for c in self.calls[:-1]):
            raise ApiError(409, {"message": "Phiếu này đã được đánh giá. Xin cảm ơn!"})
        self.pending_ticket = None
        return {"rating": rating}

    def add_reason(self, ticket_id, reason):
        self.calls.append(("reason", ticket_id, reason))
        return {"reason": reason}


@pytest.fixture
def tablet():
    from kivy.base import EventLoop
    from kivy.core.window import Window

    from kiosk.rating.app import RatingApp
    EventLoop.ensure_window()
    server = FakeServer()
    app = RatingApp(server, "Quầy 3", poll_seconds=3600, run_in_thread=lambda job: job())
    root = app.build()
    Window.add_widget(root)

    def pump(frames=3):
        for _ in range(frames):
            EventLoop.idle()
            time.sleep(0.01)
    pump()
    yield app, server, pump
    app.on_stop()
    Window.remove_widget(root)


def tap(widget, pump):
    widget.dispatch("on_release")
    pump()


def test_idle_then_rate_then_reason_then_thanks(tablet, screens):
    app, server, pump = tablet
    assert app.screen == "idle"
    server.pending_ticket = {"ticket_id": 7, "number": 2015, "service": "Chứng thực"}
    app.poll()
    pump()
    assert app.screen == "rate" and app.ticket_label.text == "Số 2015 · Chứng thực"
    pump(4)
    app.root_widget.export_to_png(str(screens / "rating-tablet.png"))
    tap(app.face_buttons["neutral"], pump)
    assert server.calls == [("rate", 7, "neutral")] and app.screen == "reason"
    pump(4)
    app.root_widget.export_to_png(str(screens / "rating-tablet-reason.png"))
    tap(app.reason_buttons["long_wait"], pump)
    assert server.calls[-1] == ("reason", 7, "long_wait") and app.screen == "thanks"


def test_very_satisfied_skips_the_reason(tablet):
    app, server, pump = tablet
    server.pending_ticket = {"ticket_id": 8, "number": 1004, "service": "Hộ tịch"}
    app.poll()
    pump()
    tap(app.face_buttons["very_satisfied"], pump)
    assert app.screen == "thanks" and server.calls == [("rate", 8, "very_satisfied")]


def test_nothing_to_rate_goes_back_to_idle_and_a_refusal_is_shown(tablet):
    app, server, pump = tablet
    server.pending_ticket = {"ticket_id": 9, "number": 1005, "service": "Hộ tịch"}
    app.poll()
    pump()
    server.calls.append(("rate", 9, "satisfied"))         # rated already (e.g. from the ticket page)
    tap(app.face_buttons["satisfied"], pump)
    assert app.screen == "rate" and "đã được đánh giá" in app.rate_error.text
    server.pending_ticket = None
    app.poll()
    pump()
    assert app.screen == "idle"


def test_server_down_keeps_waiting(tablet):
    from kiosk.sync.client import ServerUnavailable
    app, server, pump = tablet

    def down():
        raise ServerUnavailable("refused")
    server.pending = down
    app.poll()
    pump()
    assert app.screen == "idle" and "kết nối lại" in app.status.text
