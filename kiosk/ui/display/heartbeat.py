"""The lobby display's heartbeat: every 30 s, what the kiosk's sync loop sends too (version,
speech working, free disk, clock offset), so the admin's Devices page shows the display."""
from __future__ import annotations

import threading
from types import SimpleNamespace

from kiosk.clock import Clock
from kiosk.sync.client import ServerClient
from kiosk.sync.heartbeat import Heartbeat


class DisplayHeartbeat:
    def __init__(self, server: str, token: str, timezone: str, speaker, every_seconds: float = 30.0):
        self.connection = ServerClient(server, token, timeout=5)
        device = SimpleNamespace(server=self.connection, clock=Clock(timezone), journal=None)
        self.beat = Heartbeat(device, parts=lambda: (None, speaker), every_seconds=every_seconds)
        self._stop = threading.Event()

    def start(self) -> "DisplayHeartbeat":
        threading.Thread(target=self._run, name="display-heartbeat", daemon=True).start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat.send()
            self._stop.wait(self.beat.every_seconds)

    def stop(self) -> None:
        self._stop.set()
        self.connection.close()
