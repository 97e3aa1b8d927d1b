"""Fixtures for driving the real Kivy kiosk: one window per process, a real server, dummies."""
from __future__ import annotations

import pytest

from kiosk.ui.harness import prepare_kivy

prepare_kivy(1080, 1920)   # before anything opens Kivy's window


class FakeTime:
    """The flow's clock (idle and ticket timers); Kivy's own clock keeps running for real."""

    def __init__(self):
        self.t = 10_000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """`python main.py serve` on 127.0.0.1 with the bundled catalogue; yields (server, kiosk token)."""
    from tests.support import LiveServer, prepared_live_db
    db, token, _ = prepared_live_db(tmp_path_factory.mktemp("centre"))
    server = LiveServer(db).start()
    yield server, token
    server.stop()


@pytest.fixture
def config():
    from kiosk.config import load_config
    return load_config()


@pytest.fixture
def kiosk(config):
    """make(client=..., printer=..., **app kwargs) -> (harness, app); stopped after the test."""
    from kiosk.speech import DummySpeaker
    from kiosk.ui.app import KioskApp
    from kiosk.ui.harness import Harness
    from printers import DummyReceiptPrinter

    started = []

    def make(client=None, printer=None, speaker=None, size=(1080, 1920), tap_guard_seconds=0.0,
             **kwargs):
        time = FakeTime()
        app = KioskApp(config, client=client, speaker=speaker or DummySpeaker(),
                       printer=printer or DummyReceiptPrinter(), tap_guard_seconds=tap_guard_seconds,
                       now=time, **kwargs)
        app.fake_time = time
        harness = Harness(app)
        harness.resize(*size)
        harness.start()
        started.append(harness)
        return harness, app

    yield make
    for harness in started:
        harness.stop()
