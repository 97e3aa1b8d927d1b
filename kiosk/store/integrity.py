"""Start-up check of the server's database: refuse to run on a damaged file.

A damaged database must never be opened as if it were fine: SQLite would either answer 500
to everything or, for an empty file, quietly create a brand-new database and give citizens
numbers others already hold. So before anything opens it, the file is checked:

- missing: a new database (the normal first start);
- 0 bytes: damaged. The product never leaves an empty database file: switching a new file
  to WAL mode (the first thing `open_store` does) writes its 4096-byte header at once, so an
  empty file means its contents were lost (a failed copy, a truncating tool, a bad disk);
- not starting with SQLite's header, or failing `PRAGMA quick_check`: damaged.

The refusal is one line naming the newest backup in the backups folder (`backups/` next to
the database, where `main.py backup` and the server's own backups go: kiosk/store/backup.py)
and how to restore it. A torn WAL is not
"malformed" to SQLite (it keeps the frames before the tear, a consistent earlier state):
that case is repaired from the kiosks' journals (kiosk/core/repair.py).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.wording import say

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUPS_FOLDER = "backups"
WAL_HEADER_BYTES, WAL_FRAME_HEADER_BYTES = 32, 24


class DatabaseDamaged(Exception):
    """The database file cannot be trusted; str() is the one line to print."""


def backups_folder(db_path: str | Path) -> Path:
    return Path(db_path).resolve().parent / BACKUPS_FOLDER


def latest_backup(db_path: str | Path) -> Path | None:
    """The newest finished backup in the backups folder (not a manifest, not a half-written
    copy), or None."""
    from kiosk.store.backup import list_backups
    backups = list_backups(backups_folder(db_path))
    return backups[-1] if backups else None


def check_database(db_path: str | Path) -> None:
    """Raise DatabaseDamaged when the file at `db_path` exists but is not a sound database."""
    path = Path(db_path)
    if not path.exists():
        return
    problem = _problem(path)
    if problem:
        raise DatabaseDamaged(_refusal(path, problem))


def _problem(path: Path) -> str | None:
    size = path.stat().st_size
    if size == 0:
        return say("tệp rỗng (0 byte) trong khi ở đây đã có cơ sở dữ liệu")
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return say("tệp không phải là cơ sở dữ liệu SQLite (phần đầu tệp sai)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=10)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return say("SQLite không đọc được tệp ({error})", error=error)
    if rows != [("ok",)]:
        return say("PRAGMA quick_check thấy chỗ hỏng ({detail})", detail=rows[0][0] + (" ..." if len(rows) > 1 else ""))
    return None


def _refusal(path: Path, problem: str) -> str:
    backup = latest_backup(path)
    if backup:
        from kiosk.store.backup import backup_time
        taken = backup_time(backup).strftime("%Y-%m-%d %H:%M")
        restore = say("Bản sao lưu mới nhất: {backup} ({taken}); để khôi phục (tệp hỏng được giữ lại): "
                      "python main.py restore {backup} --db {path}, rồi khởi động lại", backup=backup, taken=taken, path=path)
    else:
        restore = say("Không có bản sao lưu nào trong {folder}; chuyển {name} và các tệp -wal/-shm của nó sang chỗ khác "
                      "để bắt đầu với cơ sở dữ liệu trống", folder=backups_folder(path), name=path.name)
    return say("Cơ sở dữ liệu {path} bị hỏng: {problem}; máy chủ không khởi động. {restore} "
               "(sau đó các kiosk gửi lại các phiếu hôm nay; xem docs/SECURITY.md)", path=path, problem=problem, restore=restore)


def torn_wal_bytes(db_path: str | Path) -> int:
    """How many bytes the WAL has past its last whole frame: not 0 means it was cut inside a
    frame (committed tickets may be lost). A WAL cut between frames cannot be told apart."""
    wal = Path(str(db_path) + "-wal")
    if not wal.exists() or wal.stat().st_size <= WAL_HEADER_BYTES:
        return 0
    with open(wal, "rb") as file:
        header = file.read(WAL_HEADER_BYTES)
    page_size = int.from_bytes(header[8:12], "big")
    if header[:4] not in (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83") or not 512 <= page_size <= 65536:
        return 0          # not a WAL SQLite would use: it ignores it, and so does this check
    return (wal.stat().st_size - WAL_HEADER_BYTES) % (WAL_FRAME_HEADER_BYTES + page_size)
