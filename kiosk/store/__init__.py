"""SQLite persistence through sqlite-utils. All SQL of the product lives in this package.

`Store` wraps one `sqlite_utils.Database`; a Database must not be shared across threads, so
each thread (or the server's event loop) opens its own Store on the same file.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from sqlite_utils import Database

from kiosk.core.collation import sort_key
from kiosk.store.backup import backup_before_migrations
from kiosk.store.integrity import check_database
from kiosk.store.memo import Catalogue, Memo
from kiosk.store.migrations import _SECOND as _SECOND_OF, COUNT_LEVELS, apply_migrations
from kiosk.store.fees import FeeRecords
from kiosk.store.devices import DeviceRecords
from kiosk.store.appointments import AppointmentRecords
from kiosk.store.missed import MissedCallRecords
from kiosk.store.numbers import NumberRecords
from kiosk.store.accounts import AccountRecords
from kiosk.store.audit import AuditRecords
from kiosk.store.event_log import EventRecords
from kiosk.store.ratings import RatingRecords
from kiosk.store.lanes import LANE_INDEXES as _LANE_INDEXES, LANES as _LANES, active as _active

ACTIVE_STATUSES = ("waiting", "called", "serving")
_SECOND = _SECOND_OF.replace("{t}.issued_at", "?")
_JSON_COLUMNS = {"services": ("fields",), "counters": ("services",), "procedures": ("documents",)}


def _waiting_total(service: str, kinds: str) -> str:
    """SQL: the waiting tickets of a service's lanes `kinds` (0 normal, 1 priority), from the
    top level of the bucket counts, which holds a row or two per lane."""
    return (f"SELECT COALESCE(SUM(n), 0) FROM waiting_counts WHERE service_id = {service} "
            f"AND kind IN ({kinds}) AND level = {COUNT_LEVELS - 1}")


def open_store(path: str | Path | None = None, synchronous: str = "FULL", check: bool = True) -> "Store":
    """Open (creating if needed) the database at `path`, or an in-memory one when None.
    A file that exists is checked first (kiosk/store/integrity.py): DatabaseDamaged if unsound.
    One with migrations to apply is backed up first (kiosk/store/backup.py)."""
    if path in (None, ":memory:"):
        db = Database(memory=True)
        db.conn.isolation_level = None
    else:
        if check:
            check_database(path)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10)
        db = Database(conn)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={synchronous}")
        db.execute("PRAGMA busy_timeout=10000")
        backup_before_migrations(path, db.conn)
    db.execute("PRAGMA busy_timeout=10000")
    apply_migrations(db)
    return Store(db)


def _decode(table: str, row: dict | None) -> dict | None:
    if row is None:
        return None
    for column in _JSON_COLUMNS.get(table, ()):
        if isinstance(row.get(column), str):
            row[column] = json.loads(row[column])
    return row


def _encode(table: str, row: dict) -> dict:
    row = dict(row)
    for column in _JSON_COLUMNS.get(table, ()):
        if column in row and not isinstance(row[column], str):
            row[column] = json.dumps(row[column], ensure_ascii=False)
    return row


class Records:
    """What every SQLite store of the product shares: a write transaction and row reads.
    Subclasses provide `db`, a sqlite_utils.Database."""

    db: Database

    @contextmanager
    def write(self) -> Iterator["Records"]:
        """One write transaction that takes the write lock up front (BEGIN IMMEDIATE), so two
        processes that read-then-write (numbering, calling) are serialised, not interleaved."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._transaction_ended()
            raise
        conn.execute("COMMIT")
        self._transaction_ended()

    def _transaction_ended(self) -> None:
        """Called after this store's own COMMIT or ROLLBACK (Store: its memo may hold rows again)."""

    def _rows(self, sql: str, params: Iterable | dict = ()) -> list[dict]:
        cursor = self.db.execute(sql, params if isinstance(params, dict) else list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def _row(self, sql: str, params: Iterable | dict = ()) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None


class Store(AccountRecords, AuditRecords, EventRecords, RatingRecords, AppointmentRecords, DeviceRecords,
            MissedCallRecords, FeeRecords, NumberRecords, Records):
    def __init__(self, db: Database):
        self.db = db
        self.memo = Memo(db.conn)

    def _transaction_ended(self) -> None:
        self.memo.ended()

    def catalogue(self) -> Catalogue:
        """Services, counters and procedures from memory while unchanged (kiosk/store/memo.py)."""
        return Catalogue(self, self.memo.check())

    def close(self) -> None:
        self.db.close()

    def file(self) -> str:
        """The database file ("" in memory), to name it in messages."""
        return self.db.execute("PRAGMA database_list").fetchone()[2] or ""

    # -- meta ---------------------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self._row("SELECT value FROM meta WHERE key = ?", [key])
        return row["value"] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # -- services and counters --------------------------------------------------------
    def services(self, active_only: bool = True) -> list[dict]:
        where = "WHERE active = 1" if active_only else ""
        return [_decode("services", r) for r in self._rows(f"SELECT * FROM services {where} ORDER BY sort, id")]

    def service(self, service_id: str) -> dict | None:
        return _decode("services", self._row("SELECT * FROM services WHERE id = ?", [service_id]))

    def save_service(self, service: dict) -> None:
        self.db["services"].upsert(_encode("services", service), pk="id")

    def counters(self, active_only: bool = True) -> list[dict]:
        where = "WHERE active = 1" if active_only else ""
        return [_decode("counters", r) for r in self._rows(f"SELECT * FROM counters {where} ORDER BY id")]

    def counter(self, counter_id: int) -> dict | None:
        return _decode("counters", self._row("SELECT * FROM counters WHERE id = ?", [counter_id]))

    def save_counter(self, counter: dict) -> None:
        self.db["counters"].upsert(_encode("counters", counter), pk="id")

    def set_priority_streak(self, counter_id: int, streak: int) -> None:
        self.db.execute("UPDATE counters SET priority_streak = ? WHERE id = ?", [streak, counter_id])

    def reset_priority_streaks(self) -> None:
        self.db.execute("UPDATE counters SET priority_streak = 0")

    # -- procedures ---------------------------------------------------------------------
    def procedures(self, active_only: bool = True) -> list[dict]:
        where = "WHERE active = 1" if active_only else ""
        rows = [_decode("procedures", r) for r in self._rows(f"SELECT * FROM procedures {where}")]
        return sorted(rows, key=lambda r: (sort_key(r["field"]), sort_key(r["name"]), r["code"]))

    def procedure(self, code: str) -> dict | None:
        return _decode("procedures", self._row("SELECT * FROM procedures WHERE code = ?", [code]))

    def save_procedure(self, procedure: dict) -> None:
        self.db["procedures"].upsert(_encode("procedures", procedure), pk="code")

    def save_procedures(self, procedures: list[dict]) -> None:
        """Many procedures in one statement batch (an import of thousands stays quick)."""
        rows = [_encode("procedures", p) for p in procedures]
        if rows:
            self._insert_many("procedures", rows, upsert_key="code")

    def _insert_many(self, table: str, rows: list[dict], upsert_key: str | None = None) -> None:
        columns = list(rows[0])
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        if upsert_key:
            sql += f" ON CONFLICT({upsert_key}) DO UPDATE SET " + ", ".join(
                f"{c} = excluded.{c}" for c in columns if c != upsert_key)
        self.db.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])

    def count(self, table: str) -> int:
        return self.db[table].count

    def catalogue_fingerprint(self) -> str:
        """A hash of every stored procedure, service and counter (not the counters' priority
        streaks, which move with each call): it changes exactly when what kiosks cache does.
        Raw rows, no JSON decoding: /api/health calls it and must stay cheap."""
        digest = hashlib.sha1()
        counter_columns = [c.name for c in self.db["counters"].columns if c.name != "priority_streak"]
        for sql in ("SELECT * FROM procedures ORDER BY code", "SELECT * FROM services ORDER BY id",
                    "SELECT code, rule FROM fee_rules ORDER BY code",
                    f"SELECT {', '.join(counter_columns)} FROM counters ORDER BY id"):
            for row in self.db.execute(sql).fetchall():
                digest.update(repr(row).encode())
        return digest.hexdigest()[:16]

    # -- tickets ------------------------------------------------------------------------
    def insert_ticket(self, ticket: dict) -> dict:
        """Insert a ticket; return its whole row as stored (defaults too), with no read back."""
        columns = ", ".join(ticket)
        marks = ", ".join(f":{name}" for name in ticket)
        cursor = self.db.execute(f"INSERT INTO tickets ({columns}) VALUES ({marks}) RETURNING *", ticket)
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone()))
        ticket["id"] = row["id"]
        return row

    def _insert(self, table: str, row: dict) -> int:
        """A plain INSERT: on the hot path (tickets, events) sqlite-utils' per-call table
        introspection costs more than the write itself."""
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        return self.db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", row).lastrowid

    def ticket(self, ticket_id: int) -> dict | None:
        return self._row("SELECT * FROM tickets WHERE id = ?", [ticket_id])

    def ticket_by(self, column: str, value) -> dict | None:
        assert column in ("public_id", "client_id")
        return self._row(f"SELECT * FROM tickets WHERE {column} = ?", [value])

    def ticket_by_number(self, day: str, number: int) -> dict | None:
        return self._row("SELECT * FROM tickets WHERE day = ? AND number = ?", [day, number])

    def update_ticket(self, ticket_id: int, expect_status: Iterable[str] | None = None, **fields) -> bool:
        """Change a ticket; with `expect_status`, only if it is still in one of those states."""
        sets = ", ".join(f"{name} = ?" for name in fields)
        sql, params = f"UPDATE tickets SET {sets} WHERE id = ?", [*fields.values(), ticket_id]
        if expect_status is not None:
            statuses = list(expect_status)
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
            params += statuses
        return self.db.execute(sql, params).rowcount == 1

    def waiting_tickets(self, service_ids: Iterable[str]) -> list[dict]:
        ids = list(service_ids)
        if not ids:
            return []
        names = {f"s{n}": service_id for n, service_id in enumerate(ids)}
        return self._rows(_active(f" AND service_id IN ({','.join(':' + name for name in names)})", True), names)

    def count_waiting_ahead(self, ticket: dict) -> int:
        """Waiting tickets of the same service that the priority policy calls before this one:
        a priority ticket is behind older priority tickets only; a normal ticket is behind every
        older normal ticket and every priority ticket already waiting.

        One statement: the bucket counts that the migration's triggers keep (at most 15 rows
        per level, 8 levels; CROSS JOIN keeps the levels outside, so each level is one range of
        the primary key), plus the lane's tickets issued in the same second, plus (for a
        normal ticket) the service's waiting priority tickets: no COUNT over the queue."""
        kind = 1 if ticket["priority"] else 0
        priority_waiting = "0" if kind else f"({_waiting_total(':service', '1')})"
        return self._row(
            "SELECT (SELECT COALESCE(SUM(c.n), 0) FROM count_levels l CROSS JOIN waiting_counts c "
            "ON c.service_id = :service AND c.kind = :kind AND c.level = l.level "
            "AND c.bucket >= ((k.second >> (4 * l.level)) >> 4) << 4 AND c.bucket < k.second >> (4 * l.level)) "
            f"+ (SELECT COUNT(*) FROM {_LANE_INDEXES[kind]} WHERE status = 'waiting' AND {_LANES[kind]} "
            "AND service_id = :service AND issued_at >= :start AND issued_at < :start || '~' "
            "AND (issued_at < :at OR (issued_at = :at AND id < :id))) "
            f"+ {priority_waiting} AS n FROM (SELECT {_SECOND.replace('?', ':at')} AS second) k",
            {"service": ticket["service_id"], "kind": kind, "start": ticket["issued_at"][:19],
             "at": ticket["issued_at"], "id": ticket["id"]})["n"]

    def count_waiting_ahead_of_newest(self, ticket: dict) -> int:
        """count_waiting_ahead for a ticket at (or near) the back of its lane, as one just
        issued: the lane's waiting total less the tickets from this one to the back, which the
        lane's index reads one by one (one, for a new ticket), plus (for a normal ticket) the
        waiting priority tickets. The same figure, without the bucket levels."""
        kind = 1 if ticket["priority"] else 0
        return self._row(
            f"SELECT ({_waiting_total(':service', '1' if kind else '0, 1')}) "
            f"- (SELECT COUNT(*) FROM {_LANE_INDEXES[kind]} WHERE status = 'waiting' "
            f"AND {_LANES[kind]} AND service_id = :service AND issued_at >= :at "
            "AND NOT (issued_at = :at AND id < :id)) AS n",
            {"service": ticket["service_id"], "at": ticket["issued_at"], "id": ticket["id"]})["n"]

    def waiting_count(self, service_id: str, kinds: tuple[int, ...] = (0, 1)) -> int:
        """Waiting tickets of a service, from the top level of the bucket counts (a row or two)."""
        return self._row(f"SELECT ({_waiting_total('?', ','.join('?' * len(kinds)))}) AS n", [service_id, *kinds])["n"]

    def first_waiting(self, service_id: str, priority: bool, limit: int = 1) -> list[dict]:
        """The oldest waiting tickets of one lane (a service's priority or normal tickets), in call order."""
        lane = int(priority)
        return self._rows(f"SELECT * FROM {_LANE_INDEXES[lane]} WHERE status = 'waiting' AND {_LANES[lane]} "
                          "AND service_id = ? ORDER BY issued_at, id LIMIT ?", [service_id, limit])

    def last_waiting(self, service_id: str) -> dict | None:
        """The most recently issued waiting ticket of a service (either lane)."""
        rows = [row for kind in (0, 1) for row in self._rows(
            f"SELECT * FROM {_LANE_INDEXES[kind]} WHERE status = 'waiting' AND {_LANES[kind]} AND service_id = ? "
            "ORDER BY issued_at DESC, id DESC LIMIT 1", [service_id])]
        return max(rows, key=lambda t: (t["issued_at"], t["id"]), default=None)

    def call_candidates(self, service_ids: Iterable[str]) -> list[dict]:
        """The oldest waiting priority ticket and the oldest waiting normal ticket of each of
        these services: all the priority policy needs to choose. One indexed LIMIT 1 per
        service and lane, never a sort of the queue."""
        return [row for service_id in dict.fromkeys(service_ids) for priority in (True, False)
                for row in self.first_waiting(service_id, priority)]

    def active_tickets(self) -> list[dict]:
        return self._rows(_active())

    def current_at_counter(self, counter_id: int) -> dict | None:
        return self._row("SELECT * FROM tickets INDEXED BY idx_tickets_at_counter_now WHERE counter_id = ? "
                         "AND status IN ('called','serving') ORDER BY called_at DESC LIMIT 1", [counter_id])

    def active_tickets_before(self, day: str) -> list[dict]:
        return self._rows(_active(" AND day < :day"), {"day": day})

    def recent_service_minutes(self, service_id: str, window: int) -> list[float]:
        """The service times of the service's last `window` done tickets, from memory until a
        ticket is done or a done one changes (kiosk/store/memo.py)."""
        known = self.memo.check().table("service_times")
        if (service_id, window) not in known:
            known[service_id, window] = self._service_minutes(service_id, window)
        return known[service_id, window]

    def _service_minutes(self, service_id: str, window: int) -> list[float]:
        rows = self._rows(
            "SELECT (julianday(finished_at) - julianday(called_at)) * 1440 AS minutes FROM tickets "
            "WHERE service_id = ? AND status = 'done' AND called_at IS NOT NULL AND finished_at IS NOT NULL "
            "ORDER BY finished_at DESC LIMIT ?", [service_id, window])
        return [r["minutes"] for r in rows if r["minutes"] is not None and r["minutes"] >= 0]

    def tickets_between(self, first_day: str, last_day: str) -> list[dict]:
        return self._rows("SELECT * FROM tickets WHERE day BETWEEN ? AND ? ORDER BY issued_at, id", [first_day, last_day])

    def latest_ticket_day(self, until: str) -> str | None:
        """The last day up to `until` on which any ticket was issued (reports open on it)."""
        return self.db.execute("SELECT MAX(day) FROM tickets WHERE day <= ?", [until]).fetchone()[0]

    def recent_calls(self, limit: int) -> list[dict]:
        return self._rows("SELECT * FROM tickets INDEXED BY idx_tickets_recent_calls WHERE called_at IS NOT NULL "
                          "AND status IN ('called','serving') ORDER BY called_at DESC, id DESC LIMIT ?", [limit])

    # -- staff console and lobby display ----------------------------------------------
    def counter_event_counts(self, counter_id: int, day: str) -> dict[str, int]:
        """How many events of each type a counter produced on `day` (local date of `at`)."""
        rows = self._rows("SELECT type, COUNT(*) AS n FROM events WHERE counter_id = ? AND substr(at, 1, 10) = ? "
                          "GROUP BY type", [counter_id, day])
        return {r["type"]: r["n"] for r in rows}

    def print_failed_tickets(self, day: str) -> list[dict]:
        return self._rows("SELECT * FROM tickets WHERE print_failed = 1 AND day = ? "
                          "AND status IN ('waiting','called','serving') ORDER BY issued_at, id", [day])

    def event(self, event_id: int) -> dict | None:
        return self._row("SELECT * FROM events WHERE id = ?", [event_id])

    def recent_events(self, types: Iterable[str], day: str, limit: int) -> list[dict]:
        """The latest events of these types on `day`, newest first."""
        kinds = list(types)
        marks = ",".join("?" * len(kinds))
        return self._rows(f"SELECT * FROM events WHERE type IN ({marks}) AND substr(at, 1, 10) = ? "
                          "ORDER BY id DESC LIMIT ?", [*kinds, day, limit])

    def last_finished_at_counter(self, counter_id: int, day: str) -> dict | None:
        """The ticket of `day` most recently finished (done) at a counter."""
        return self._row("SELECT * FROM tickets WHERE counter_id = ? AND day = ? AND status = 'done' "
                         "AND finished_at IS NOT NULL ORDER BY finished_at DESC, id DESC LIMIT 1", [counter_id, day])

    def tickets_for_procedure(self, code: str, limit: int = 100) -> list[dict]:
        return self._rows("SELECT * FROM tickets WHERE procedure_code = ? ORDER BY id DESC LIMIT ?", [code, limit])
