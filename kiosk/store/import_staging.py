"""The SQL of an import staged in a scratch file and published with one short transaction.

The scratch file (an SQLite database of its own, thrown away afterwards) carries an import
between the server and the import worker process (kiosk/admin/import_apply.py):

    procedures, services   raw copies of the catalogue the plan is made against
    plan_codes             every code the plan read (new, changed or unchanged)
    staged_procedures      the rows to write, encoded as the store stores them
    staged_fee_rules       the fee rule proposed from each row's fee text (kiosk/core/fee_rules.py)
    staged_audit           the audit entries to write

The server ATTACHes it and, with its own connection: writes the audit entries into
`import_audit_pending` in chunks of short transactions (invisible: no reader looks there);
publishes with one transaction that checks the plan is still current, upserts the staged
procedures and fee rules in SQL and marks the batch in `import_published`; then moves the batch's entries
into `audit`, again in chunks. A batch killed before it is published is discarded by the next
apply; one killed after it is published is moved by the next apply or server start.

Each write transaction is entered through `hold` (the server's WriteGate,
kiosk/server/write_gate.py): ticket issuing waits for it without blocking the event loop.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Callable, ContextManager, Iterator

from sqlite_utils import Database

from kiosk.store import Store, _encode
from kiosk.store.fees import KEEP_CONFIRMED, encoded_rule

SCRATCH = "import_scratch"
AUDIT_COLUMNS = ("action", "entity", "entity_id", "before", "after", "summary")
CHUNK = 250   # rows per short transaction: a few milliseconds of write lock
Hold = Callable[[], ContextManager]


def open_scratch(path: str | Path) -> Store:
    """The scratch file as a Store: `procedures()` and `services()` read its copies."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")   # a throwaway file: nothing to recover
    conn.execute("PRAGMA synchronous=OFF")
    return Store(Database(conn))


@contextmanager
def scratch_attached(store: Store, path: str | Path) -> Iterator[None]:
    store.db.execute(f"ATTACH DATABASE ? AS {SCRATCH}", [str(path)])
    try:
        store.db.execute(f"PRAGMA {SCRATCH}.synchronous=OFF")
        store.db.execute("PRAGMA main.cache_size=-65536")   # 64 MB: publishing never spills mid-transaction
        yield
    finally:
        store.db.execute(f"DETACH DATABASE {SCRATCH}")


@contextmanager
def durable(store: Store) -> Iterator[None]:
    """Commits inside are synced to disk (the connection's other commits need not be: the WAL
    keeps them in order, and the next synced commit syncs them too)."""
    level = store.db.execute("PRAGMA synchronous").fetchone()[0]
    store.db.execute("PRAGMA synchronous=FULL")
    try:
        yield
    finally:
        store.db.execute(f"PRAGMA synchronous={int(level)}")


def copy_catalogue(store: Store) -> None:
    """Copy the procedures and services into the attached scratch file, from one read snapshot
    (the write lock of the centre's database is never taken)."""
    conn = store.db.conn
    conn.execute("BEGIN")
    try:
        for table in ("procedures", "services"):
            conn.execute(f"CREATE TABLE {SCRATCH}.{table} AS SELECT * FROM main.{table}")
        conn.execute(f"CREATE UNIQUE INDEX {SCRATCH}.procedures_code ON procedures (code)")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def stage_plan(scratch: Store, codes: list[str], rows: list[dict], audits: list[tuple],
               rules: list[tuple[str, dict | None, str]]) -> None:
    """Write what applying will copy (run by the worker, on the scratch file it was given);
    `rules` are the (code, rule, status) proposals for the rows' fee texts."""
    encoded = [_encode("procedures", row) for row in rows]
    columns = list(encoded[0]) if encoded else ["code"]
    conn = scratch.db.conn
    with scratch.write():
        conn.execute("CREATE TABLE plan_codes (code TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO plan_codes VALUES (?)", [[code] for code in codes])
        conn.execute(f"CREATE TABLE staged_procedures ({', '.join(columns)})")
        conn.executemany(f"INSERT INTO staged_procedures VALUES ({', '.join('?' for _ in columns)})",
                         [[row.get(c) for c in columns] for row in encoded])
        conn.execute("CREATE TABLE staged_fee_rules (code, rule, status)")
        conn.executemany("INSERT INTO staged_fee_rules VALUES (?, ?, ?)",
                         [(code, encoded_rule(rule), status) for code, rule, status in rules])
        conn.execute(f"CREATE TABLE staged_audit ({', '.join(AUDIT_COLUMNS)})")
        conn.executemany(f"INSERT INTO staged_audit VALUES ({', '.join('?' for _ in AUDIT_COLUMNS)})", audits)


