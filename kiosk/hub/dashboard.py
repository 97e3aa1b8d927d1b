"""The province dashboard: today's figures per centre, read from the ticket projection.

Waits are in minutes from issue to first call; the median is percentile_cont(0.5) (the mean of
the two middle values) and p90 the nearest rank (percentile_disc), as in kiosk/core/reports.py.
A centre is late when it has not pushed for LATE_AFTER, or has events the hub has not got.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

LATE_AFTER_SECONDS = 300

_TODAY = """
    SELECT c.id, c.code, c.name, c.district, c.last_contact, c.head, c.applied_through,
           coalesce(t.tickets, 0) AS tickets, coalesce(t.waiting, 0) AS waiting,
           t.median_wait, t.p90_wait, t.rated, t.satisfied
    FROM centres c LEFT JOIN (
        SELECT centre_id, count(*) AS tickets, count(*) FILTER (WHERE status = 'waiting') AS waiting,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_minutes) AS median_wait,
               percentile_disc(0.9) WITHIN GROUP (ORDER BY wait_minutes) AS p90_wait,
               count(rating) AS rated,
               count(*) FILTER (WHERE rating IN ('very_satisfied', 'satisfied')) AS satisfied
        FROM tickets WHERE day = %s GROUP BY centre_id) t ON t.centre_id = c.id
    ORDER BY c.district, c.code"""


def today_figures(conn, day: date, now: datetime | None = None) -> dict:
    now = now or datetime.now(timezone.utc)
    centres = [_centre(row, now) for row in conn.execute(_TODAY, [day]).fetchall()]
    return {"day": day.isoformat(), "centres": centres,
            "totals": {"tickets": sum(c["tickets"] for c in centres), "waiting": sum(c["waiting"] for c in centres),
                       "late": sum(1 for c in centres if c["late"])}}


def _centre(row: dict, now: datetime) -> dict:
    silent = (now - row["last_contact"]).total_seconds() if row["last_contact"] else None
    behind = max(0, row["head"] - row["applied_through"])
    late = silent is None or silent > LATE_AFTER_SECONDS or behind > 0 and (silent or 0) > 60
    return {"code": row["code"], "name": row["name"], "district": row["district"],
            "tickets": row["tickets"], "waiting": row["waiting"],
            "median_wait": _minutes(row["median_wait"]), "p90_wait": _minutes(row["p90_wait"]),
            "rated": row["rated"] or 0,
            "satisfied_share": round(100 * row["satisfied"] / row["rated"], 1) if row["rated"] else None,
            "last_contact": row["last_contact"].isoformat() if row["last_contact"] else None,
            "silent_seconds": round(silent) if silent is not None else None,
            "events_behind": behind, "late": late, "late_for": late_text(silent) if late else ""}


def late_text(seconds: float | None) -> str:
    if seconds is None:
        return "chưa gửi dữ liệu lần nào"
    minutes = int(seconds // 60)
    days, hours, minutes = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [f"{days} ngày"] * bool(days) + [f"{hours} giờ"] * bool(hours) + [f"{minutes} phút"] * (not days)
    return "trễ " + " ".join(parts)


def _minutes(value) -> float | None:
    return None if value is None else round(float(value), 1)
