"""Reports split appointments from walk-ins: volume, punctuality, no-show rate, and waits. Pure."""
from __future__ import annotations

import math
from datetime import datetime
from statistics import mean


def appointment_report(tickets: list[dict], bookings: list[dict]) -> dict:
    """`tickets`: ticket rows of the period; `bookings`: appointment rows of the same days."""
    booked_group = [t for t in tickets if t.get("appointment")]
    walk_ins = [t for t in tickets if not t.get("appointment")]
    return {"appointments": _group(booked_group), "walk_ins": _group(walk_ins), "bookings": _bookings(bookings)}


def appointments_of_days(store, first_day: str, last_day: str) -> dict:
    """The report of some days from a store (the store does the SQL)."""
    return appointment_report(store.tickets_between(first_day, last_day), store.appointments_of_days(first_day, last_day))


def _group(tickets: list[dict]) -> dict:
    waits = sorted(_minutes(t["issued_at"], t["called_at"]) for t in tickets if t.get("called_at"))
    return {"tickets": len(tickets), "called": len(waits),
            "no_shows": sum(1 for t in tickets if t["status"] == "no_show"),
            "mean_wait_minutes": round(mean(waits), 1) if waits else None,
            "p90_wait_minutes": round(percentile(waits, 0.9), 1) if waits else None}


def _bookings(rows: list[dict]) -> dict:
    held = [r for r in rows if r["status"] != "cancelled"]
    arrived = [r for r in held if r["status"] == "checked_in"]
    missed = [r for r in held if r["status"] == "missed"]
    on_time = [r for r in arrived if r.get("arrival") == "on_time"]
    offsets = [_minutes(f"{r['day']}T{r['slot']}:00", r["checked_in_at"][:19]) for r in arrived if r.get("checked_in_at")]
    decided = len(arrived) + len(missed)
    return {"booked": len(held), "cancelled": len(rows) - len(held), "checked_in": len(arrived),
            "on_time": len(on_time), "late": len(arrived) - len(on_time), "missed": len(missed),
            "punctuality": round(len(on_time) / len(arrived), 3) if arrived else None,
            "no_show_rate": round(len(missed) / decided, 3) if decided else None,
            "mean_arrival_minutes": round(mean(offsets), 1) if offsets else None,
            "by_source": _count_by(held, "source")}


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _count_by(rows: list[dict], key: str) -> dict:
    counts: dict = {}
    for row in rows:
        counts[row.get(key) or "public"] = counts.get(row.get(key) or "public", 0) + 1
    return counts


def _minutes(first: str, last: str) -> float:
    """Minutes from `first` to `last` (ISO times; local wall clock, the zone is dropped)."""
    return (datetime.fromisoformat(last[:19]) - datetime.fromisoformat(first[:19])).total_seconds() / 60
