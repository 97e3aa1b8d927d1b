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
import threading
from pathlib import Path

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
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._loop, name="wal-checkpoint", daemon=True)

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
            self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        conn = sqlite3.connect(str(self.db_path), isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=FULL")   # the copy reaches the disk before the WAL restarts
            while not self._stop.is_set():
                self._wake.wait(self.idle_seconds)
                self._wake.clear()
                self._checkpoint(conn)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.checkpoints += 1
        except sqlite3.Error as error:    # a full disk, say: the WAL waits for the next attempt
            log.error("WAL checkpoint failed: %s", error)