def staged_still_current(store: Store) -> bool:
    """Whether every procedure the plan read is still stored exactly as copied (call inside
    `store.write()`, scratch attached): otherwise the import must be previewed again."""
    columns = [row[1] for row in store.db.execute(f"PRAGMA {SCRATCH}.table_info(procedures)")]
    differs = " OR ".join(f"p.{c} IS NOT s.{c}" for c in columns)
    changed = store.db.execute(
        f"SELECT 1 FROM {SCRATCH}.plan_codes k LEFT JOIN main.procedures p ON p.code = k.code "
        f"LEFT JOIN {SCRATCH}.procedures s ON s.code = k.code WHERE {differs} LIMIT 1").fetchone()
    return changed is None


def stage_audits(store: Store, batch: str, hold: Hold = nullcontext) -> None:
    """Copy the staged audit entries into `import_audit_pending` under `batch`, CHUNK rows per
    transaction (scratch attached)."""
    last = store.db.execute(f"SELECT max(rowid) FROM {SCRATCH}.staged_audit").fetchone()[0] or 0
    for first in range(1, last + 1, CHUNK):
        with hold(), store.write():
            store.db.execute(
                f"INSERT INTO import_audit_pending (batch, {', '.join(AUDIT_COLUMNS)}) SELECT ?, "
                f"{', '.join(AUDIT_COLUMNS)} FROM {SCRATCH}.staged_audit WHERE rowid BETWEEN ? AND ? ORDER BY rowid",
                [batch, first, first + CHUNK - 1])


def publish_staged(store: Store, batch: str, at: str, actor: str | None, entry: dict) -> None:
    """Upsert the staged procedures and fee rules (stamped `at`; a confirmed rule stays), add
    `entry` (the import's own audit entry, AUDIT_COLUMNS) as the batch's last and mark the
    batch published (inside `store.write()`, scratch attached)."""
    columns = [row[1] for row in store.db.execute(f"PRAGMA {SCRATCH}.table_info(staged_procedures)")
               if row[1] != "updated_at"]
    if len(columns) > 1:
        store.db.execute(
            f"INSERT INTO main.procedures ({', '.join(columns)}, updated_at) SELECT {', '.join(columns)}, ? "
            f"FROM {SCRATCH}.staged_procedures WHERE true ON CONFLICT(code) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in [*columns, "updated_at"] if c != "code"), [at])
    store.db.execute(f"INSERT INTO main.fee_rules (code, rule, status, updated_at, updated_by) SELECT code, rule, "
                     f"status, ?, ? FROM {SCRATCH}.staged_fee_rules WHERE true " + KEEP_CONFIRMED, [at, "import"])
    store.db.execute(f"INSERT INTO import_audit_pending (batch, {', '.join(AUDIT_COLUMNS)}) "
                     f"VALUES (?, {', '.join('?' for _ in AUDIT_COLUMNS)})", [batch, *(entry[c] for c in AUDIT_COLUMNS)])
    store.db.execute("INSERT INTO import_published (batch, at, actor) VALUES (?, ?, ?)", [batch, at, actor])


def move_published_audits(store: Store, hold: Hold = nullcontext) -> None:
    """Move the entries of published batches into `audit`, in order, CHUNK per transaction."""
    while True:
        with hold(), store.write():
            last = store.db.execute(
                "SELECT max(id) FROM (SELECT p.id FROM import_audit_pending p JOIN import_published b USING (batch) "
                "ORDER BY p.id LIMIT ?)", [CHUNK]).fetchone()[0]
            if last is None:
                store.db.execute("DELETE FROM import_published")
                return
            store.db.execute(
                f"INSERT INTO audit (at, actor, {', '.join(AUDIT_COLUMNS)}) SELECT b.at, b.actor, "
                f"{', '.join('p.' + c for c in AUDIT_COLUMNS)} FROM import_audit_pending p JOIN import_published b "
                "USING (batch) WHERE p.id <= ? ORDER BY p.id", [last])
            store.db.execute("DELETE FROM import_audit_pending WHERE id <= ? AND batch IN "
                             "(SELECT batch FROM import_published)", [last])


def discard_unpublished(store: Store, hold: Hold = nullcontext) -> None:
    """Drop the pending entries of batches never published (an apply killed or refused)."""
    while True:
        with hold(), store.write():
            gone = store.db.execute(
                "DELETE FROM import_audit_pending WHERE id IN (SELECT id FROM import_audit_pending WHERE batch NOT IN "
                "(SELECT batch FROM import_published) LIMIT ?)", [CHUNK]).rowcount
        if gone < CHUNK:
            return
