"""kiosk/store/backup.py: rotation, a backup killed midway, and the backup before an upgrade."""
from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.store import open_store
from kiosk.store.backup import backups_to_keep, list_backups, rotate, sha256, take_backup
from kiosk.store.migrations import MIGRATIONS
from tests.support import LiveServer

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "release-0.1.db"


def daily(first: str, last: str, at: str = "12:15") -> list[datetime]:
    day, end = datetime.fromisoformat(f"{first}T{at}"), datetime.fromisoformat(f"{last}T{at}")
    found = []
    while day <= end:
        found.append(day)
        day += timedelta(days=1)
    return found


def test_rotation_keeps_the_last_14_days_and_the_last_8_weeks():
    taken = daily("2026-09-01", "2026-11-30")                   # 2026-11-30 is a Monday
    taken.append(datetime(2026, 11, 30, 9, 0))                  # an earlier manual backup that day
    kept = sorted(backups_to_keep(taken))
    days = [d.strftime("%m-%d") for d in kept]
    # the newest of each of the last 8 ISO weeks: Monday 30 Nov, then Sundays back to 18 Oct
    weekly = ["10-18", "10-25", "11-01", "11-08", "11-15"]
    assert days == weekly + [f"11-{d}" for d in range(17, 31)]
    assert datetime(2026, 11, 30, 9, 0) not in kept and datetime(2026, 11, 30, 12, 15) in kept


def test_rotation_counts_days_with_backups_not_calendar_days():
    taken = [datetime(2026, 1, 5, 12, 15), datetime(2026, 3, 2, 12, 15)]   # the server was off for weeks
    assert backups_to_keep(taken) == set(taken)


def test_rotate_deletes_backups_with_their_manifests_and_keeps_those_before_a_migration(tmp_path):
    for moment in daily("2026-11-01", "2026-11-30"):
        for suffix in ("", ".json"):
            (tmp_path / f"centre-{moment:%Y%m%d-%H%M%S}.db{suffix}").write_text("x")
    (tmp_path / "centre-20261102-080000-before-v6.db").write_text("x")
    deleted = rotate(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(deleted) == 30 - 14 - 3           # and the Sundays 1, 8 and 15 Nov stay as their weeks' newest
    assert "centre-20261102-080000-before-v6.db" in names
    assert "centre-20261101-121500.db" in names and "centre-20261102-121500.db" not in names
    assert "centre-20261102-121500.db.json" not in names and "centre-20261130-121500.db.json" in names


def big_database(path: Path) -> None:
    """A product database of some 40 MB, so that a copy takes long enough to be killed midway."""
    store = open_store(path)
    with store.write():
        store.db.conn.executemany("INSERT INTO events (type, at, data) VALUES ('ticket.note', ?, ?)",
                                  [(f"2026-11-20T08:{i % 60:02d}:00", "x" * 400) for i in range(100_000)])
    store.close()


def test_killing_a_backup_midway_never_damages_the_previous_backup_or_the_live_database(tmp_path):
    db = tmp_path / "centre.db"
    big_database(db)
    previous = take_backup(db, None, datetime(2026, 11, 20, 12, 15))
    fingerprint, live = sha256(previous), sha256(db)
    killed_midway = 0
    for _ in range(4):
        process = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "backup", "--db", str(db)],
                                   cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None and not list((tmp_path / "backups").glob(".*.partial")):
            time.sleep(0.002)
        time.sleep(random.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        if process.returncode == -signal.SIGKILL and list((tmp_path / "backups").glob(".*.partial")):
            killed_midway += 1
        for finished in list_backups(tmp_path / "backups"):                    # no half copy under a real name
            assert json.loads(Path(f"{finished}.json").read_text())["sha256"] == sha256(finished)
        assert sha256(previous) == fingerprint and sha256(db) == live
        for path in (previous, db):
            assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert killed_midway >= 3                  # the kills landed inside the copy, not before or after it
    after = take_backup(db, None, datetime(2026, 11, 21, 12, 15))             # and the next backup still works
    assert json.loads(Path(f"{after}.json").read_text())["row_counts"]["events"] == 100_000


def rows(path: Path, table: str, columns: list[str]) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def columns_of(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def _unexpired(new: tuple, old: tuple) -> tuple:
    """`new` with status and finished_at as in `old` when the roll-over expired it (waiting -> expired)."""
    status, finished = columns_of(FIXTURE, "tickets").index("status"), columns_of(FIXTURE, "tickets").index("finished_at")
    if (old[status], new[status]) != ("waiting", "expired"):
        return new
    return tuple(old[i] if i in (status, finished) else value for i, value in enumerate(new))


def test_starting_the_new_release_on_a_release_0_1_database_backs_up_then_loses_no_row(tmp_path):
    db = tmp_path / "centre.db"
    shutil.copy(FIXTURE, db)
    tables = ["tickets", "events", "ratings", "audit"]
    before = {t: rows(db, t, columns_of(db, t)) for t in tables}
    assert all(before[t] for t in tables)                         # the fixture holds rows of every kind
    with LiveServer(db):
        pass                                                      # `main.py serve` migrates at start
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    for table in tables:                                          # old columns compared row by row
        after = rows(db, table, columns_of(FIXTURE, table))
        if table == "tickets":                                    # the start's roll-over expires last days' tickets
            after = [_unexpired(new, old) for new, old in zip(after, before[table])]
        assert after[:len(before[table])] == before[table], table
    [backup] = list_backups(tmp_path / "backups")
    assert backup.name.endswith(f"-before-v{len(MIGRATIONS)}.db")
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == 4
    assert {t: rows(backup, t, columns_of(FIXTURE, t)) for t in tables} == before   # the backup is the old database
    assert json.loads(Path(f"{backup}.json").read_text())["schema_version"] == 4
