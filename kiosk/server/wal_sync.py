"""Making a database's WAL durable: the fsync the group commit waits for off the event loop
(kiosk/server/batching.py). `WalSync` is the real one; `RecordingSync` records each call and
can be held, for tests that check no batch is answered before the fsync that covers it.
`SyncThread` runs one of them on a thread of its own and tells the loop each time it returns."""
from __future__ import annotations

import asyncio
import os
import queue
import threading
from pathlib import Path
from typing import Callable


class WalSync:
    """fsync of `<database>-wal`, through a descriptor opened at the first call and kept. The
    server's connections keep that file for the server's whole run (SQLite removes the WAL
    only when its last connection closes, and nothing replaces the database of a running
    server: restore refuses while it holds the lock), and the sync thread then gives the GIL
    back once per fsync instead of three times (open, fsync, close)."""

    def __init__(self, db_path: str | Path):
        self.path = Path(f"{db_path}-wal")
        self.calls = 0
        self._descriptor: int | None = None

    def __call__(self) -> None:
        if self._descriptor is None:
            self._descriptor = os.open(self.path, os.O_RDONLY)
        os.fsync(self._descriptor)
        self.calls += 1

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


class RecordingSync:
    """Records each fsync asked for; `hold()` makes the next ones wait until `release()`, and
    `fail_with` makes them raise."""

    def __init__(self):
        self.calls = 0
        self.started = threading.Semaphore(0)
        self.fail_with: BaseException | None = None
        self._open = threading.Event()
        self._open.set()

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def __call__(self) -> None:
        self.started.release()
        self._open.wait(10)
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with


class SyncThread:
    """One thread that runs `sync` each time it is asked and hands the outcome (None, or the
    exception it raised) to a callback on the asking event loop. It is asked a few hundred
    times a second: an executor's futures, locks and thread bookkeeping would cost the loop
    more than the call itself."""

    def __init__(self, sync: Callable[[], None]):
        self._sync = sync
        self._asks: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="wal-sync", daemon=True)
        self._thread.start()

    def ask(self, done: Callable[[BaseException | None], None]) -> None:
        """Run `sync` once more; `done(outcome)` is then called on this loop."""
        self._asks.put((asyncio.get_running_loop(), done))

    def close(self) -> None:
        """Return once every sync asked for has run; then `sync` closes what it holds."""
        self._asks.put(None)
        self._thread.join()
        getattr(self._sync, "close", lambda: None)()

    def _serve(self) -> None:
        while (asked := self._asks.get()) is not None:
            loop, done = asked
            try:
                self._sync()
                outcome = None
            except BaseException as error:    # told to the loop, which refuses what this sync covered
                outcome = error
            try:
                loop.call_soon_threadsafe(done, outcome)
            except RuntimeError:              # that loop has ended: nobody waits for the answer
                pass
