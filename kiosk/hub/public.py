""""Nơi nào ít người chờ?": people waiting now and the estimated wait per service, per centre.

The estimate for a service is the people waiting times today's mean service time there
(call to finish; 8 minutes before any ticket is finished), shared among the counters that
have called its tickets today. Anonymous: only counts leave the hub.
"""
from __future__ import annotations

from datetime import date

DEFAULT_SERVICE_MINUTES = 8.0

_WAITS = """
    SELECT c.code, c.name, c.district, c.services, t.service_id, t.waiting, t.mean_service, t.counters
    FROM centres c LEFT JOIN (
        SELECT centre_id, service_id, count(*) FILTER (WHERE status = 'waiting') AS waiting,
               avg(service_minutes) AS mean_service,
               count(DISTINCT counter_id) AS counters
        FROM tickets WHERE day = %(day)s GROUP BY centre_id, service_id) t ON t.centre_id = c.id
    WHERE %(district)s = '' OR c.district = %(district)s
    ORDER BY c.district, c.code, t.service_id"""


def waits(conn, day: date, district: str = "") -> dict:
    centres: dict[str, dict] = {}
    for row in conn.execute(_WAITS, {"day": day, "district": district}).fetchall():
        names = {s["id"]: s["name"] for s in row["services"]}
        centre = centres.setdefault(row["code"], {"code": row["code"], "name": row["name"],
                                                  "district": row["district"], "waiting": 0, "services": []})
        if row["service_id"] is None:
            continue
        minutes = float(row["mean_service"] or DEFAULT_SERVICE_MINUTES)
        estimate = round(row["waiting"] * minutes / max(1, row["counters"]))
        centre["waiting"] += row["waiting"]
        centre["services"].append({"id": row["service_id"], "name": names.get(row["service_id"], row["service_id"]),
                                   "waiting": row["waiting"], "estimated_wait_minutes": estimate})
    listed = sorted(centres.values(), key=lambda c: (c["waiting"], c["code"]))
    return {"day": day.isoformat(), "district": district, "centres": listed,
            "districts": [r["district"] for r in conn.execute(
                "SELECT DISTINCT district FROM centres WHERE district <> '' ORDER BY district").fetchall()]}
