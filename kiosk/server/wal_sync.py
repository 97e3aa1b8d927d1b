"""Making a database's WAL durable: the fsync the group commit waits for off the event loop
(kiosk/server/batching.py). `WalSync` is the real one; `RecordingSync` records each call and
can be held, for tests that check no batch is answered before the fsync that covers it."""
from __future__ import annotations

import os
import threading
from pathlib import Path


class WalSync:
    """fsync of `<database>-wal`. The file is opened for each call: it is the inode that holds
    SQLite's frames whatever descriptor asks, and a WAL SQLite recreated is never missed."""

    def __init__(self, db_path: str | Path):
        self.path = Path(f"{db_path}-wal")
        self.calls = 0

    def __call__(self) -> None:
        descriptor = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        self.calls += 1


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
