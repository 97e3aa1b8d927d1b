"""Reads of the waiting queue (call next, people ahead, the overview) stay indexed however
long the queue is: the bucket counts agree with a plain count, and no query plan scans tickets."""
from __future__ import annotations

import random
import uuid

import pytest

from kiosk.core.policy import PRIORITY_KINDS
from kiosk.core.queue import Queue
from tests.conftest import seeded_store

CODES = {"HT": "1.001193", "CT": "2.000815"}


def plain_count_ahead(store, ticket) -> int:
    """people_ahead as a COUNT over the queue: the rule the bucket counts must match."""
    older = "(issued_at < :at OR (issued_at = :at AND id < :id))"
    rule = f"priority IS NOT NULL AND {older}" if ticket["priority"] else f"(priority IS NOT NULL OR {older})"
    return store._row(f"SELECT COUNT(*) AS n FROM tickets WHERE status = 'waiting' AND service_id = :service "
                      f"AND id != :id AND {rule}",
                      {"at": ticket["issued_at"], "id": ticket["id"], "service": ticket["service_id"]})["n"]


def issue_many(queue, clock, count, seed=7):
    rng = random.Random(seed)
    tickets = []
    for _ in range(count):
        if rng.random() < 0.6:               # several tickets in one second, in both lanes
            clock.advance(seconds=rng.choice([0.0, 0.2, 1, 7, 40]))
        priority = rng.choice(PRIORITY_KINDS) if rng.random() < 0.2 else None
        tickets.append(queue.issue(CODES[rng.choice(["HT", "CT"])], priority, str(uuid.uuid4())))
    return tickets


def test_people_ahead_matches_a_plain_count_through_calls_transfers_and_cancels(config, clock):
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    tickets = issue_many(queue, clock, 300)
    for counter in (1, 2, 2, 3, 1, 2):
        queue.call_next(counter)
    queue.cancel(tickets[40]["id"])
    queue.transfer(tickets[41]["id"], "CT" if tickets[41]["service"]["id"] == "HT" else "HT")
    moved = tickets[42]["id"]
    store.update_ticket(moved, issued_at=clock.now().isoformat(timespec="milliseconds"))   # a re-queue at the back
    for ticket in tickets:
        row = store.ticket(ticket["id"])
        if row["status"] == "waiting":
            assert store.count_waiting_ahead(row) == plain_count_ahead(store, row), row
            assert store.count_waiting_ahead_of_newest(row) == plain_count_ahead(store, row), row
    for service in ("HT", "CT"):
        plain = store._row("SELECT COUNT(*) AS n FROM tickets WHERE status = 'waiting' AND service_id = ?", [service])
        assert store.waiting_count(service) == plain["n"]


def test_counts_of_a_database_made_before_the_migration_are_filled_in(config, clock, tmp_path):
    from kiosk.store.migrations import MIGRATIONS, apply_migrations, count_waiting_tickets
    seeded = seeded_store(config, tmp_path / "old.db")     # seed and issue with today's schema,
    queue = Queue(seeded, config, clock)
    issue_many(queue, clock, 40)
    expected = {s: seeded.waiting_count(s) for s in ("HT", "CT")}
    migration = MIGRATIONS.index(next(m for m in MIGRATIONS if m.__name__ == "_m006_call_indexes"))
    db = seeded.db                               # then undo the migration and run it again
    for name in ("tickets_waiting_insert", "tickets_waiting_delete", "tickets_waiting_leave", "tickets_waiting_enter"):
        db.execute(f"DROP TRIGGER {name}")
    for name in ("idx_tickets_waiting_normal", "idx_tickets_waiting_priority", "idx_tickets_at_counter_now",
                 "idx_tickets_recent_calls"):
        db.execute(f"DROP INDEX {name}")
    db.execute("DROP TABLE waiting_counts")
    db.execute("DROP TABLE count_levels")
    db.execute(f"PRAGMA user_version = {migration}")
    apply_migrations(db, MIGRATIONS[:migration + 1])      # that migration alone; later ones stay applied
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    assert {s: seeded.waiting_count(s) for s in ("HT", "CT")} == expected
    assert all(expected.values())
    db.execute("UPDATE waiting_counts SET n = 0")     # counts lost: a repair rebuilds them
    count_waiting_tickets(db)
    assert {s: seeded.waiting_count(s) for s in ("HT", "CT")} == expected


def statements_of_a_call_an_estimate_and_the_overview(store, queue, tickets) -> list[str]:
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    queue.call_next(2)                           # counter 2 serves two services
    queue.ticket(tickets[-1]["id"])              # a waiting ticket: people ahead and the estimate
    queue.ticket(next(t["id"] for t in reversed(tickets) if t["priority"]))
    queue.overview()
    store.db.conn.set_trace_callback(None)
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")
            and ("tickets" in s or "waiting_counts" in s)]


@pytest.mark.parametrize("analyzed", [False, True], ids=["fresh", "after ANALYZE"])
def test_call_next_people_ahead_and_overview_never_scan_the_tickets(config, clock, analyzed):
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    tickets = issue_many(queue, clock, 400)
    if analyzed:                                 # the planner must not be fooled by statistics either
        store.db.execute("ANALYZE")
    reads = statements_of_a_call_an_estimate_and_the_overview(store, queue, tickets)
    assert len(reads) >= 10 and any("waiting_counts" in sql for sql in reads)
    for sql in reads:
        steps = [row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        plan = " | ".join(steps)
        assert "SCAN tickets" not in plan, (sql, plan)
        # the bucket counts: one primary-key range per level, never a walk over a lane's buckets
        counts = [step for step in steps if "waiting_counts" in step or step.startswith(("SEARCH c ", "SCAN c"))]
        assert all(step.startswith("SEARCH") and "level=?" in step for step in counts), (sql, plan)
        assert "TEMP B-TREE" not in plan or "LIMIT" not in sql.upper(), (sql, plan)
        if "status = 'waiting'" in sql:          # a lane of waiting tickets: its own partial index, in order
            assert "USING INDEX idx_tickets_waiting_" in plan or "USING COVERING INDEX idx_tickets_waiting_" in plan, \
                (sql, plan)


@pytest.mark.parametrize("priority", [None, "elderly"])
def test_a_ticket_issued_in_the_same_second_as_others_counts_only_those_before_it(config, clock, priority):
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    first = [queue.issue("1.001193", priority, str(uuid.uuid4())) for _ in range(3)]
    assert [t["people_ahead"] for t in first] == [0, 1, 2]
