"""The report's figures in two steps, so the province hub can keep them per centre and day:
`fold(events)` reads the events once into a partial (counts and the raw durations and
ratings, JSON-able), `merge(partials)` adds partials up, and `finish(partial, period, ...)`
makes the report dict that kiosk/core/reports.py `compute` returns (its definitions apply).

Partials of different days add up to the partial of their events together as long as no
ticket's own events (issue, calls, finish, no-show and its undo, rating) fall on different
days: each ticket's state lives inside one fold. Maps are lists of [key, value] pairs, so
their keys keep their types (counter ids are numbers, a missing service id is null).
"""
from __future__ import annotations

import json
import statistics
from datetime import datetime
from typing import Iterable

from kiosk.core.collation import sorted_vi
from kiosk.core.reports import PRIORITY_LABELS, SATISFIED, share, summary
from kiosk.core.satisfaction import RATING_LABELS, RATING_SCORES, RATINGS, REASON_LABELS, REASONS

TOTALS = ("issued", "served", "no_show", "transferred", "cancelled", "expired", "offline_issued", "priority_issued",
          "priority_served", "auto_finished", "no_show_undone", "requeued")
_COUNTS = ("issued", "called", "served", "no_show", "transferred_out", "transferred_in")
_LISTS = ("waits", "service_times", "ratings")


def _row() -> dict:
    return {**dict.fromkeys(_COUNTS, 0), **{key: [] for key in _LISTS}}


