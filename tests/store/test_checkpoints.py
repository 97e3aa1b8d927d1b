"""WAL checkpoints on their own thread (kiosk/store/checkpoints.py), on a real database file."""
from __future__ import annotations

import os
import shutil
import sqlite3
import time

from kiosk.store import open_store
from kiosk.store.checkpoints import Checkpointer

ROW = "x" * 3000   # about one WAL page per row


def writer(tmp_path):
    store = open_store(tmp_path / "centre.db")
    store.db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    Checkpointer.take_over(store.db.conn)
    return store


def commit_rows(store, commits: int, rows: int = 20, after=lambda: None) -> None:
    for _ in range(commits):
        store.db.conn.execute("BEGIN IMMEDIATE")
        store.db.conn.executemany("INSERT INTO notes (text) VALUES (?)", [(ROW,)] * rows)
        store.db.conn.execute("COMMIT")
        after()


def wal_bytes(tmp_path) -> int:
    return os.path.getsize(tmp_path / "centre.db-wal")


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the checkpoint thread did not run"
        time.sleep(0.005)


def test_a_writer_that_took_over_checkpoints_leaves_them_all_undone(tmp_path):
    store = writer(tmp_path)
    commit_rows(store, 100)
    assert wal_bytes(tmp_path) > 2000 * 4096   # 2,000 pages and more: SQLite would have stopped at 1,000
    store.close()


def test_the_thread_keeps_the_wal_short_and_copies_every_commit_into_the_database_file(tmp_path):
    store = writer(tmp_path)
    checkpoints = Checkpointer(tmp_path / "centre.db", every_commits=5, idle_seconds=30).start()

    commits = []

    def committed():   # the writer waits for each checkpoint, so the figures do not depend on timing
        before = checkpoints.checkpoints
        checkpoints.committed()
        commits.append(1)
        if len(commits) % 5 == 0:
            wait_until(lambda: checkpoints.checkpoints > before)
    try:
        commit_rows(store, 100, after=committed)
        largest = wal_bytes(tmp_path)
    finally:
        checkpoints.stop()
    assert largest < 6 * 20 * 2 * 4096   # six commits' pages at most: the WAL started again from its beginning

    alone = tmp_path / "copy.db"
    shutil.copyfile(tmp_path / "centre.db", alone)   # the database file without its WAL
    assert sqlite3.connect(alone).execute("SELECT count(*) FROM notes").fetchone()[0] == 2000
    store.close()


def test_a_quiet_writers_last_commits_reach_the_database_file_within_the_idle_time(tmp_path):
    store = writer(tmp_path)
    checkpoints = Checkpointer(tmp_path / "centre.db", every_commits=1000, idle_seconds=0.05).start()
    try:
        commit_rows(store, 3)
        after_commits = checkpoints.checkpoints
        wait_until(lambda: checkpoints.checkpoints >= after_commits + 2)   # one began after the commits
    finally:
        checkpoints.stop()
    alone = tmp_path / "copy.db"
    shutil.copyfile(tmp_path / "centre.db", alone)
    assert sqlite3.connect(alone).execute("SELECT count(*) FROM notes").fetchone()[0] == 60
    store.close()
