"""The watchdog heartbeat from a real Kivy app's UI loop, received on a real AF_UNIX
datagram socket standing in for systemd's $NOTIFY_SOCKET; a frozen UI loop stops it."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from kiosk import PROJECT_ROOT
from kiosk.service import RecordingNotifier

# The lobby display (no server) with the heartbeat; 2.5 s after its first frame, a callback on the UI thread
# says so and then blocks the loop, as a hung call in the UI would.
DRIVER = """
import os, sys, time
os.environ["KIVY_NO_ARGS"] = "1"
from kivy.config import Config
Config.set("graphics", "width", "640"); Config.set("graphics", "height", "360")
from kivy.clock import Clock
from kiosk.config import load_config
from kiosk.service import sd_notify
from kiosk.speech import DummySpeaker
from kiosk.ui.display.app import DisplayApp
from kiosk.ui.heartbeat import start_heartbeat
start_heartbeat(status="lobby display running")
def freeze(_dt):
    sd_notify("STATUS=freezing")
    time.sleep(60)
Clock.schedule_once(lambda _dt: Clock.schedule_once(freeze, 2.5), 0)   # 2.5 s after the first frame
DisplayApp(load_config(), server=None, speaker=DummySpeaker()).run()
"""


def receive(sock: socket.socket, seconds: float) -> list[tuple[float, str]]:
    got, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            got.append((time.monotonic(), sock.recv(4096).decode()))
        except socket.timeout:
            break
    return got


@pytest.mark.slow
def test_heartbeats_come_from_the_ui_loop_and_stop_when_it_freezes(tmp_path):
    path = str(tmp_path / "notify")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(path)
        env = {**os.environ, "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "1000000", "KIVY_NO_CONSOLELOG": "1"}
        app = subprocess.Popen([sys.executable, "-c", DRIVER], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            before, after = receive_until(sock, "STATUS=freezing", 60)
            after += receive(sock, 3.0)
            still_running = app.poll() is None
        finally:
            app.kill()
            app.wait(timeout=10)
    messages = [text for _t, text in before]
    assert messages[0] == "READY=1\nSTATUS=lobby display running", app.stderr.read().decode()[-2000:]
    beats = [t for t, text in before if text == "WATCHDOG=1"]
    assert len(beats) >= 3                                  # every 0.5 s (half of WatchdogSec=1) for 2.5 s
    assert still_running and after == []                    # alive but frozen: no heartbeat for 3 s


def receive_until(sock: socket.socket, marker: str, seconds: float) -> tuple[list, list]:
    """(messages before `marker`, messages after it so far)."""
    got, deadline = [], time.monotonic() + seconds
    while marker not in [text for _t, text in got]:
        if time.monotonic() >= deadline:
            raise AssertionError(f"no {marker!r} within {seconds} s; got {[text for _t, text in got]}")
        got += receive(sock, min(1.0, deadline - time.monotonic()))
    split = [text for _t, text in got].index(marker)
    return got[:split], got[split + 1:]


def test_heartbeat_is_scheduled_on_the_kivy_clock():
    from kivy.clock import Clock

    from kiosk.ui.heartbeat import start_heartbeat
    notifier = RecordingNotifier()
    event = start_heartbeat(notifier, seconds=0.05, status="x")
    try:
        deadline = time.monotonic() + 5
        while notifier.sent.count("WATCHDOG=1") < 2 and time.monotonic() < deadline:
            Clock.tick()
            time.sleep(0.01)
    finally:
        event.cancel()
    assert notifier.sent[0] == "READY=1\nSTATUS=x" and notifier.sent.count("WATCHDOG=1") >= 2
    sent = len(notifier.sent)
    time.sleep(0.2)                                          # the Clock does not turn: no beat
    assert len(notifier.sent) == sent


def test_no_service_manager_no_heartbeat(monkeypatch):
    from kiosk.ui.heartbeat import start_heartbeat
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert start_heartbeat() is None
