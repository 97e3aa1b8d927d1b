"""The city report from day rollups: the same figures as folding every event of the period,
a day remade when events of it arrive later, and a ticket spanning two days folded whole."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from kiosk.core.reports import compute, month_period
from kiosk.hub import ingest, reports

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
