"""Reports across centres, computed by the centres' own report code over the events the hub
holds, so a centre's row is the figure its own report shows.

Each centre-day is folded once into a partial (kiosk/core/report_fold.py) and kept in
`day_rollups`; a period's report merges its days' partials, so a month or a quarter reads one
row per centre and day instead of every event. A partial is remade when events of its day are
applied after it (`day_marks`). Where a ticket's events span two days (`day_spans`), partials
would not add up to the centre's own report: that centre's period is folded from its events.
The city's figures are the merge of every centre's partial (counters are each centre's own
business: the city has none, and no staff names travel).
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

from kiosk.core.report_fold import finish, fold, merge
from kiosk.core.reports import SATISFIED, Period, day_period, share, summary

CITY = "Thành phố Hồ Chí Minh"

_EVENTS = """SELECT event_id AS id, type, at, ticket_id, counter_id, data, issued_at FROM events
             WHERE centre_id = %s AND at >= %s AND at < %s AND event_id <= %s"""
# A centre-day's rollup `r` is fresh while no event of its day `m` was applied after it
ROLLUP_FRESH = "r.through >= m.last_event"
_FRESH = f"""SELECT r.centre_id, r.day, r.partial FROM day_rollups r
            JOIN day_marks m ON m.centre_id = r.centre_id AND m.day = r.day
            WHERE r.day BETWEEN %(first)s AND %(last)s AND {ROLLUP_FRESH}"""


def _fold_events(conn, centre: dict, period: Period) -> dict:
    events = conn.execute(_EVENTS, [centre["id"], *period.bounds(), centre["applied_through"]]).fetchall()
    issued_at = {e["ticket_id"]: e["issued_at"] for e in events if e["type"] == "ticket.issued" and e["issued_at"]}
    return fold(events, issued_at)


def centre_partials(conn, period: Period) -> list[tuple[dict, dict]]:
    """(centre row, the partial of its events in the period) for every centre."""
    bounds = {"first": period.first, "last": period.last}
    centres = conn.execute("SELECT id, code, name, district, services, applied_through FROM centres "
                           "ORDER BY district, code").fetchall()
    fresh: dict[tuple, dict] = {(r["centre_id"], r["day"]): r["partial"] for r in conn.execute(_FRESH, bounds)}
    marked = conn.execute("SELECT centre_id, day FROM day_marks WHERE day BETWEEN %(first)s AND %(last)s "
                          "ORDER BY day", bounds).fetchall()
    spanning = {r["centre_id"] for r in conn.execute(
        "SELECT DISTINCT centre_id FROM day_spans WHERE day BETWEEN %(first)s AND %(last)s", bounds)}
    days: dict[int, list] = {}
    for mark in marked:
        days.setdefault(mark["centre_id"], []).append(mark["day"])
    found = []
    for centre in centres:
        if centre["id"] in spanning:
            found.append((centre, _fold_events(conn, centre, period)))
            continue
        parts = [fresh.get((centre["id"], day)) or roll_up(conn, centre, day) for day in days.get(centre["id"], [])]
        found.append((centre, merge(parts)))
    return found


def roll_up(conn, centre: dict, day) -> dict:
    """Fold one centre-day from its events and keep it (made through the centre's applied events)."""
    partial = _fold_events(conn, centre, day_period(day))
    conn.execute("""INSERT INTO day_rollups (centre_id, day, through, partial) VALUES (%s, %s, %s, %s)
                    ON CONFLICT (centre_id, day) DO UPDATE SET through = EXCLUDED.through,
                    partial = EXCLUDED.partial""", [centre["id"], day, centre["applied_through"], Jsonb(partial)])
    conn.commit()       # each day kept as soon as folded: a long first report that fails keeps what it did
    return partial


def city_report(conn, period: Period, title: str = CITY) -> dict:
    per_centre = centre_partials(conn, period)
    services: dict[str, dict] = {}
    for centre, _ in per_centre:
        for service in centre["services"]:
            services.setdefault(service["id"], service)
    report = finish(merge((partial for _, partial in per_centre), counters=False), period,
                    services=list(services.values()), centre=f"{title} – {len(per_centre)} trung tâm")
    report["by_centre"] = [_centre_row(centre, partial) for centre, partial in per_centre]
    return report


def _centre_row(centre: dict, partial: dict) -> dict:
    """The figures of the centre's own report (kiosk/core/report_fold.finish) the table shows."""
    totals, ratings = partial["totals"], [rating for rating, _ in partial["ratings"]]
    return {"code": centre["code"], "name": centre["name"], "district": centre["district"],
            "issued": totals["issued"], "served": totals["served"], "no_show": totals["no_show"],
            "waiting": summary(partial["waits"]), "rated": len(ratings),
            "satisfied_share": share(sum(1 for r in ratings if r in SATISFIED), len(ratings))}
