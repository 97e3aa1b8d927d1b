"""The server's daily backup, and the health figures about the database's disk.

A background thread (never the event loop: a backup of a large database takes seconds)
wakes every `poll_seconds` and backs up when today's backup time (config
`server.backup_time`, centre time) has passed and backups/ holds no backup taken since then.
Looking at the folder rather than remembering makes a restart at 14:00, after the server was
off at 12:15, still take that day's backup. Then it rotates (14 daily + 8 weekly).
"""
from __future__ import annotations

import logging
import shutil
import time
from datetime import datetime, time as time_of_day
from pathlib import Path

from kiosk.clock import Clock
from kiosk.periodic import PeriodicThread
from kiosk.store.backup import BackupError, backup_time, list_backups, rotate, take_backup
from kiosk.store.integrity import backups_folder

log = logging.getLogger("kiosk.server")
RETRY_AFTER_FAILURE_SECONDS = 600


class DailyBackups:
    def __init__(self, db_path: str | Path, at: str, clock: Clock, poll_seconds: float = 30):
        self.db_path, self.clock, self.poll_seconds = Path(db_path), clock, poll_seconds
        hours, minutes = (int(part) for part in at.split(":"))
        self.at = time_of_day(hours, minutes)
        self.last_error: str | None = None
        self._thread = PeriodicThread("daily-backup", self._back_up_if_due, poll_seconds, log=log,
                                      expected=(BackupError, OSError), doing="daily backup")

    def start(self) -> "DailyBackups":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._thread.stop()

    def due(self, now: datetime) -> bool:
        """Whether today's backup time has passed with no backup taken since."""
        since = datetime.combine(now.date(), self.at)
        if now.replace(tzinfo=None) < since:
            return False
        return not any(backup_time(b) >= since for b in list_backups(backups_folder(self.db_path)))

    def run_once(self) -> Path:
        path = take_backup(self.db_path, None, self.clock.now())
        rotate(path.parent)
        return path

    def _back_up_if_due(self) -> float | None:
        """One look at the clock and the folder; after a failure, the next look waits longer."""
        if not self.due(self.clock.now()):
            return None
        try:
            log.info("daily backup written: %s", self.run_once())
            self.last_error = None
        except (BackupError, OSError) as error:
            self.last_error = str(error)
            log.error("daily backup failed: %s", error)
            return RETRY_AFTER_FAILURE_SECONDS
        return None


def health_fields(db_path: str | Path | None, started_monotonic: float) -> dict:
    """What `GET /api/health` tells about the database's disk: sizes, free space and times only."""
    uptime = round(time.monotonic() - started_monotonic)
    if db_path in (None, ":memory:"):
        return {"database_bytes": None, "last_backup_at": None, "disk_free_bytes": None, "uptime_seconds": uptime}
    path = Path(db_path)
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    backups = list_backups(backups_folder(path))
    return {"database_bytes": size,
            "last_backup_at": backup_time(backups[-1]).isoformat(timespec="seconds") if backups else None,
            "disk_free_bytes": shutil.disk_usage(path.resolve().parent).free, "uptime_seconds": uptime}