class _Fold:
    """compute's running state over events sorted by time."""

    def __init__(self, issued_at: dict):
        self.issued_at = issued_at
        self.services: dict = {}
        self.counters: dict = {}
        self.staff: dict = {}
        self.hours: dict = {}
        self.days: dict = {}
        self.priority: dict = {}
        self.totals = dict.fromkeys(TOTALS, 0)
        self.waits: list[float] = []
        self.service_times: list[float] = []
        self.issue_time, self.first_call, self.last_call = {}, {}, {}
        self.ratings: dict = {}
        self.late_reasons: dict = {}
        self.no_shows: dict = {}      # ticket -> (rows, day) of its standing no-show

    def service_row(self, service_id):
        return self.services.setdefault(service_id, _row())

    def counter_row(self, counter_id):
        return self.counters.setdefault(counter_id, _row()) if counter_id is not None else _row()

    def staff_row(self, name):
        return self.staff.setdefault(name, _row()) if name else _row()

    def day(self, day: str) -> dict:
        return self.days.setdefault(day, {"issued": 0, "served": 0, "no_show": 0})

    def hour(self, hour: int) -> dict:
        return self.hours.setdefault(hour, {"issued": 0, "served": 0})

    def add(self, event: dict) -> None:
        kind, data, ticket_id = event["type"], _data(event), event.get("ticket_id")
        at, day, totals = _time(event["at"]), event["at"][:10], self.totals
        if kind == "ticket.issued":
            totals["issued"] += 1
            moment = _time(self.issued_at[ticket_id]) if ticket_id in self.issued_at else at
            self.issue_time[ticket_id] = moment
            self.service_row(data.get("issued_service_id") or data.get("service_id"))["issued"] += 1
            self.hour(moment.hour)["issued"] += 1
            self.day(day)["issued"] += 1
            if data.get("offline"):
                totals["offline_issued"] += 1
            if data.get("priority") in PRIORITY_LABELS:
                totals["priority_issued"] += 1
                self.priority.setdefault(data["priority"], {"issued": 0, "served": 0})["issued"] += 1
        elif kind == "ticket.called":
            if ticket_id not in self.first_call:
                self.first_call[ticket_id] = at
                if ticket_id in self.issue_time:
                    wait = _minutes(self.issue_time[ticket_id], at)
                    self.waits.append(wait)
                    self.service_row(data.get("service_id"))["waits"].append(wait)
            self.last_call[ticket_id] = (at, event.get("actor"))
            self.counter_row(event.get("counter_id"))["called"] += 1
        elif kind == "ticket.finished":
            self._finished(event, data, ticket_id, at, day)
        elif kind == "ticket.no_show":
            called = self.last_call.get(ticket_id)
            staff = event.get("actor") or (called[1] if called else None)
            self.no_shows[ticket_id] = ((self.service_row(data.get("service_id")),
                                         self.counter_row(event.get("counter_id")), self.staff_row(staff)), day)
            self._count_no_show(*self.no_shows[ticket_id], 1)
        elif kind == "ticket.no_show_undone":
            totals["no_show_undone"] += 1
            if ticket_id in self.no_shows:
                self._count_no_show(*self.no_shows.pop(ticket_id), -1)
        elif kind == "ticket.requeued":
            totals["requeued"] += 1
        elif kind == "ticket.transferred":
            totals["transferred"] += 1
            self.service_row(data.get("from_service") or data.get("service_id"))["transferred_out"] += 1
            if data.get("to_service"):
                self.service_row(data["to_service"])["transferred_in"] += 1
            self.counter_row(event.get("counter_id"))["transferred_out"] += 1
            self.staff_row(event.get("actor"))["transferred_out"] += 1
        elif kind == "ticket.cancelled":
            totals["cancelled"] += 1
        elif kind == "ticket.expired":
            totals["expired"] += 1
        elif kind == "ticket.rated" and data.get("rating") in RATINGS:
            self.ratings[ticket_id] = {"rating": data["rating"], "reason": data.get("reason"),
                                       "service_id": data.get("service_id"), "counter_id": event.get("counter_id"),
                                       "staff": data.get("staff")}
        elif kind == "ticket.rating_reason" and data.get("reason") in REASONS:
            self.late_reasons[ticket_id] = data["reason"]

    def _finished(self, event: dict, data: dict, ticket_id, at: datetime, day: str) -> None:
        self.totals["served"] += 1
        if data.get("auto"):
            self.totals["auto_finished"] += 1
        called = self.last_call.get(ticket_id)
        staff = event.get("actor") or (called[1] if called else None)
        rows = (self.service_row(data.get("service_id")), self.counter_row(event.get("counter_id")),
                self.staff_row(staff))
        for row in rows:
            row["served"] += 1
        if called:
            minutes = _minutes(called[0], at)
            self.service_times.append(minutes)
            for row in rows:
                row["service_times"].append(minutes)
        self.hour(at.hour)["served"] += 1
        self.day(day)["served"] += 1
        if data.get("priority") in PRIORITY_LABELS:
            self.totals["priority_served"] += 1
            self.priority.setdefault(data["priority"], {"issued": 0, "served": 0})["served"] += 1

    def _count_no_show(self, rows: tuple, day: str, step: int) -> None:
        self.totals["no_show"] += step
        for row in rows:
            row["no_show"] += step
        self.day(day)["no_show"] += step

    def partial(self) -> dict:
        ratings = []
        for ticket_id, rating in self.ratings.items():
            reason = self.late_reasons.get(ticket_id, rating["reason"])
            for row in (self.service_row(rating["service_id"]), self.counter_row(rating["counter_id"]),
                        self.staff_row(rating["staff"])):
                row["ratings"].append(rating["rating"])
            ratings.append([rating["rating"], reason])
        return {"totals": self.totals, "services": list(map(list, self.services.items())),
                "counters": list(map(list, self.counters.items())), "staff": list(map(list, self.staff.items())),
                "hours": list(map(list, self.hours.items())), "days": list(map(list, self.days.items())),
                "priority": list(map(list, self.priority.items())), "waits": self.waits,
                "service_times": self.service_times, "ratings": ratings}


def fold(events: Iterable[dict], issued_at: dict | None = None) -> dict:
    """The partial of `events` (in any order: they are sorted by time, then id)."""
    state = _Fold(issued_at or {})
    for event in sorted(events, key=lambda e: (e["at"], e.get("id") or 0)):
        state.add(event)
    return state.partial()


def merge(partials: Iterable[dict], counters: bool = True) -> dict:
    """The partials added up (earlier ones first); `counters=False` leaves counters and staff out."""
    maps = {key: {} for key in ("services", "counters", "staff", "hours", "days", "priority")}
    total = {"totals": dict.fromkeys(TOTALS, 0), "waits": [], "service_times": [], "ratings": []}
    for partial in partials:
        for key in TOTALS:
            total["totals"][key] += partial["totals"][key]
        for key in ("waits", "service_times", "ratings"):
            total[key] += partial[key]
        for name, found in maps.items():
            if name in ("counters", "staff") and not counters:
                continue
            for key, value in partial[name]:
                _add_into(found.setdefault(key, {k: ([] if isinstance(v, list) else 0) for k, v in value.items()}),
                          value)
    return {**total, **{name: list(map(list, found.items())) for name, found in maps.items()}}


