"""The kiosk's own SQLite store: the ticket journal and outbox, its offline number series, and the
cached catalogue. Separate from the server's database, with its own numbered migrations.

Every ticket a citizen is shown is written here first. A row's `state`:

- `pending`   written before the server is asked; nothing has been shown yet
- `sent`      the server issued it online and answered; its number is the server's
- `outbox`    issued offline from the kiosk's own series; waiting to be uploaded
- `uploaded`  an offline ticket the server has acknowledged (201 new, 200 replay)
- `rejected`  the server refused the upload for good (a 4xx); parked with the reason for staff
- `abandoned` `pending` at start-up: the kiosk stopped before showing any number
- `unavailable` offline with no number left in its series: the citizen was told to ask staff
- `refused`   the server refused to issue it (unknown procedure...); no number was shown
- `unreadable` an outbox row that failed its checks (torn write); kept, reported, never sent

One connection per thread (a sqlite3 connection must not be shared), WAL mode and
synchronous=FULL: a power cut loses at most the transaction being written. Number
allocation runs in BEGIN IMMEDIATE, so two threads or processes on one journal never take
the same number.
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import sqlite3
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk.store import Records
from kiosk.store.migrations import apply_migrations
from kiosk.sync.journal_cache import JournalCache

log = logging.getLogger(__name__)

PRIORITY_KINDS = ("elderly", "disability", "pregnant", "child")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
TABLES = ("meta", "tickets", "blocks", "services", "procedures", "counters")
SALVAGE_MISSES = 2000        # consecutive missing rowids before a salvage probe gives up
SALVAGE_MAX_ROWID = 1_000_000


# -- migrations -----------------------------------------------------------------------------

def _m001_initial(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["tickets"].create({
        "seq": int, "client_id": str, "procedure_code": str, "procedure_name": str, "priority": str,
        "service_id": str, "number": int, "day": str, "issued_at": str, "state": str, "offline": int,
        "attempts": int, "last_error": str, "server_id": int, "ticket": str, "created_at": str,
        "uploaded_at": str, "crc": str,
    }, pk="seq", not_null={"client_id", "procedure_code", "state", "created_at"},
        defaults={"offline": 0, "attempts": 0})
    db["tickets"].create_index(["client_id"], unique=True)
    db["tickets"].create_index(["state", "seq"])
    db["blocks"].create({
        "id": int, "service_id": str, "day": str, "first": int, "last": int, "next": int, "leased_at": str,
    }, pk="id", not_null={"service_id", "day", "first", "last", "next"})
    db["services"].create({"id": str, "data": str}, pk="id")
    db["procedures"].create({"code": str, "service": str, "active": int, "data": str}, pk="code")
    db["counters"].create({"id": int, "data": str}, pk="id")


def _m002_offline_series(db: Database) -> None:
    """`blocks` now holds one row per day and service: the kiosk's own offline series
    (kiosk/sync/series.py). Blocks leased from a release 0.1 server are dropped; tickets
    already issued from them stay in the outbox and upload as before."""
    db.execute("DELETE FROM blocks")
    db["blocks"].create_index(["service_id", "day"], unique=True, index_name="idx_blocks_series")


MIGRATIONS = [_m001_initial, _m002_offline_series]


# -- row checks -----------------------------------------------------------------------------

_CRC_FIELDS = ("client_id", "procedure_code", "priority", "service_id", "number", "issued_at")


def row_crc(row: dict) -> str:
    """A checksum over what an upload sends: a torn or half-written row fails it."""
    payload = json.dumps([row.get(k) for k in _CRC_FIELDS], ensure_ascii=False, separators=(",", ":"))
    return f"{zlib.crc32(payload.encode()):08x}"


def outbox_problem(row: dict) -> str | None:
    """Why an outbox row cannot be uploaded as it is, or None when it is sound."""
    if not isinstance(row.get("client_id"), str) or not _CLIENT_ID.match(row["client_id"]):
        return "client_id is missing or malformed"
    if not isinstance(row.get("procedure_code"), str) or not row["procedure_code"]:
        return "procedure_code is missing"
    if row.get("priority") not in (None, *PRIORITY_KINDS):
        return f"priority {row.get('priority')!r} is not a known kind"
    if not isinstance(row.get("number"), int) or not 1 <= row["number"] <= 99999:
        return f"number {row.get('number')!r} is missing or out of range"
    issued_at = row.get("issued_at")
    try:
        moment = datetime.fromisoformat(issued_at) if isinstance(issued_at, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        return f"issued_at {issued_at!r} is not an ISO time with a zone"
    if row.get("crc") != row_crc(row):
        return "checksum mismatch (half-written row)"
    return None


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)


# -- the journal ----------------------------------------------------------------------------

@dataclass
class OpenReport:
    """What the journal found when it opened: rows it could not read, and a salvage if any."""
    unreadable: list[dict] = field(default_factory=list)   # {"seq", "client_id" (None if lost), "reason"}
    abandoned: int = 0
    salvaged_from: str | None = None                        # the damaged file, kept aside
    salvage_lost: list[str] = field(default_factory=list)   # what could not be copied out

    @property
    def clean(self) -> bool:
        return not self.unreadable and not self.salvaged_from

    def as_dict(self) -> dict:
        return {"unreadable": self.unreadable, "abandoned": self.abandoned,
                "salvaged_from": self.salvaged_from, "salvage_lost": self.salvage_lost}


class Journal(JournalCache, Records):
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.report = OpenReport()
        self._open_checked()

    # -- connections ---------------------------------------------------------------------
    def _connect(self) -> Database:
        conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=10, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        with self._lock:
            self._connections.append(conn)
        return Database(conn)

    @property
    def db(self) -> Database:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()


    # -- opening: migrations, integrity, checks ----------------------------------------
    def _open_checked(self) -> None:
        if self.path.exists() and self.path.stat().st_size and not self._intact():
            self.close()
            self._salvage()
        apply_migrations(self.db, MIGRATIONS)
        with self.write():
            self.report.abandoned = self.db.execute(
                "UPDATE tickets SET state = 'abandoned' WHERE state = 'pending'").rowcount
            for row in self._rows("SELECT * FROM tickets WHERE state = 'outbox' ORDER BY seq"):
                problem = outbox_problem(row)
                if problem:
                    self.db.execute("UPDATE tickets SET state = 'unreadable', last_error = ? WHERE seq = ?",
                                    [problem, row["seq"]])
                    self.report.unreadable.append({"seq": row["seq"], "client_id": row.get("client_id"),
                                                   "reason": problem})
        for item in self.report.unreadable:
            log.warning("journal row %s (%s) is unreadable: %s", item["seq"], item["client_id"], item["reason"])

    def _intact(self) -> bool:
        try:
            conn = sqlite3.connect(str(self.path), timeout=10)
            try:
                result = conn.execute("PRAGMA quick_check").fetchall()
                # quick_check does not read every row's payload; touching each row does.
                for table in TABLES:
                    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone():
                        conn.execute(f"SELECT * FROM [{table}]").fetchall()
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            log.error("journal %s is damaged: %s", self.path, error)
            return False
        return result == [("ok",)]

    def _salvage(self) -> None:
        """Move the damaged file aside, start a fresh journal and copy in every row that can
        still be read. The offline series rows are not copied: a damaged file cannot prove
        which of their numbers were already given, and a number must never be given twice
        (the SyncClient voids today's series, kiosk/sync/series.py)."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        broken = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        shutil.move(str(self.path), broken)
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                shutil.move(str(side), str(broken) + suffix)
        self.report.salvaged_from = str(broken)
        apply_migrations(self.db, MIGRATIONS)
        try:
            source = sqlite3.connect(f"file:{broken}?mode=ro", uri=True, timeout=10)
        except sqlite3.DatabaseError as error:
            self.report.salvage_lost.append(f"whole file: {error}")
            return
        try:
            for table in ("meta", "tickets", "services", "procedures", "counters"):
                copied, lost = self._copy_readable(source, table)
                if lost:
                    self.report.salvage_lost.append(f"{table}: {lost}")
                log.warning("salvaged %d rows of %s from %s (%s)", copied, table, broken, lost or "nothing lost")
        finally:
            source.close()
        # The catalogue may be incomplete now: make the next contact refresh it.
        self.set_meta("catalogue_version", "")

    def _copy_readable(self, source: sqlite3.Connection, table: str) -> tuple[int, str]:
        columns = [c.name for c in self.db[table].columns]
        names = ", ".join(f"[{c}]" for c in columns)
        try:
            rows = source.execute(f"SELECT {names} FROM [{table}]").fetchall()
            lost = ""
        except sqlite3.DatabaseError as error:
            rows, missing = self._probe_rows(source, table, names)
            lost = f"scan failed ({error}); probed row by row"
            if table == "tickets" and missing:
                # seq is never reused or deleted: a hole below the last readable row is a lost row.
                for rowid in missing:
                    self.report.unreadable.append({"seq": rowid, "client_id": None,
                                                   "reason": "lost: in a damaged part of the journal file"})
                lost += f"; rows {_ranges(missing)} unreadable"
        marks = ", ".join("?" * len(columns))
        with self.write():
            for row in rows:
                self.db.execute(f"INSERT OR IGNORE INTO [{table}] ({names}) VALUES ({marks})", list(row))
        return len(rows), lost

    @staticmethod
    def _probe_rows(source: sqlite3.Connection, table: str, names: str) -> tuple[list[tuple], list[int]]:
        """Read rows one rowid at a time; return the rows read and the rowids below the last
        readable one that could not be read."""
        rows, unread, misses, rowid, last_found = [], [], 0, 0, 0
        while misses < SALVAGE_MISSES and rowid < SALVAGE_MAX_ROWID:
            rowid += 1
            try:
                row = source.execute(f"SELECT {names} FROM [{table}] WHERE rowid = ?", [rowid]).fetchone()
            except sqlite3.DatabaseError:
                row = None
            if row is None:
                misses += 1
                unread.append(rowid)
            else:
                misses, last_found = 0, rowid
                rows.append(row)
        return rows, [r for r in unread if r < last_found]

    # -- meta ---------------------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self._row("SELECT value FROM meta WHERE key = ?", [key])
        return row["value"] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # -- tickets ------------------------------------------------------------------------
    def begin_ticket(self, client_id: str, procedure_code: str, priority: str | None, created_at: str,
                     service_id: str | None = None, procedure_name: str | None = None) -> None:
        """Write-ahead: the request exists before the server is asked and before anything is shown."""
        self.db["tickets"].insert({
            "client_id": client_id, "procedure_code": procedure_code, "priority": priority,
            "service_id": service_id, "procedure_name": procedure_name, "state": "pending",
            "created_at": created_at,
        })

    def ticket(self, client_id: str) -> dict | None:
        return self._row("SELECT * FROM tickets WHERE client_id = ?", [client_id])

    def tickets(self, state: str | None = None) -> list[dict]:
        if state is None:
            return self._rows("SELECT * FROM tickets ORDER BY seq")
        return self._rows("SELECT * FROM tickets WHERE state = ? ORDER BY seq", [state])

    def mark_sent(self, client_id: str, ticket: dict, at: str) -> None:
        """The server issued it online and answered."""
        self.db.execute(
            "UPDATE tickets SET state = 'sent', number = ?, day = ?, issued_at = ?, service_id = ?, "
            "procedure_name = ?, server_id = ?, ticket = ?, uploaded_at = ? WHERE client_id = ?",
            [ticket.get("number"), ticket.get("day"), ticket.get("issued_at"),
             (ticket.get("service") or {}).get("id"), (ticket.get("procedure") or {}).get("name"),
             ticket.get("id"), json.dumps(ticket, ensure_ascii=False), at, client_id])

    def issue_offline(self, client_id: str, service_id: str, day: str, issued_at: str,
                      reason: str = "") -> int | None:
        """Take the next number of today's series for the service and put the ticket in the
        outbox, in one transaction. None (and state `unavailable`) when no number is left."""
        with self.write():
            block = self._row("SELECT * FROM blocks WHERE service_id = ? AND day = ? AND next <= last "
                              "ORDER BY first LIMIT 1", [service_id, day])
            row = self.ticket(client_id)
            if block is None:
                self.db.execute("UPDATE tickets SET state = 'unavailable', service_id = ?, last_error = ? "
                                "WHERE client_id = ?", [service_id, reason or "no offline number left", client_id])
                return None
            number = block["next"]
            self.db.execute("UPDATE blocks SET next = ? WHERE id = ?", [number + 1, block["id"]])
            fields = {**row, "service_id": service_id, "number": number, "issued_at": issued_at}
            self.db.execute(
                "UPDATE tickets SET state = 'outbox', offline = 1, service_id = ?, number = ?, day = ?, "
                "issued_at = ?, last_error = ?, crc = ? WHERE client_id = ?",
                [service_id, number, day, issued_at, reason or None, row_crc(fields), client_id])
        return number

    def mark_unavailable(self, client_id: str, reason: str) -> None:
        self.db.execute("UPDATE tickets SET state = 'unavailable', last_error = ? WHERE client_id = ?",
                        [reason, client_id])

    def mark_refused(self, client_id: str, reason: str) -> None:
        """The server refused to issue it (unknown procedure...): no number was shown."""
        self.db.execute("UPDATE tickets SET state = 'refused', last_error = ? WHERE client_id = ?",
                        [reason[:500], client_id])

    def outbox(self, limit: int | None = None) -> list[dict]:
        sql = "SELECT * FROM tickets WHERE state = 'outbox' ORDER BY seq"
        return self._rows(sql + (f" LIMIT {int(limit)}" if limit else ""))

    def mark_uploaded(self, client_id: str, ticket: dict, at: str, note: str | None = None) -> None:
        self.db.execute("UPDATE tickets SET state = 'uploaded', server_id = ?, ticket = ?, uploaded_at = ?, "
                        "attempts = attempts + 1, last_error = ? WHERE client_id = ?",
                        [ticket.get("id"), json.dumps(ticket, ensure_ascii=False), at, note, client_id])

    def mark_attempt_failed(self, client_id: str, error: str) -> None:
        self.db.execute("UPDATE tickets SET attempts = attempts + 1, last_error = ? WHERE client_id = ?",
                        [error[:500], client_id])

    def mark_rejected(self, client_id: str, reason: str) -> None:
        self.db.execute("UPDATE tickets SET state = 'rejected', attempts = attempts + 1, last_error = ? "
                        "WHERE client_id = ?", [reason[:500], client_id])

    def record_uploads(self, marks: list[tuple]) -> None:
        """Apply upload outcomes in one transaction: ("uploaded", client_id, ticket, at, note),
        ("rejected", client_id, reason) or ("failed", client_id, error)."""
        if not marks:
            return
        with self.write():
            for kind, client_id, *rest in marks:
                if kind == "uploaded":
                    self.mark_uploaded(client_id, *rest)
                elif kind == "rejected":
                    self.mark_rejected(client_id, *rest)
                else:
                    self.mark_attempt_failed(client_id, *rest)

    def counts(self) -> dict[str, int]:
        return {r["state"]: r["n"] for r in self._rows("SELECT state, COUNT(*) AS n FROM tickets GROUP BY state")}
