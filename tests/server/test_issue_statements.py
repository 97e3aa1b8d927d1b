"""A guard on the issuing hot path (issue 12: >= 600 tickets/s at 8 clients, bench/server.py):
the SQL statements one POST /api/tickets costs the server, counted with SQLite's trace
callback on both of its connections. Before the catalogue and token memo (kiosk/store/memo.py)
an issue read the services three times, the counters twice, the procedure and the device
token and the recent service times each time: 13 statements on tables on the writing
connection alone (17 with the transaction's)."""
import itertools
import re
import sqlite3
import time

TABLE_STATEMENT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE)", re.IGNORECASE)
DURABLE_MARK = "SELECT MAX(id) AS id FROM events"   # the last event an fsync covers (kiosk/server/batching.py)
CATALOGUE = re.compile(r"FROM (services|counters|procedures|devices)\b|status = 'done'")


def statements(traced: list[str]) -> list[str]:
    """The trace repeats a statement for each trigger it fires (the waiting counts' triggers)."""
    return [text for text, _ in itertools.groupby(traced)]


def traced_issues(centre, tickets: int) -> tuple[list[str], list[str], list[str]]:
    """The writer's statements, the event stream reader's before any stream asked for the
    new events, and the reader's while two streams fetch them."""
    state = centre.client.app.state
    writer, reader = [], []
    state.store.db.conn.set_trace_callback(writer.append)
    state.reader.store.db.conn.set_trace_callback(reader.append)
    try:
        before = state.tail.last_id
        for _ in range(tickets):
            assert centre.issue().status_code == 201
        last = sqlite3.connect(state.db_path).execute("SELECT MAX(id) FROM events").fetchone()[0]
        deadline = time.monotonic() + 10
        while state.tail.last_id < last and time.monotonic() < deadline:   # the event stream's reader
            time.sleep(0.01)
        unasked = list(reader)
        for full in (True, False):           # a staff console's stream and a lobby display's
            frames = centre.client.portal.call(state.tail.frames_after, before, full)
            assert len(frames) == tickets
    finally:
        state.store.db.conn.set_trace_callback(None)
        state.reader.store.db.conn.set_trace_callback(None)
    return statements(writer), statements(unasked), statements(reader[len(unasked):])


def test_issuing_reads_no_catalogue_row_and_costs_six_table_statements(centre):
    for _ in range(3):
        assert centre.issue().status_code == 201        # the memo fills on the first tickets
    tickets = 10
    writer, unasked, streamed = traced_issues(centre, tickets)
    durable_marks = [s for s in writer if s == DURABLE_MARK]
    table = [s for s in writer if TABLE_STATEMENT.match(s) and s != DURABLE_MARK]
    # client_id replay check, number, ticket (returned by its INSERT, not read back), event,
    # people ahead, and the one statement of two indexed counts that puts the booked
    # appointments into a walk-in's estimate (issue 17)
    assert len(table) <= 6 * tickets, "\n".join(table)
    assert len(durable_marks) <= tickets        # once per fsync, however many tickets it covers
    assert not [s for s in writer if CATALOGUE.search(s)]
    rendered = [s for s in unasked + streamed if s.startswith("SELECT * FROM tickets WHERE id")]
    assert len(rendered) == tickets                   # each event's ticket is rendered once for every stream
    assert not [s for s in unasked if s.startswith("SELECT * FROM tickets WHERE id")]   # and only when asked
