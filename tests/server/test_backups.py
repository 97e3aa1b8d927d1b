"""kiosk/server/backups.py: the daily backup thread, and the health figures (real server)."""
from __future__ import annotations

import time
from datetime import datetime

import requests

from kiosk.clock import FakeClock
from kiosk.server.backups import DailyBackups
from kiosk.store import open_store
from kiosk.store.backup import list_backups
from tests.support import LiveServer, prepared_live_db, run_cli


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_daily_backup_runs_once_a_day_after_its_time(tmp_path):
    db = tmp_path / "centre.db"
    open_store(db).close()
    clock = FakeClock("2026-11-20T12:10:00")
    backups = DailyBackups(db, "12:15", clock, poll_seconds=0.05).start()
    try:
        time.sleep(0.5)
        assert list_backups(tmp_path / "backups") == []                  # not before its time
        clock.set("2026-11-20T12:16:00")
        assert wait_for(lambda: len(list_backups(tmp_path / "backups")) == 1)
        time.sleep(0.5)
        assert [b.name for b in list_backups(tmp_path / "backups")] == ["centre-20261120-121600.db"]   # once
        clock.set("2026-11-21T12:15:00")
        assert wait_for(lambda: len(list_backups(tmp_path / "backups")) == 2)
    finally:
        backups.stop()


def test_a_restart_after_the_backup_time_still_takes_that_days_backup(tmp_path):
    db = tmp_path / "centre.db"
    open_store(db).close()
    backups = DailyBackups(db, "12:15", FakeClock("2026-11-20T14:00:00"))
    assert backups.due(datetime.fromisoformat("2026-11-20T14:00:00+07:00"))
    backups.run_once()
    assert not backups.due(datetime.fromisoformat("2026-11-20T14:01:00+07:00"))
    assert not backups.due(datetime.fromisoformat("2026-11-21T12:14:00+07:00"))


def test_health_tells_database_size_last_backup_free_disk_and_uptime_without_paths(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        health = requests.get(f"{server.url}/api/health", timeout=10)
        first = health.json()
        assert first["last_backup_at"] is None
        assert first["database_bytes"] >= db.stat().st_size > 0
        assert first["disk_free_bytes"] > 0 and first["uptime_seconds"] >= 0
        assert str(tmp_path) not in health.text                         # public: no paths
        run_cli("backup", db=db)
        [backup] = list_backups(tmp_path / "backups")
        stamp = backup.name.removeprefix("centre-").removesuffix(".db")
        second = requests.get(f"{server.url}/api/health", timeout=10).json()
        assert datetime.fromisoformat(second["last_backup_at"]).strftime("%Y%m%d-%H%M%S") == stamp
