"""Reports across centres, computed by the centres' own report code (kiosk/core/reports.py)
over the events the hub holds, so a centre's row is the figure its own report shows.

The city's figures are `compute` over every centre's events together (ticket ids kept apart
per centre), so counts are the sums of the centres' and the waits the city's own median/p90.
Counters are the centres' own business: the city report has none, and no staff names travel.
"""
from __future__ import annotations

from kiosk.core.reports import Period, compute

CITY = "Thành phố Hồ Chí Minh"
_SPREAD = 10 ** 10     # ticket/event ids of centre N become N * _SPREAD + id in the city's merge

_EVENTS = """SELECT event_id AS id, type, at, ticket_id, counter_id, data, issued_at FROM events
             WHERE centre_id = %s AND at >= %s AND at < %s AND event_id <= %s ORDER BY event_id"""


def centre_reports(conn, period: Period) -> list[tuple[dict, list[dict], dict]]:
    """(centre row, its events in the period, its report) for every centre."""
    start, end = period.bounds()
    found = []
    for centre in conn.execute("SELECT id, code, name, district, services, applied_through FROM centres "
                               "ORDER BY district, code").fetchall():
        events = conn.execute(_EVENTS, [centre["id"], start, end, centre["applied_through"]]).fetchall()
        issued_at = {e["ticket_id"]: e["issued_at"] for e in events if e["type"] == "ticket.issued" and e["issued_at"]}
        report = compute(events, period, services=centre["services"], issued_at=issued_at, centre=centre["name"])
        found.append((centre, events, report))
    return found


def city_report(conn, period: Period, title: str = CITY) -> dict:
    per_centre = centre_reports(conn, period)
    merged, issued_at, services = [], {}, {}
    for centre, events, _ in per_centre:
        base = centre["id"] * _SPREAD
        for event in events:
            ticket = base + event["ticket_id"] if event["ticket_id"] is not None else None
            merged.append({**event, "id": base + event["id"], "ticket_id": ticket, "counter_id": None})
            if event["type"] == "ticket.issued" and event["issued_at"]:
                issued_at[ticket] = event["issued_at"]
        for service in centre["services"]:
            services.setdefault(service["id"], service)
    report = compute(merged, period, services=list(services.values()), issued_at=issued_at,
                     centre=f"{title} – {len(per_centre)} trung tâm")
    report["by_centre"] = [_centre_row(centre, own) for centre, _, own in per_centre]
    return report


def _centre_row(centre: dict, report: dict) -> dict:
    totals, waiting, sat = report["totals"], report["waiting"], report["satisfaction"]
    return {"code": centre["code"], "name": centre["name"], "district": centre["district"],
            "issued": totals["issued"], "served": totals["served"], "no_show": totals["no_show"],
            "waiting": waiting, "rated": sat["count"], "satisfied_share": sat["satisfied_share"]}
