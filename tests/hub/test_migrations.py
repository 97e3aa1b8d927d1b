"""Two hub processes starting at once against a fresh database: one migrates, the other waits."""
from __future__ import annotations

import threading

import psycopg
from psycopg.rows import dict_row

from kiosk.hub.migrations import MIGRATIONS, apply_migrations


def test_two_processes_migrating_at_once_make_the_schema_once(hub_dsn):
    results, errors = [], []

    def start():
        try:
            with psycopg.connect(hub_dsn, row_factory=dict_row, autocommit=True) as conn:
                results.append(apply_migrations(conn))
        except Exception as error:   # noqa: BLE001 - the assertion below shows it
            errors.append(error)
    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == [len(MIGRATIONS)] * 3
    with psycopg.connect(hub_dsn, row_factory=dict_row) as conn:
        assert conn.execute("SELECT array_agg(version) AS v FROM schema_version").fetchone()["v"] == [len(MIGRATIONS)]
        tables = {r["tablename"] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert {"centres", "events", "tickets", "accounts", "procedures", "voice_packs", "schedules", "bookings"} <= tables


def test_a_later_migration_runs_once_on_an_existing_schema(hub_conn):
    hub_conn.autocommit = True
    ran = []

    def _m002_example(conn):
        ran.append(1)
        conn.execute("CREATE TABLE example (id int)")
    assert apply_migrations(hub_conn, [*MIGRATIONS, _m002_example]) == len(MIGRATIONS) + 1
    assert apply_migrations(hub_conn, [*MIGRATIONS, _m002_example]) == len(MIGRATIONS) + 1
    assert ran == [1]
