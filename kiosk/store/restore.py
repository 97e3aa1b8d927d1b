"""Restoring a backup over the centre database, only while no server uses it
(kiosk/store/server_lock.py). The current database is kept aside, renamed with the time,
together with its -wal file so that it still opens as it was."""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from kiosk.store.backup import BackupError, fsync_folder, integrity_problem
from kiosk.store.integrity import SQLITE_HEADER
from kiosk.store.migrations import MIGRATIONS
from kiosk.store.server_lock import DatabaseInUse, hold_database

PRODUCT_TABLES = {"meta", "services", "counters", "procedures", "tickets", "events"}


def restore(backup: str | Path, db_path: str | Path, now: datetime) -> Path | None:
    """Put the backup in place of `db_path`; return where the old database was kept (None if
    there was none). BackupError (Vietnamese) if the server runs or the file is unfit."""
    backup, db_path = Path(backup), Path(db_path)
    try:
        lock = hold_database(db_path)
    except DatabaseInUse:
        raise BackupError(f"Máy chủ đang chạy trên {db_path}: hãy dừng máy chủ trước khi khôi phục "
                          f"(không khôi phục khi máy chủ đang ghi dữ liệu).") from None
    try:
        check_backup(backup)
        staged = db_path.with_name(f".{db_path.name}.restoring")
        shutil.copyfile(backup, staged)
        with open(staged, "rb+") as file:
            os.fsync(file.fileno())
        kept = _keep_aside(db_path, now)
        os.replace(staged, db_path)
        fsync_folder(db_path.parent)
        return kept
    finally:
        lock.release()


def check_backup(path: Path) -> None:
    """BackupError unless `path` is a sound database of this product."""
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} không phải là cơ sở dữ liệu SQLite.")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problem = integrity_problem(conn)
        if problem:
            raise BackupError(f"Tệp sao lưu {path} bị hỏng ({problem}); không khôi phục.")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if not PRODUCT_TABLES <= tables or not 1 <= version <= len(MIGRATIONS):
        raise BackupError(f"{path} không phải là cơ sở dữ liệu của hệ thống xếp hàng này "
                          f"(thiếu bảng {', '.join(sorted(PRODUCT_TABLES - tables)) or '-'}, phiên bản {version}).")


def _keep_aside(db_path: Path, now: datetime) -> Path | None:
    if not db_path.exists():
        return None
    kept = db_path.with_name(f"{db_path.stem}.before-restore-{now:%Y%m%d-%H%M%S}{db_path.suffix}")
    for suffix in ("-wal", "-shm"):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            os.replace(side, f"{kept}{suffix}")
    os.replace(db_path, kept)
    return kept
