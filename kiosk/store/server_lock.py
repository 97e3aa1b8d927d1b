"""The server's hold on its database: `main.py serve` keeps an exclusive lock on
`<db>.server-lock` for as long as it runs, and `main.py restore` must take the same lock
first. The OS drops the lock when the process ends, even on SIGKILL or a power cut, so a
crashed server never leaves a stale lock behind (unlike a pid file). filelock uses flock on
POSIX and msvcrt on Windows."""
from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class DatabaseInUse(Exception):
    """Another process holds the database's server lock."""


def lock_path(db_path: str | Path) -> Path:
    return Path(f"{Path(db_path).resolve()}.server-lock")


def hold_database(db_path: str | Path) -> FileLock:
    """Take the lock now or raise DatabaseInUse; keep the returned object to keep the lock."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseInUse(str(db_path)) from None
    return lock
