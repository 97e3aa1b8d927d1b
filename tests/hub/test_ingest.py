"""Exactly once, in the centre's order: kiosk/hub/ingest.py against the real PostgreSQL."""
from __future__ import annotations

import threading

import psycopg
from psycopg.rows import dict_row

from kiosk.hub.ingest import ingest, validate_push


def add_centre(conn, code="P01") -> int:
    with conn.transaction():
        return conn.execute("INSERT INTO centres (code, name, token_hash) VALUES (%s, %s, %s) RETURNING id",
                            [code, f"Phường {code}", f"hash-{code}"]).fetchone()["id"]


def events(first: int, last: int) -> list[dict]:
    """Issue events of tickets first..last (event id = ticket id), each naming the one before."""
    return [{"id": n, "prev": n - 1, "type": "ticket.issued", "at": f"2026-12-01T08:{n % 60:02d}:00+07:00",
             "ticket_id": n, "counter_id": None,
             "data": {"day": "2026-12-01", "service_id": "HT", "issued_service_id": "HT", "status": "waiting"}}
            for n in range(first, last + 1)]


def stored(conn, centre: int) -> list[int]:
    return [r["event_id"] for r in conn.execute("SELECT event_id FROM events WHERE centre_id = %s ORDER BY 1", [centre])]


def test_an_event_that_overtakes_its_predecessors_is_held_until_the_gap_is_filled(hub_conn):
    centre = add_centre(hub_conn)
    assert ingest(hub_conn, centre, {"events": events(4, 6)}) == {"applied_through": 0, "held": 3}
    assert hub_conn.execute("SELECT count(*) AS n FROM tickets").fetchone()["n"] == 0   # not applied yet
    assert ingest(hub_conn, centre, {"events": events(1, 3)}) == {"applied_through": 6, "held": 0}
    assert hub_conn.execute("SELECT count(*) AS n FROM tickets").fetchone()["n"] == 6


def test_a_duplicate_push_is_harmless(hub_conn):
    centre = add_centre(hub_conn)
    ingest(hub_conn, centre, {"events": events(1, 5)})
    assert ingest(hub_conn, centre, {"events": events(1, 5)}) == {"applied_through": 5, "held": 0}
    assert ingest(hub_conn, centre, {"events": events(3, 8)})["applied_through"] == 8
    assert stored(hub_conn, centre) == list(range(1, 9))
    assert hub_conn.execute("SELECT count(*) AS n FROM tickets").fetchone()["n"] == 8


def test_later_events_move_the_ticket_projection(hub_conn):
    centre = add_centre(hub_conn)
    called = {"id": 2, "prev": 1, "type": "ticket.called", "at": "2026-12-01T08:11:30+07:00", "ticket_id": 1,
              "counter_id": 3, "data": {"status": "called", "service_id": "HT"}}
    finished = {**called, "id": 3, "prev": 2, "type": "ticket.finished", "at": "2026-12-01T08:20:00+07:00",
                "data": {"status": "done", "service_id": "HT"}}
    ingest(hub_conn, centre, {"events": [*events(1, 1), finished]})            # 3 is held behind 2
    ingest(hub_conn, centre, {"events": [called]})
    ticket = hub_conn.execute("SELECT status, counter_id, called_at, finished_at FROM tickets").fetchone()
    assert ticket["status"] == "done" and ticket["counter_id"] == 3
    assert ticket["called_at"].isoformat() == "2026-12-01T01:11:30+00:00"
    assert ticket["finished_at"].isoformat() == "2026-12-01T01:20:00+00:00"


def test_two_hub_processes_pushing_one_centre_at_once_store_each_event_once(hub_conn, hub_dsn):
    centre = add_centre(hub_conn)
    batches = [events(1, 400), events(200, 700), events(1, 700)]

    def push(batch):
        with psycopg.connect(hub_dsn, row_factory=dict_row) as conn:
            ingest(conn, centre, {"events": batch})
    threads = [threading.Thread(target=push, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stored(hub_conn, centre) == list(range(1, 701))
    assert hub_conn.execute("SELECT applied_through FROM centres").fetchone()["applied_through"] == 700


def test_a_malformed_push_is_named_precisely():
    assert validate_push({"events": [{"id": 2, "prev": 2, "type": "x", "at": "2026-12-01T08:00:00"}]}) == \
        "events[0].prev must be below its id"
    assert validate_push({"events": [{"id": "1", "prev": 0}]}) == "events[0].id must be an integer"
    assert validate_push([]) == "the body must be an object with a list 'events'"
    assert validate_push({"events": events(1, 2)}) is None
