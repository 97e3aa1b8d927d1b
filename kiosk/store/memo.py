"""Rows read on every ticket and changed rarely (services, counters, procedures, device
tokens, each service's recent service times), held in memory per connection between changes.

A table's rows are forgotten the moment anything changes it:
- through this connection, whatever code path writes: TEMP triggers call back into Python
  (columns that move all day, a counter's priority streak and a device's last contact, are
  left out, so they do not empty the memo on every call);
- through any other connection or process (the `kiosk` CLI revoking a device, a restore):
  SQLite's `PRAGMA data_version` changes whenever another connection commits, which is
  checked before each use. It reads no table.

While a transaction of this connection has changed a table, its rows are read afresh and
not kept until the transaction ends, so a rolled-back change never stays in memory.
Rows handed out are shared: read them, copy before changing.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

# table -> columns whose changes keep the memo (they are not part of what is held)
WATCHED = {"services": (), "counters": ("priority_streak",), "procedures": (), "devices": ("last_seen",)}
# The service times behind each estimate change only when a ticket is done or a done one changes.
DONE = "OLD.status = 'done' OR NEW.status = 'done'"
SERVICE_TIMES = (("INSERT", "NEW.status = 'done'"), ("DELETE", "OLD.status = 'done'"),
                 ("UPDATE OF status, called_at, finished_at, service_id", DONE))
CHANGED = "kiosk_memo_changed"
MAX_ROWS_PER_TABLE = 10_000     # procedures of a large catalogue; device tokens tried by a stranger


class Memo:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.tables: dict[str, dict] = {}
        self.changing: set[str] = set()       # changed by this connection's open transaction
        self.version: int | None = None
        # True while this connection holds the write lock (kiosk/server/batching.py): no other
        # connection can commit then, so data_version cannot change and is not asked (the
        # connection may be busy with a COMMIT on another thread)
        self.hold = False
        # Names the moment of a check (kiosk/server/turns.py): a check at the same moment as the
        # last one is not asked again. None: every check asks.
        self.moment: Callable[[], object] | None = None
        self._checked_at: object = None
        conn.create_function(CHANGED, 1, self._changed)
        for table, kept in WATCHED.items():
            _watch(conn, table, kept)
        has_tickets = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickets'").fetchone()
        for event, when in SERVICE_TIMES if has_tickets else ():   # a catalogue-only scratch file has none
            conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS memo_service_times_{event.split()[0].lower()} "
                         f"AFTER {event} ON main.tickets WHEN {when} BEGIN SELECT {CHANGED}('service_times'); END")

    def _changed(self, table: str) -> None:
        self.tables.pop(table, None)
        if self.conn.in_transaction:      # a statement on its own is committed when it ends
            self.changing.add(table)

    def ended(self) -> None:
        """This connection's transaction was committed or rolled back: what it changed may be
        held again (until now its reads were thrown away, see table())."""
        self.changing.clear()

    def check(self, ask: bool = False) -> "Memo":
        """Forget everything if another connection committed since the last check. `ask`: ask
        the database even at the moment of the last check (a transaction has just begun)."""
        if self.hold and self.version is not None:
            return self
        moment = self.moment() if self.moment else None
        if not ask and moment is not None and moment == self._checked_at and self.version is not None:
            return self
        self._checked_at = moment
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self.version:
            self.tables.clear()
            self.version = version
        return self

    def table(self, name: str) -> dict:
        """The memo of one table, after check(): a throwaway dict while this connection's
        open transaction has changed the table."""
        if name in self.changing:
            if self.conn.in_transaction:
                return {}
            self.changing.discard(name)
        rows = self.tables.setdefault(name, {})
        if len(rows) > MAX_ROWS_PER_TABLE:
            rows.clear()
        return rows


def _watch(conn: sqlite3.Connection, table: str, kept: tuple[str, ...]) -> None:
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    if not columns:
        return
    watched = ", ".join(c for c in columns if c not in kept)
    for event in ("INSERT", "DELETE", f"UPDATE OF {watched}"):
        name = f"memo_{table}_{event.split()[0].lower()}"
        conn.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS {name} AFTER {event} ON main.{table} "
                     f"BEGIN SELECT {CHANGED}('{table}'); END")


class Catalogue:
    """Services, counters and procedures as the queue reads them on each ticket, from the
    memo. A counter's priority streak is not here (it changes with every call): read
    `Store.counter` for that."""

    def __init__(self, store, memo: Memo):
        self.store, self.memo = store, memo

    def service(self, service_id: str) -> dict | None:
        return self._services().get(service_id)

    def counter(self, counter_id: int) -> dict | None:
        return self._counters().get(counter_id)

    def active_counters(self) -> list[dict]:
        return [c for c in self._counters().values() if c["active"]]

    def procedure(self, code: str) -> dict | None:
        rows = self.memo.table("procedures")
        row = rows.get(code)
        if row is None:
            row = self.store.procedure(code)
            if row is not None:
                rows[code] = row
        return row

    def _services(self) -> dict:
        rows = self.memo.table("services")
        if not rows:
            rows.update((s["id"], s) for s in self.store.services(active_only=False))
        return rows

    def _counters(self) -> dict:
        rows = self.memo.table("counters")
        if not rows:
            rows.update((c["id"], {k: v for k, v in c.items() if k != "priority_streak"})
                        for c in self.store.counters(active_only=False))
        return rows
