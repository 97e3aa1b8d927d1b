"""Follow the server for the Kivy display: a snapshot, then the event stream, resumed from
the last event after any failure (the server replays what was missed).

Runs in its own thread and never touches Kivy: it hands everything to callbacks, which the
app moves onto the UI thread.
"""
from __future__ import annotations

import json
import logging
import threading
from typing import Callable

import requests

log = logging.getLogger("kiosk.display")

RETRY_SECONDS = (0.3, 0.6, 1.0, 2.0)
READ_TIMEOUT = 25.0     # the server sends a keepalive every 15 s


class EventFeed:
    def __init__(self, server: str, token: str | None,
                 on_state: Callable[[dict], None], on_event: Callable[[dict], None],
                 on_connected: Callable[[bool], None]):
        self.server = server.rstrip("/")
        self.last: int | None = None    # the last event delivered; the stream resumes after it
        self.on_state, self.on_event, self.on_connected = on_state, on_event, on_connected
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._refresh = threading.Event()

    def start(self) -> "EventFeed":
        self._thread = threading.Thread(target=self._run, name="display-feed", daemon=True)
        self._thread.start()
        threading.Thread(target=self._refresher, name="display-refresh", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._refresh.set()
        self.session.close()

    def refresh_soon(self) -> None:
        """Ask for a new snapshot (after events; coalesced)."""
        self._refresh.set()

    def fetch_state(self) -> dict:
        response = self.session.get(f"{self.server}/api/display/state", timeout=5)
        response.raise_for_status()
        return response.json()

    # -- threads -----------------------------------------------------------------------
    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                state = self.fetch_state()
                if self.last is None:
                    self.last = state["last_event_id"]
                self.on_state(state)
                self._stream()
            except Exception as error:  # connection lost, server restarting, bad data: retry
                log.info("display feed: %s: %s", type(error).__name__, error)
            if self._stop.is_set():
                return
            self.on_connected(False)
            self._stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
            failures += 1

    def _stream(self) -> None:
        with self.session.get(f"{self.server}/api/events", params={"since": self.last or 0}, stream=True,
                              timeout=(3, READ_TIMEOUT), headers={"Accept": "text/event-stream"}) as response:
            response.raise_for_status()
            self.on_connected(True)
            buffer = b""
            while not self._stop.is_set():
                chunk = response.raw.read1(65536)   # whatever has arrived, without waiting for more
                if not chunk:
                    break
                buffer += chunk.replace(b"\r\n", b"\n")
                while b"\n\n" in buffer:
                    frame, buffer = buffer.split(b"\n\n", 1)
                    event = parse_frame(frame.decode("utf-8"))
                    if event is not None and event["id"] > (self.last or 0):
                        self.last = event["id"]
                        self.on_event(event)
        raise requests.ConnectionError("the event stream ended")

    def _refresher(self) -> None:
        while not self._stop.is_set():
            self._refresh.wait()
            if self._stop.is_set():
                return
            self._stop.wait(0.1)          # let a burst of events settle into one snapshot
            self._refresh.clear()
            try:
                self.on_state(self.fetch_state())
            except Exception as error:
                log.info("display refresh: %s: %s", type(error).__name__, error)


def parse_frame(frame: str) -> dict | None:
    """The JSON of one Server-Sent Events frame, or None for a comment or a retry hint."""
    data = [line[5:].lstrip(" ") for line in frame.split("\n") if line.startswith("data:")]
    return json.loads("\n".join(data)) if data else None
