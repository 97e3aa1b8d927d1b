"""The server's storage health: a full or failing disk, and free space running low.

A write that fails because the disk is full (SQLITE_FULL) or failing (SQLITE_IOERR, a
damaged file) is a fault of the server, not of the request: it is answered 503 with a
Vietnamese message, so kiosks fall back to offline issuing and nothing is acknowledged that
is not on disk. The fault is remembered until the next successful commit (recovery is
automatic once there is space again) and shown to staff through `GET /api/storage`; the
event log cannot carry it, since it lives on the same full disk.
"""
from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from pathlib import Path

log = logging.getLogger("kiosk.server")

FULL_MESSAGE = ("Máy chủ đã hết dung lượng lưu trữ, tạm thời chưa cấp được số trực tuyến. "
                "Vui lòng báo cán bộ kỹ thuật.")
IO_MESSAGE = "Máy chủ gặp lỗi ổ đĩa, tạm thời chưa ghi được dữ liệu. Vui lòng báo cán bộ kỹ thuật."
LOW_MESSAGE = "Ổ đĩa của máy chủ sắp đầy: còn {free} MB (ngưỡng cảnh báo {threshold} MB). Vui lòng giải phóng dung lượng."
RETRY_AFTER_SECONDS = 5
_FULL_CODES = {"SQLITE_FULL"}
_FULL_TEXTS = ("database or disk is full", "no space left")
_IO_TEXTS = ("disk i/o error", "database disk image is malformed", "file is not a database")


class StorageFault(Exception):
    """A write the disk refused; `cause` is the original error."""

    def __init__(self, cause: BaseException):
        super().__init__(str(cause))
        self.cause = cause


def storage_fault_kind(error: BaseException) -> str | None:
    """"full", "io" or None: whether an exception is the disk failing rather than a bug."""
    if isinstance(error, StorageFault):
        return storage_fault_kind(error.cause) or "io"
    if isinstance(error, OSError) and error.errno == 28:      # ENOSPC from a plain file write
        return "full"
    if not isinstance(error, sqlite3.DatabaseError):
        return None
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name in _FULL_CODES or any(t in text for t in _FULL_TEXTS):
        return "full"
    if name.startswith("SQLITE_IOERR") or name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or any(t in text for t in _IO_TEXTS):
        return "io"
    return None


class StorageMonitor:
    """What staff are told about the disk holding the database."""

    def __init__(self, db_path: str | Path | None, warn_free_mb: int, now=time.time):
        self.folder = Path(db_path).resolve().parent if db_path not in (None, ":memory:") else None
        self.warn_free_mb = warn_free_mb
        self.now = now
        self.fault: dict | None = None

    def record_fault(self, error: BaseException) -> str:
        """Remember a storage fault; return the Vietnamese message for the response."""
        kind = storage_fault_kind(error) or "io"
        if self.fault is None:
            log.error("storage fault (%s): %s; answering 503 until a write succeeds", kind, error)
        self.fault = {"kind": kind, "reason": str(error), "since": self.fault["since"] if self.fault else self.now()}
        return FULL_MESSAGE if kind == "full" else IO_MESSAGE

    def committed(self) -> None:
        """A write reached the disk: any fault is over."""
        if self.fault is not None:
            log.warning("storage recovered after %.0f s", self.now() - self.fault["since"])
            self.fault = None

    def free_mb(self) -> int | None:
        if self.folder is None:
            return None
        try:
            return shutil.disk_usage(self.folder).free // (1024 * 1024)
        except OSError:
            return None

    def state(self) -> dict:
        """{"status": "ok" | "low" | "full" | "io", "free_mb", "warn_free_mb", "message", "fault"}."""
        free = self.free_mb()
        if self.fault:
            status = self.fault["kind"]
            message = FULL_MESSAGE if status == "full" else IO_MESSAGE
        elif free is not None and free < self.warn_free_mb:
            status, message = "low", LOW_MESSAGE.format(free=free, threshold=self.warn_free_mb)
        else:
            status, message = "ok", ""
        fault = None
        if self.fault:
            fault = {"kind": self.fault["kind"], "reason": self.fault["reason"],
                     "since": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(self.fault["since"]))}
        return {"status": status, "free_mb": free, "warn_free_mb": self.warn_free_mb, "message": message,
                "fault": fault}
