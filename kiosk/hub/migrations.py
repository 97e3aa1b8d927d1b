"""Numbered PostgreSQL migrations, applied at start-up (as kiosk/store/migrations.py for SQLite).

Several hub processes may start at once: a session advisory lock makes them take turns, and
the one that comes second finds the schema already up to date. Never edit a released
migration; append the next.
"""
from __future__ import annotations

import psycopg
from psycopg.rows import tuple_row

LOCK_KEY = 1_900_019   # pg_advisory_lock key: "issue 19"


def _m001_initial(conn: psycopg.Connection) -> None:
    conn.execute("""
        CREATE TABLE centres (
            id serial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL, district text NOT NULL DEFAULT '',
            token_hash text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now(),
            applied_through bigint NOT NULL DEFAULT 0,     -- every event up to here is stored and applied
            head bigint NOT NULL DEFAULT 0,                -- the centre's last event id, as it last said
            last_contact timestamptz, services jsonb NOT NULL DEFAULT '[]', catalogue_version bigint NOT NULL DEFAULT 0)""")
    # One row per event of each centre, exactly once: the key is (centre, the centre's event id).
    # `prev` is the id of the event before it in the centre's log: an event is applied only
    # once its predecessor is, so a batch that overtakes another waits (is "held").
    conn.execute("""
        CREATE TABLE events (
            centre_id int NOT NULL REFERENCES centres (id), event_id bigint NOT NULL, prev bigint NOT NULL,
            type text NOT NULL, at text NOT NULL, ticket_id bigint, counter_id int, data jsonb NOT NULL DEFAULT '{}',
            issued_at text, received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (centre_id, event_id))""")
    conn.execute("CREATE INDEX events_chain ON events (centre_id, prev)")
    conn.execute("CREATE INDEX events_at ON events (centre_id, at)")
    # Each ticket's present state, kept from the applied events: what the dashboard and the
    # public page read (a day of the city is ~70,000 rows, whatever the length of the log).
    conn.execute("""
        CREATE TABLE tickets (
            centre_id int NOT NULL, ticket_id bigint NOT NULL, day date NOT NULL, service_id text NOT NULL,
            status text NOT NULL, issued_at timestamptz NOT NULL, called_at timestamptz, finished_at timestamptz,
            last_called_at timestamptz, counter_id int, rating text,
            wait_minutes float8, service_minutes float8,    -- issue to first call; last call to finish
            PRIMARY KEY (centre_id, ticket_id))""")
    # Covering: the dashboard and the public page read a day's rows from the index alone.
    conn.execute("CREATE INDEX tickets_day ON tickets (day, centre_id) "
                 "INCLUDE (service_id, status, wait_minutes, service_minutes, counter_id, rating)")
    conn.execute("""
        CREATE TABLE accounts (
            id serial PRIMARY KEY, name text NOT NULL UNIQUE, role text NOT NULL CHECK (role IN ('manager', 'admin')),
            token_hash text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())""")
    conn.execute("CREATE SEQUENCE catalogue_version")
    conn.execute("""
        CREATE TABLE procedures (
            code text PRIMARY KEY, record jsonb NOT NULL, version bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(), updated_by text)""")
    conn.execute("CREATE INDEX procedures_version ON procedures (version)")


def _m002_down(conn: psycopg.Connection) -> None:
    """What else travels down: the province voice pack, each centre's published booking
    schedule, and the bookings citizens make on the hub (kiosk/hub/voice_packs.py, bookings.py)."""
    conn.execute("CREATE SEQUENCE voice_pack_version")
    conn.execute("""
        CREATE TABLE voice_packs (
            version bigint PRIMARY KEY, manifest jsonb NOT NULL, zip bytea NOT NULL,
            uploaded_by text NOT NULL, uploaded_at timestamptz NOT NULL DEFAULT now())""")
    # `bookings_version`: the last hub booking the centre had applied when it counted `schedule`.
    conn.execute("""
        CREATE TABLE schedules (
            centre_id int PRIMARY KEY REFERENCES centres (id), schedule jsonb NOT NULL,
            bookings_version bigint NOT NULL, published_at timestamptz NOT NULL DEFAULT now())""")
    conn.execute("CREATE SEQUENCE booking_version")
    conn.execute("""
        CREATE TABLE bookings (
            centre_id int NOT NULL REFERENCES centres (id), code text NOT NULL, day text NOT NULL,
            slot text NOT NULL, service_id text NOT NULL, procedure_code text NOT NULL, procedure_name text NOT NULL,
            version bigint NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (centre_id, code))""")
    conn.execute("CREATE INDEX bookings_slot ON bookings (centre_id, day, service_id, slot)")


def _m003_day_rollups(conn: psycopg.Connection) -> None:
    """Reports from one partial per centre and day (kiosk/core/report_fold.py), not from every event.

    `day_marks`: the last applied event of each centre-day, kept at ingest; a rollup made
    `through` an earlier event is stale. `day_spans`: centre-days where a ticket's events fall on
    two days; a period touching one is folded from its events (partials would not add up)."""
    conn.execute("""
        CREATE TABLE day_marks (
            centre_id int NOT NULL, day date NOT NULL, last_event bigint NOT NULL, PRIMARY KEY (centre_id, day))""")
    conn.execute("""
        CREATE TABLE day_rollups (
            centre_id int NOT NULL, day date NOT NULL, through bigint NOT NULL, partial jsonb NOT NULL,
            PRIMARY KEY (centre_id, day))""")
    conn.execute("CREATE TABLE day_spans (centre_id int NOT NULL, day date NOT NULL, PRIMARY KEY (centre_id, day))")
    conn.execute("CREATE INDEX day_marks_day ON day_marks (day)")
    from kiosk.hub.ingest import mark_days      # the same statements ingest runs, over what is applied already
    for centre, applied in conn.cursor(row_factory=tuple_row).execute("SELECT id, applied_through FROM centres"):
        mark_days(conn, centre, 0, applied)


MIGRATIONS = [_m001_initial, _m002_down, _m003_day_rollups]


def apply_migrations(conn: psycopg.Connection, migrations: list | None = None) -> int:
    """Bring the schema up to date; return its version. `conn` must be in autocommit mode."""
    migrations = MIGRATIONS if migrations is None else migrations
    conn.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version int NOT NULL)")
        with conn.transaction():
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                conn.execute("INSERT INTO schema_version VALUES (0)")
        version = _version(conn)
        for number, migration in enumerate(migrations[version:], start=version + 1):
            with conn.transaction():
                migration(conn)
                conn.execute("UPDATE schema_version SET version = %s", [number])
        return len(migrations)
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def _version(conn) -> int:
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return row["version"] if isinstance(row, dict) else row[0]
