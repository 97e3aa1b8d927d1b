"""The city report from day rollups: the same figures as folding every event of the period,
a day remade when events of it arrive later, and a ticket spanning two days folded whole."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import psycopg
from psycopg.rows import dict_row

from kiosk.core.reports import compute, month_period
from kiosk.hub import closed_days, ingest, reports
from kiosk.hub.db import open_pool

SERVICES = [{"id": "HT", "name": "Hộ tịch"}, {"id": "CT", "name": "Chứng thực"}]
MONTH = month_period("2026-11")


def ticket_events(day: date, ticket: int, minutes: int, rating: str | None = "satisfied") -> list[dict]:
    """One ticket's day (its id made from the day, so ids stay unique across days)."""
    issued = datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=ticket)
    ticket += 100 * day.day
    service = SERVICES[ticket % 2]["id"]
    steps = [("ticket.issued", 0), ("ticket.called", minutes), ("ticket.finished", minutes + 5)]
    if rating:
        steps.append(("ticket.rated", minutes + 6))
    return [{"type": kind, "at": (issued + timedelta(minutes=offset)).isoformat(timespec="milliseconds") + "+07:00",
             "ticket_id": ticket, "counter_id": None if kind == "ticket.issued" else 1,
             "data": {"day": day.isoformat(), "service_id": service, "issued_service_id": service,
                      **({"rating": rating} if kind == "ticket.rated" else {})}} for kind, offset in steps]


def push(conn, centre: int, events: list[dict], first_id: int) -> int:
    numbered = [{**e, "id": first_id + i, "prev": first_id + i - 1, "issued_at": None} for i, e in enumerate(events)]
    ingest.ingest(conn, centre, {"head": numbered[-1]["id"], "services": SERVICES, "events": numbered})
    return numbered[-1]["id"] + 1


def centre(conn, code: str) -> int:
    row = conn.execute("INSERT INTO centres (code, name, token_hash) VALUES (%s, %s, %s) RETURNING id",
                       [code, f"Phường {code}", code]).fetchone()
    conn.commit()
    return row["id"]


def folded_from_events(conn, centre_id: int) -> dict:
    """The report as the centre itself makes it: compute over all its events of the month."""
    events = conn.execute("SELECT event_id AS id, type, at, ticket_id, counter_id, data FROM events "
                          "WHERE centre_id = %s", [centre_id]).fetchall()
    return compute(events, MONTH, services=SERVICES, centre="x")


def test_rollups_give_the_figures_of_every_event_and_a_late_event_remakes_its_day(hub_conn):
    a, b = centre(hub_conn, "A01"), centre(hub_conn, "B01")
    days = [date(2026, 11, 2), date(2026, 11, 3)]
    next_a = push(hub_conn, a, [e for d in days for t in range(1, 6) for e in ticket_events(d, t, 3 * t)], 1)
    push(hub_conn, b, [e for t in range(1, 4) for e in ticket_events(days[0], t, 7 * t, rating=None)], 1)
    first = reports.city_report(hub_conn, MONTH)
    assert hub_conn.execute("SELECT count(*) AS n FROM day_rollups").fetchone()["n"] == 3     # A: 2 days, B: 1
    own = folded_from_events(hub_conn, a)
    row = next(r for r in first["by_centre"] if r["code"] == "A01")
    assert (row["issued"], row["served"], row["waiting"]) == (own["totals"]["issued"], own["totals"]["served"],
                                                                own["waiting"])
    assert first["totals"]["issued"] == 13 and first["satisfaction"]["count"] == 10
    push(hub_conn, a, ticket_events(days[0], 9, 40), next_a)                  # day 1 of A again, later
    again = reports.city_report(hub_conn, MONTH)
    own = folded_from_events(hub_conn, a)
    row = next(r for r in again["by_centre"] if r["code"] == "A01")
    assert row["issued"] == own["totals"]["issued"] == 11 and row["waiting"] == own["waiting"]
    assert again["waiting"]["count"] == first["waiting"]["count"] + 1
    assert reports.city_report(hub_conn, MONTH) == again                       # read back from the rollups


