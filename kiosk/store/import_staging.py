"""The SQL of an import staged in a scratch file and published with one short transaction.

The scratch file (an SQLite database of its own, thrown away afterwards) carries an import
between the server and the import worker process (kiosk/admin/import_apply.py):

    procedures, services   raw copies of the catalogue the plan is made against
    plan_codes             every code the plan read (new, changed or unchanged)
    staged_procedures      the rows to write, encoded as the store stores them
    staged_audit           the audit entries to write

Publishing ATTACHes it and copies the staged rows in SQL, so while the write lock is held
no Python runs per row and the import's rows were encoded elsewhere.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlite_utils import Database

from kiosk.store import Store, _encode

SCRATCH = "import_scratch"
AUDIT_COLUMNS = ("action", "entity", "entity_id", "before", "after", "summary")


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
        yield
    finally:
        store.db.execute(f"DETACH DATABASE {SCRATCH}")


def copy_catalogue(store: Store) -> None:
    """Copy the procedures and services into the attached scratch file, from one read snapshot
    (the write lock of the centre's database is never taken)."""
    conn = store.db.conn
    conn.execute("BEGIN")
    try:
        for table in ("procedures", "services"):
            conn.execute(f"CREATE TABLE {SCRATCH}.{table} AS SELECT * FROM main.{table}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def stage_plan(scratch: Store, codes: list[str], rows: list[dict], audits: list[tuple]) -> None:
    """Write what applying will copy (run by the worker, on the scratch file it was given)."""
    encoded = [_encode("procedures", row) for row in rows]
    columns = list(encoded[0]) if encoded else ["code"]
    conn = scratch.db.conn
    with scratch.write():
        conn.execute("CREATE TABLE plan_codes (code TEXT PRIMARY KEY)")
        conn.executemany("INSERT INTO plan_codes VALUES (?)", [[code] for code in codes])
        conn.execute(f"CREATE TABLE staged_procedures ({', '.join(columns)})")
        conn.executemany(f"INSERT INTO staged_procedures VALUES ({', '.join('?' for _ in columns)})",
                         [[row.get(c) for c in columns] for row in encoded])
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


def publish_staged(store: Store, at: str, actor: str | None) -> None:
    """Copy the staged procedures (stamped `at`) and audit entries into the catalogue (call
    inside `store.write()`, scratch attached)."""
    columns = [row[1] for row in store.db.execute(f"PRAGMA {SCRATCH}.table_info(staged_procedures)")
               if row[1] != "updated_at"]
    if len(columns) > 1:
        store.db.execute(
            f"INSERT INTO main.procedures ({', '.join(columns)}, updated_at) SELECT {', '.join(columns)}, ? "
            f"FROM {SCRATCH}.staged_procedures WHERE true ON CONFLICT(code) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in [*columns, "updated_at"] if c != "code"), [at])
    store.db.execute(
        f"INSERT INTO main.audit (at, actor, {', '.join(AUDIT_COLUMNS)}) SELECT ?, ?, {', '.join(AUDIT_COLUMNS)} "
        f"FROM {SCRATCH}.staged_audit ORDER BY rowid", [at, actor])
