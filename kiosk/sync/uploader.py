"""The background sync loop: uploads the outbox in order when the server is back, keeps the
catalogue cache and the offline series state fresh. Retries with exponential backoff.

Time is injected: `Sleeper` (real: an Event that `wake()` interrupts; dummy: records the
sleeps and returns at once), so tests run the loop step by step without waiting.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Protocol

from kiosk.sync.sync_client import SyncClient

log = logging.getLogger(__name__)


class Sleeper(Protocol):
    def sleep(self, seconds: float) -> None: ...
    def wake(self) -> None: ...


class RealSleeper:
    """Sleeps on an Event, so `wake()` (stop, or "sync now") ends the sleep at once."""

    def __init__(self):
        self._event = threading.Event()

    def sleep(self, seconds: float) -> None:
        self._event.wait(seconds)
        self._event.clear()

    def wake(self) -> None:
        self._event.set()


class RecordingSleeper:
    """Never sleeps; records each requested delay. `on_sleep(n)` runs before returning, so a
    test can change the world between steps (bring the server back, for example)."""

    def __init__(self, on_sleep: Callable[[int], None] | None = None):
        self.sleeps: list[float] = []
        self.woken = 0
        self.on_sleep = on_sleep

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.on_sleep:
            self.on_sleep(len(self.sleeps))

    def wake(self) -> None:
        self.woken += 1


@dataclass(frozen=True)
class Backoff:
    first: float = 0.5
    factor: float = 2.0
    maximum: float = 10.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failed rounds (failures >= 1)."""
        return min(self.maximum, self.first * self.factor ** max(0, failures - 1))


class Uploader:
    def __init__(self, client: SyncClient, sleeper: Sleeper | None = None, idle_seconds: float = 5.0,
                 backoff: Backoff = Backoff(), heartbeat=None):
        self.client = client
        self.heartbeat = heartbeat      # kiosk/sync/heartbeat.Heartbeat, sent on rounds that reached the server
        self.sleeper = sleeper or RealSleeper()
        self.idle_seconds = idle_seconds
        self.backoff = backoff
        self.failures = 0
        self.last_result: dict | None = None
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        client.on_reconnect = self.sync_now     # a ticket issued online again: upload without waiting

    def step(self) -> float:
        """One sync round; returns how long to sleep before the next."""
        try:
            result = self.client.sync_once()
        except Exception as error:  # the loop must outlive any surprise (a disk error, a bug)
            log.exception("sync round failed")
            result = {"error": f"{type(error).__name__}: {error}", "uploaded": [], "rejected": []}
        self.last_result = result
        if result.get("uploaded"):
            log.info("uploaded %d offline tickets", len(result["uploaded"]))
        if result.get("error"):
            self.failures += 1
            return self.backoff.delay(self.failures)
        self.failures = 0
        if self.heartbeat is not None and self.heartbeat.due():
            try:
                self.heartbeat.send()
            except Exception:     # a report that cannot be made must not stop the uploads
                log.exception("heartbeat failed")
        return self.idle_seconds

    def run(self, max_rounds: int | None = None) -> None:
        """Loop until stop() (or `max_rounds`, for tests)."""
        rounds = 0
        while not self._stopped.is_set() and (max_rounds is None or rounds < max_rounds):
            delay = self.step()
            rounds += 1
            if self._stopped.is_set():
                break
            self.sleeper.sleep(delay)

    def start(self) -> "Uploader":
        self._stopped.clear()
        self._thread = threading.Thread(target=self.run, name="kiosk-sync", daemon=True)
        self._thread.start()
        return self

    def sync_now(self) -> None:
        """Cut the current wait short (e.g. staff pressed "sync")."""
        self.failures = 0
        self.sleeper.wake()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopped.set()
        self.sleeper.wake()
        if self._thread:
            self._thread.join(timeout)
            self._thread = None