def test_a_ticket_whose_events_span_two_days_is_folded_with_its_whole_period(hub_conn):
    c = centre(hub_conn, "C01")
    late = ticket_events(date(2026, 11, 4), 1, 0)
    late[1]["at"] = "2026-11-05T07:31:00.000+07:00"                           # called the next morning
    late[2]["at"], late[3]["at"] = "2026-11-05T07:40:00.000+07:00", "2026-11-05T07:41:00.000+07:00"
    push(hub_conn, c, late + ticket_events(date(2026, 11, 5), 2, 4), 1)
    row = reports.city_report(hub_conn, MONTH)["by_centre"][0]
    own = folded_from_events(hub_conn, c)
    assert row["waiting"] == own["waiting"] and row["waiting"]["count"] == 2       # the overnight wait counts


def test_closed_days_are_rolled_up_beforehand_and_today_is_left_to_its_events(hub_conn):
    a, b = centre(hub_conn, "D01"), centre(hub_conn, "E01")
    days = [date(2026, 11, 9), date(2026, 11, 10)]
    next_a = push(hub_conn, a, [e for d in days for t in range(1, 4) for e in ticket_events(d, t, 2 * t)], 1)
    push(hub_conn, b, [e for t in range(1, 3) for e in ticket_events(days[0], t, 5 * t)], 1)
    assert closed_days.roll_up_closed_days(hub_conn, today=days[1]) == 2          # A and B on the 9th; the 10th is open
    assert closed_days.roll_up_closed_days(hub_conn, today=days[1]) == 0          # nothing stale any more
    push(hub_conn, a, ticket_events(days[0], 8, 30), next_a)                      # the 9th again, late
    assert closed_days.roll_up_closed_days(hub_conn, today=date(2026, 11, 11)) == 2   # A's 9th remade, A's 10th
    rolled = {r["day"]: r["partial"]["totals"]["issued"] for r in hub_conn.execute(
        "SELECT day, partial FROM day_rollups WHERE centre_id = %s", [a]).fetchall()}
    assert rolled == {days[0]: 4, days[1]: 3}
    row = next(r for r in reports.city_report(hub_conn, MONTH)["by_centre"] if r["code"] == "D01")
    assert row["issued"] == folded_from_events(hub_conn, a)["totals"]["issued"] == 7


def test_one_hub_process_rolls_up_at_a_time(hub_conn, hub_dsn):
    push(hub_conn, centre(hub_conn, "F01"), ticket_events(date(2026, 11, 12), 1, 3), 1)
    with psycopg.connect(hub_dsn, row_factory=dict_row) as other:
        other.execute("SELECT pg_advisory_lock(%s)", [closed_days.LOCK_KEY])       # another process is at it
        assert closed_days.roll_up_closed_days(hub_conn, today=date(2026, 11, 13)) is None
        other.execute("SELECT pg_advisory_unlock(%s)", [closed_days.LOCK_KEY])
    assert closed_days.roll_up_closed_days(hub_conn, today=date(2026, 11, 13)) == 1


def test_the_hubs_thread_rolls_up_closed_days_on_its_own(hub_conn, hub_dsn):
    push(hub_conn, centre(hub_conn, "G01"), ticket_events(date(2026, 11, 14), 1, 3), 1)
    pool = open_pool(hub_dsn, min_size=1, max_size=2)
    thread = closed_days.ClosedDays(pool, lambda: date(2026, 11, 15), every_seconds=0.05).start()
    try:
        deadline = time.monotonic() + 10
        while not hub_conn.execute("SELECT count(*) AS n FROM day_rollups").fetchone()["n"]:
            hub_conn.commit()
            assert time.monotonic() < deadline, "no closed day was rolled up"
            time.sleep(0.05)
    finally:
        thread.stop()
        pool.close()