def _add_into(into: dict, value: dict) -> None:
    """Add counts and extend lists in place (a new list per merge step would copy it each time)."""
    for key, item in value.items():
        into[key] += item


def finish(partial: dict, period, services: list[dict] | None = None, counters: list[dict] | None = None,
           centre: str = "") -> dict:
    """The report dict of kiosk/core/reports.py from a partial of the period's events."""
    services, counters = services or [], counters or []
    service_names = {s["id"]: s["name"] for s in services}
    counter_names = {c["id"]: c["name"] for c in counters}
    by_service = {s["id"]: _row() for s in services}
    for key, row in partial["services"]:
        _add_into(by_service.setdefault(key, _row()), row)
    by_counter = {c["id"]: _row() for c in counters}
    for key, row in partial["counters"]:
        _add_into(by_counter.setdefault(key, _row()), row)
    hours = dict(partial["hours"])
    days = {d.isoformat(): {"issued": 0, "served": 0, "no_show": 0} for d in period.days()}
    for day, counts in partial["days"]:
        if day in days:
            _add_into(days[day], counts)
    priority = {kind: {"issued": 0, "served": 0} for kind in PRIORITY_LABELS}
    for kind, counts in partial["priority"]:
        _add_into(priority[kind], counts)
    totals, ratings = partial["totals"], [rating for rating, _ in partial["ratings"]]
    reasons = [reason for _, reason in partial["ratings"] if reason]
    peak = max(sorted(hours.items()), key=lambda item: item[1]["issued"], default=None)

    def row_dict(row: dict, **identity) -> dict:
        rated = len(row["ratings"])
        return {**identity, **{key: row[key] for key in _COUNTS}, "waiting": summary(row["waits"]),
                "service_time": summary(row["service_times"]), "rated": rated,
                "satisfied_share": share(sum(1 for r in row["ratings"] if r in SATISFIED), rated),
                "mean_score": round(statistics.fmean(RATING_SCORES[r] for r in row["ratings"]), 2) if rated else None}
    return {
        "centre": centre,
        "period": period.as_dict(),
        "totals": {**totals, "offline_share": share(totals["offline_issued"], totals["issued"]),
                   "no_show_share": share(totals["no_show"], totals["no_show"] + totals["served"]),
                   "rated": len(ratings)},
        "waiting": summary(partial["waits"]),
        "service_time": summary(partial["service_times"]),
        "by_service": [row_dict(row, id=sid, name=service_names.get(sid, sid or "?")) for sid, row in by_service.items()],
        "by_counter": [row_dict(row, id=cid, name=counter_names.get(cid, f"Quầy {cid}"))
                       for cid, row in sorted(by_counter.items())],
        "by_staff": [row_dict(row, id=name, name=name) for name, row in sorted_vi(partial["staff"], key=lambda i: i[0])],
        "by_hour": [{"hour": h, **hours[h]} for h in sorted(hours)],
        "peak_hour": {"hour": peak[0], "issued": peak[1]["issued"]} if peak and peak[1]["issued"] else None,
        "by_day": [{"day": d, **v} for d, v in days.items()],
        "priority": [{"id": k, "label": PRIORITY_LABELS[k], **v} for k, v in priority.items()],
        "satisfaction": _satisfaction(ratings, reasons, totals["served"]),
    }


def _satisfaction(ratings: list[str], reasons: list[str], served: int) -> dict:
    count = len(ratings)
    distribution = [{"id": r, "label": RATING_LABELS[r], "count": ratings.count(r),
                     "share": share(ratings.count(r), count)} for r in RATINGS]
    return {
        "count": count,
        "response_rate": share(count, served),
        "satisfied_share": share(sum(1 for r in ratings if r in SATISFIED), count),
        "mean_score": round(statistics.fmean(RATING_SCORES[r] for r in ratings), 2) if ratings else None,
        "distribution": distribution,
        "reasons": [{"id": r, "label": REASON_LABELS[r], "count": reasons.count(r)} for r in REASONS],
    }


def _data(event: dict) -> dict:
    data = event.get("data")
    if isinstance(data, str):
        return json.loads(data) if data else {}
    return data or {}


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60
