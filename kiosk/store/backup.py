"""Backups of the centre database: a consistent copy taken while the server keeps writing.

The copy is made with SQLite's online backup API into a hidden temporary file in the target
folder, checked with `PRAGMA integrity_check`, fsynced and only then renamed to its final
name, so a backup killed midway leaves at most a stale `.partial` file (removed by the next
backup) and never touches the previous backups or the live database. A manifest (JSON, same
name + `.json`) beside each backup records when, from where, the schema version, the row
count of every table and the file's sha256.

File names: `<db stem>-YYYYMMDD-HHMMSS[-<tag>].db`, e.g. `centre-20261201-121500.db`; the
tag marks backups taken before a migration (`before-v6`), which rotation keeps.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

from kiosk.store.integrity import backups_folder

PARTIAL_SUFFIX = ".partial"
STALE_PARTIAL_SECONDS = 3600
KEEP_DAILY, KEEP_WEEKLY = 14, 8
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<tag>[a-z0-9-]+))?\.db$")


class BackupError(Exception):
    """A backup or restore that cannot go on; str() is the Vietnamese line to print."""


def is_backup_name(name: str) -> bool:
    return bool(_NAME.match(name))


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken, read from its name."""
    match = _NAME.match(path.name)
    return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S") if match else None


def list_backups(folder: Path) -> list[Path]:
    """The finished backups in `folder`, oldest first."""
    if not folder.is_dir():
        return []
    found = [f for f in folder.iterdir() if f.is_file() and is_backup_name(f.name)]
    return sorted(found, key=lambda f: (backup_time(f), f.name))


def take_backup(db_path: str | Path, out_dir: str | Path | None, now: datetime, tag: str = "",
                source: sqlite3.Connection | None = None) -> Path:
    """Copy the database at `db_path` into `out_dir` (default: backups/ next to it, created if
    needed; a given folder must exist, e.g. a mounted USB stick). `source`: an open connection
    to copy from (the migration's own). Returns the backup's path."""
    db_path = Path(db_path)
    if source is None and not db_path.is_file():
        raise BackupError(f"Không tìm thấy cơ sở dữ liệu {db_path}.")
    folder = _target_folder(db_path, out_dir)
    name = f"{db_path.stem}-{now:%Y%m%d-%H%M%S}{'-' + tag if tag else ''}.db"
    final, partial = folder / name, folder / f".{name}{PARTIAL_SUFFIX}"
    _remove_stale_partials(folder)
    manifest_partial = folder / f".{name}.json{PARTIAL_SUFFIX}"
    try:
        _copy(db_path, partial, source)
        manifest = describe(partial, name, db_path, now, tag)
        _write_durably(manifest_partial, json.dumps(manifest, ensure_ascii=False, indent=2))
        os.replace(manifest_partial, folder / f"{name}.json")
        os.replace(partial, final)
        fsync_folder(folder)
    except (OSError, sqlite3.Error, BackupError) as error:
        partial.unlink(missing_ok=True)
        manifest_partial.unlink(missing_ok=True)
        if isinstance(error, BackupError):
            raise
        raise BackupError(f"Không ghi được bản sao lưu vào {folder}: {getattr(error, 'strerror', None) or error}") from None
    return final


def backup_before_migrations(db_path: str | Path, conn: sqlite3.Connection) -> Path | None:
    """Before migrations change an existing database, copy it to backups/ (tag `before-vN`,
    N the version it is about to reach). A failed backup stops the upgrade (BackupError)."""
    from kiosk.store.migrations import MIGRATIONS
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not 0 < version < len(MIGRATIONS):
        return None
    return take_backup(db_path, None, datetime.now(), tag=f"before-v{len(MIGRATIONS)}", source=conn)


def describe(path: Path, name: str, source: Path, now: datetime, tag: str = "") -> dict:
    """The manifest of the copy at `path`, to be named `name`; BackupError if it is not sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problem = integrity_problem(conn)
        if problem:
            raise BackupError(f"Bản sao lưu {path.name} bị lỗi ({problem}); bản sao lưu không được ghi.")
        counts = row_counts(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    return {"taken_at": now.isoformat(timespec="seconds"), "source": str(source.resolve()), "file": name,
            "reason": tag or "backup", "schema_version": version, "integrity_check": "ok", "row_counts": counts,
            "sha256": sha256(path), "bytes": path.stat().st_size}


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None if rows == [("ok",)] else str(rows[0][0])


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backups_to_keep(taken: list[datetime], keep_daily: int = KEEP_DAILY, keep_weekly: int = KEEP_WEEKLY) -> set[datetime]:
    """Rotation: the newest backup of each of the `keep_daily` latest days that have one, and the
    newest of each of the `keep_weekly` latest ISO weeks that have one."""
    newest_of_day: dict[date, datetime] = {}
    newest_of_week: dict[tuple[int, int], datetime] = {}
    for moment in sorted(taken):
        newest_of_day[moment.date()] = moment
        newest_of_week[moment.isocalendar()[:2]] = moment
    days = sorted(newest_of_day, reverse=True)[:keep_daily]
    weeks = sorted(newest_of_week, reverse=True)[:keep_weekly]
    return {newest_of_day[d] for d in days} | {newest_of_week[w] for w in weeks}


def rotate(folder: Path) -> list[Path]:
    """Delete the backups (and their manifests) rotation does not keep; return the deleted.
    Backups taken before a migration are never rotated away."""
    plain = [f for f in list_backups(folder) if not _NAME.match(f.name)["tag"]]
    keep = backups_to_keep([backup_time(f) for f in plain])
    deleted = [f for f in plain if backup_time(f) not in keep]
    for backup in deleted:
        backup.unlink(missing_ok=True)
        Path(f"{backup}.json").unlink(missing_ok=True)
    return deleted


def _target_folder(db_path: Path, out_dir: str | Path | None) -> Path:
    if out_dir is None:
        folder = backups_folder(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    folder = Path(out_dir)
    if not folder.is_dir():
        raise BackupError(f"Không tìm thấy thư mục đích {folder} (ổ USB chưa cắm hoặc chưa được gắn?). "
                          f"Hãy cắm ổ rồi chạy lại, hoặc chọn thư mục khác với --out.")
    if not os.access(folder, os.W_OK):
        raise BackupError(f"Không có quyền ghi vào thư mục {folder}.")
    return folder


def _copy(db_path: Path, target: Path, source: sqlite3.Connection | None) -> None:
    """One backup step over the whole file: in WAL mode it holds a read snapshot, so writers
    go on and the copy is one consistent state (a stepped copy would restart on every write)."""
    own = source is None
    if own:
        source = sqlite3.connect(f"file:{db_path}?mode=rw", uri=True, timeout=30)
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(str(target))
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        if own:
            source.close()
    with open(target, "rb+") as file:
        os.fsync(file.fileno())


def _write_durably(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())


def fsync_folder(folder: Path) -> None:
    from kiosk.platform import current
    if current().fsync_folders:     # a folder cannot be opened for fsync on Windows
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_stale_partials(folder: Path) -> None:
    """Left by a backup killed midway; an hour old, so never one another backup is writing now."""
    for stale in folder.glob(f".*{PARTIAL_SUFFIX}"):
        if time.time() - stale.stat().st_mtime > STALE_PARTIAL_SECONDS:
            stale.unlink(missing_ok=True)
