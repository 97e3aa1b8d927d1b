"""WAL checkpoints on a thread of their own, off the writers' path.

SQLite's automatic checkpoint runs inside the COMMIT that pushes the WAL past 1,000 pages:
that one commit copies some 4 MB into the database file and fsyncs it, and every ticket
waiting for the next commit waits for it too (a commit of four tickets: 1.1 ms on average
without, 1.9 ms with, and the worst 5 ms against 118 ms; bench/server.py). The server turns
the automatic checkpoint off on its writing connection and this thread checkpoints instead,
through its own connection, in PASSIVE mode: it copies what readers no longer need and never
takes the write lock, so commits go on meanwhile.

Durability is unchanged: a commit is durable once its WAL frames are on disk
(`synchronous=FULL`), whoever later copies them into the database file. The WAL stays
bounded: the first write after a complete checkpoint starts it again from its beginning.
"""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from kiosk.periodic import PeriodicThread

log = logging.getLogger("kiosk.server")
COMMITS_PER_CHECKPOINT = 16    # about 600 WAL pages of tickets: under the 1,000 SQLite would wait for
IDLE_CHECKPOINT_SECONDS = 1.0  # a quiet lobby's last few commits still reach the database file


class Checkpointer:
    """`committed()` after each commit of the writing connection; `stop()` at shut-down."""

    def __init__(self, db_path: str | Path, every_commits: int = COMMITS_PER_CHECKPOINT,
                 idle_seconds: float = IDLE_CHECKPOINT_SECONDS):
        self.db_path, self.every_commits, self.idle_seconds = Path(db_path), every_commits, idle_seconds
        self.checkpoints = 0
        self._commits = 0
        self._conn: sqlite3.Connection | None = None
        # sqlite3.Error: a full disk, say, and the WAL waits for the next attempt
        self._thread = PeriodicThread("wal-checkpoint", self._checkpoint, idle_seconds, log=log,
                                      expected=(sqlite3.Error,), doing="WAL checkpoint",
                                      at_stop=self._last_checkpoint)

    @staticmethod
    def take_over(writer: sqlite3.Connection) -> None:
        """The writing connection stops checkpointing inside its commits."""
        writer.execute("PRAGMA wal_autocheckpoint=0")

    def start(self) -> "Checkpointer":
        self._thread.start()
        return self

    def committed(self) -> None:
        self._commits += 1
        if self._commits % self.every_commits == 0:
            self._thread.wake()

    def stop(self) -> None:
        self._thread.stop()

    def _checkpoint(self) -> None:
        if self._conn is None:
            conn = sqlite3.connect(str(self.db_path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA synchronous=FULL")   # the copy reaches the disk before the WAL restarts
            self._conn = conn
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.checkpoints += 1

    def _last_checkpoint(self) -> None:
        """At shut-down: the last commits reach the database file, then the connection closes."""
        try:
            self._checkpoint()
        finally:
            if self._conn is not None:
                self._conn.close()
