"""Reports: figures for a period, computed from the queue's event log. Pure Python, no SQL.

`compute(events, period, ...)` takes event rows as the store returns them (`data` as JSON
text or a dict) and returns one dict that every output (web page, XLSX, CSV, PDF) reads.

Definitions (they are what the hand-worked test checks):
- issued: `ticket.issued` events, per the service the ticket was issued for.
- served: `ticket.finished` events (also the automatic finish when staff call the next citizen).
- no-show, transferred, cancelled, expired: events of those types; a transfer counts for
  the service the ticket left. A no-show later undone (`ticket.no_show_undone`, a mistake)
  is taken back from the no-shows of its service, counter, staff member and day;
  `no_show_undone` counts the undos and `requeued` the citizens put back in the queue
  (`ticket.requeued`), who did miss their call and stay counted as no-shows.
- waiting time: from issue to the ticket's first call (minutes). The issue time is the
  ticket's own `issued_at` when given (`issued_at` mapping: offline tickets are logged when
  uploaded, later than they were issued), else the time of its `ticket.issued` event.
- service time: from the last call before the finish to the finish.
- mean; median (middle value, mean of the two middle values for an even count); p90 by the
  nearest-rank method: the ceil(0.9 * n)-th smallest value.
- the hour of the day is the centre's local time written in the event's timestamp.
- a ticket's staff member is the actor of its finish (or no-show, transfer) event, falling
  back to who called it.
- satisfaction: `ticket.rated` events; a later `ticket.rating_reason` adds the reason.
  "Satisfied" means Rất hài lòng or Hài lòng.
"""
from __future__ import annotations

import json
import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from kiosk.core.collation import sorted_vi
from kiosk.core.errors import invalid
from kiosk.core.satisfaction import RATING_LABELS, RATING_SCORES, RATINGS, REASON_LABELS, REASONS

PERIOD_KINDS = ("day", "week", "month", "quarter", "custom")
PRIORITY_LABELS = {"elderly": "Người cao tuổi", "disability": "Người khuyết tật",
                   "pregnant": "Phụ nữ mang thai", "child": "Người có con nhỏ"}
SATISFIED = ("very_satisfied", "satisfied")
MAX_CUSTOM_DAYS = 366
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# -- periods ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    kind: str
    first: date
    last: date

    @property
    def label(self) -> str:
        if self.kind == "day":
            return f"Ngày {_vn(self.first)}"
        if self.kind == "week":
            week = self.first.isocalendar()
            return f"Tuần {week.week}/{week.year} (từ {_vn(self.first)} đến {_vn(self.last)})"
        if self.kind == "month":
            return f"Tháng {self.first.month:02d}/{self.first.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[(self.first.month - 1) // 3 + 1]}/{self.first.year}"
        return f"Từ ngày {_vn(self.first)} đến ngày {_vn(self.last)}"

    @property
    def slug(self) -> str:
        if self.kind == "day":
            return self.first.isoformat()
        if self.kind == "week":
            week = self.first.isocalendar()
            return f"{week.year}-W{week.week:02d}"
        if self.kind == "month":
            return self.first.strftime("%Y-%m")
        if self.kind == "quarter":
            return f"{self.first.year}-Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first.isoformat()}_{self.last.isoformat()}"

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def bounds(self) -> tuple[str, str]:
        """[start, end) as local timestamps comparable with the event log's `at` text."""
        return f"{self.first.isoformat()}T00:00:00", f"{(self.last + timedelta(days=1)).isoformat()}T00:00:00"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "first": self.first.isoformat(), "last": self.last.isoformat(),
                "label": self.label, "slug": self.slug}


def day_period(day: date | str) -> Period:
    day = _date(day, "date")
    return Period("day", day, day)


def week_period(day: date | str) -> Period:
    """The Monday-to-Sunday week holding `day`."""
    day = _date(day, "date")
    monday = day - timedelta(days=day.weekday())
    return Period("week", monday, monday + timedelta(days=6))


def month_period(month: str) -> Period:
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except (TypeError, ValueError):
        raise invalid("month", f"month must look like 2025-10, not {month!r}", "Tháng không hợp lệ.") from None
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period("month", first, following - timedelta(days=1))


def quarter_period(quarter: str) -> Period:
    try:
        year, q = str(quarter).upper().split("-Q")
        year, q = int(year), int(q)
        assert 1 <= q <= 4 and 2000 <= year <= 2100
    except (ValueError, AssertionError):
        raise invalid("quarter", f"quarter must look like 2025-Q4, not {quarter!r}", "Quý không hợp lệ.") from None
    first = date(year, 3 * q - 2, 1)
    last = month_period(f"{year}-{3 * q:02d}").last
    return Period("quarter", first, last)


def custom_period(first: date | str, last: date | str) -> Period:
    first, last = _date(first, "from"), _date(last, "to")
    if last < first:
        raise invalid("to", "the end of the range is before its start", "Ngày kết thúc trước ngày bắt đầu.")
    if (last - first).days >= MAX_CUSTOM_DAYS:
        raise invalid("to", f"a custom range is at most {MAX_CUSTOM_DAYS} days", "Khoảng thời gian quá dài.")
    return Period("custom", first, last)


def parse_period(kind: str, today: date, date_: str | None = None, month: str | None = None,
                 quarter: str | None = None, first: str | None = None, last: str | None = None) -> Period:
    """A period from the options the CLI and the API share; missing values mean the current one."""
    if kind == "day":
        return day_period(date_ or today)
    if kind == "week":
        return week_period(date_ or today)
    if kind == "month":
        return month_period(month or (date_[:7] if date_ else today.strftime("%Y-%m")))
    if kind == "quarter":
        if quarter is None:
            base = _date(date_, "date") if date_ else today
            quarter = f"{base.year}-Q{(base.month - 1) // 3 + 1}"
        return quarter_period(quarter)
    if kind == "custom":
        if not first or not last:
            raise invalid("from", "a custom period needs both from and to", "Vui lòng chọn ngày bắt đầu và kết thúc.")
        return custom_period(first, last)
    raise invalid("period", f"period must be one of {', '.join(PERIOD_KINDS)}", "Kỳ báo cáo không hợp lệ.")


# -- statistics -----------------------------------------------------------------------------
def summary(values: Iterable[float]) -> dict:
    """count, mean, median and p90 (nearest rank) in minutes, rounded to 0.1; None when empty."""
    data = sorted(values)
    if not data:
        return {"count": 0, "mean": None, "median": None, "p90": None}
    p90 = data[max(0, math.ceil(0.9 * len(data)) - 1)]
    return {"count": len(data), "mean": round(statistics.fmean(data), 1),
            "median": round(statistics.median(data), 1), "p90": round(p90, 1)}


def share(part: int, whole: int) -> float | None:
    """A percentage rounded to 0.1; None when the whole is zero."""
    return round(100 * part / whole, 1) if whole else None


# -- the report ---------------------------------------------------------------------------
def compute(events: Iterable[dict], period: Period, services: list[dict] | None = None,
            counters: list[dict] | None = None, issued_at: dict[int, str] | None = None,
            centre: str = "") -> dict:
    """Every figure of the report for `period` from its events (already limited to the period)."""
    services = services or []
    counters = counters or []
    issued_at = issued_at or {}
    service_names = {s["id"]: s["name"] for s in services}
    counter_names = {c["id"]: c["name"] for c in counters}

    by_service: dict[str, _Row] = {s["id"]: _Row() for s in services}
    by_counter: dict[int, _Row] = {c["id"]: _Row() for c in counters}
    by_staff: dict[str, _Row] = {}
    hours: dict[int, dict] = {}
    days = {d.isoformat(): {"issued": 0, "served": 0, "no_show": 0} for d in period.days()}
    priority = {kind: {"issued": 0, "served": 0} for kind in PRIORITY_LABELS}
    totals = dict.fromkeys(("issued", "served", "no_show", "transferred", "cancelled", "expired",
                            "offline_issued", "priority_issued", "priority_served", "auto_finished",
                            "no_show_undone", "requeued"), 0)
    issue_time: dict[int, datetime] = {}
    first_call: dict[int, datetime] = {}
    last_call: dict[int, tuple[datetime, str | None]] = {}
    waits: list[float] = []
    service_times: list[float] = []
    ratings: dict[int, dict] = {}
    late_reasons: dict[int, str] = {}
    no_shows: dict[int, tuple] = {}      # ticket -> (rows, day) of its standing no-show

    def service_row(service_id):
        return by_service.setdefault(service_id, _Row())

    def counter_row(counter_id):
        return by_counter.setdefault(counter_id, _Row()) if counter_id is not None else _Row()

    def staff_row(name):
        return by_staff.setdefault(name, _Row()) if name else _Row()

    for event in sorted(events, key=lambda e: (e["at"], e.get("id") or 0)):
        kind, data, ticket_id = event["type"], _data(event), event.get("ticket_id")
        at = _time(event["at"])
        day = event["at"][:10]
        if kind == "ticket.issued":
            totals["issued"] += 1
            moment = _time(issued_at[ticket_id]) if ticket_id in issued_at else at
            issue_time[ticket_id] = moment
            service_row(data.get("issued_service_id") or data.get("service_id")).issued += 1
            _hour(hours, moment.hour)["issued"] += 1
            if day in days:
                days[day]["issued"] += 1
            if data.get("offline"):
                totals["offline_issued"] += 1
            if data.get("priority") in priority:
                totals["priority_issued"] += 1
                priority[data["priority"]]["issued"] += 1
        elif kind == "ticket.called":
            if ticket_id not in first_call:
                first_call[ticket_id] = at
                if ticket_id in issue_time:
                    wait = _minutes(issue_time[ticket_id], at)
                    waits.append(wait)
                    service_row(data.get("service_id")).waits.append(wait)
            last_call[ticket_id] = (at, event.get("actor"))
            counter_row(event.get("counter_id")).called += 1
        elif kind == "ticket.finished":
            totals["served"] += 1
            if data.get("auto"):
                totals["auto_finished"] += 1
            called = last_call.get(ticket_id)
            staff = event.get("actor") or (called[1] if called else None)
            rows = (service_row(data.get("service_id")), counter_row(event.get("counter_id")), staff_row(staff))
            for row in rows:
                row.served += 1
            if called:
                minutes = _minutes(called[0], at)
                service_times.append(minutes)
                for row in rows:
                    row.service_times.append(minutes)
            _hour(hours, at.hour)["served"] += 1
            if day in days:
                days[day]["served"] += 1
            if data.get("priority") in priority:
                totals["priority_served"] += 1
                priority[data["priority"]]["served"] += 1
        elif kind == "ticket.no_show":
            called = last_call.get(ticket_id)
            staff = event.get("actor") or (called[1] if called else None)
            no_shows[ticket_id] = ((service_row(data.get("service_id")), counter_row(event.get("counter_id")),
                                    staff_row(staff)), day)
            _count_no_show(totals, days, *no_shows[ticket_id], 1)
        elif kind == "ticket.no_show_undone":
            totals["no_show_undone"] += 1
            if ticket_id in no_shows:
                _count_no_show(totals, days, *no_shows.pop(ticket_id), -1)
        elif kind == "ticket.requeued":
            totals["requeued"] += 1
        elif kind == "ticket.transferred":
            totals["transferred"] += 1
            service_row(data.get("from_service") or data.get("service_id")).transferred_out += 1
            if data.get("to_service"):
                service_row(data["to_service"]).transferred_in += 1
            counter_row(event.get("counter_id")).transferred_out += 1
            staff_row(event.get("actor")).transferred_out += 1
        elif kind == "ticket.cancelled":
            totals["cancelled"] += 1
        elif kind == "ticket.expired":
            totals["expired"] += 1
        elif kind == "ticket.rated" and data.get("rating") in RATINGS:
            ratings[ticket_id] = {"rating": data["rating"], "reason": data.get("reason"),
                                  "service_id": data.get("service_id"), "counter_id": event.get("counter_id"),
                                  "staff": data.get("staff"), "channel": data.get("channel")}
        elif kind == "ticket.rating_reason" and data.get("reason") in REASONS:
            late_reasons[ticket_id] = data["reason"]

    for ticket_id, reason in late_reasons.items():
        if ticket_id in ratings:
            ratings[ticket_id]["reason"] = reason
    for rating in ratings.values():
        for row in (service_row(rating["service_id"]), counter_row(rating["counter_id"]), staff_row(rating["staff"])):
            row.ratings.append(rating["rating"])

    all_ratings = [r["rating"] for r in ratings.values()]
    reasons = [r["reason"] for r in ratings.values() if r["reason"]]
    peak = max(sorted(hours.items()), key=lambda item: item[1]["issued"], default=None)
    report = {
        "centre": centre,
        "period": period.as_dict(),
        "totals": {**totals, "offline_share": share(totals["offline_issued"], totals["issued"]),
                   "no_show_share": share(totals["no_show"], totals["no_show"] + totals["served"]),
                   "rated": len(all_ratings)},
        "waiting": summary(waits),
        "service_time": summary(service_times),
        "by_service": [row.as_dict(id=sid, name=service_names.get(sid, sid or "?")) for sid, row in by_service.items()],
        "by_counter": [row.as_dict(id=cid, name=counter_names.get(cid, f"Quầy {cid}"))
                       for cid, row in sorted(by_counter.items())],
        "by_staff": [row.as_dict(id=name, name=name) for name, row in sorted_vi(by_staff.items(), key=lambda item: item[0])],
        "by_hour": [{"hour": h, **hours[h]} for h in sorted(hours)],
        "peak_hour": {"hour": peak[0], "issued": peak[1]["issued"]} if peak and peak[1]["issued"] else None,
        "by_day": [{"day": d, **v} for d, v in days.items()],
        "priority": [{"id": k, "label": PRIORITY_LABELS[k], **v} for k, v in priority.items()],
        "satisfaction": _satisfaction(all_ratings, reasons, totals["served"]),
    }
    return report


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


class _Row:
    """Counts and durations for one service, counter or staff member."""

    def __init__(self):
        self.issued = self.called = self.served = self.no_show = 0
        self.transferred_out = self.transferred_in = 0
        self.waits: list[float] = []
        self.service_times: list[float] = []
        self.ratings: list[str] = []

    def as_dict(self, **identity) -> dict:
        rated = len(self.ratings)
        return {**identity, "issued": self.issued, "called": self.called, "served": self.served,
                "no_show": self.no_show, "transferred_out": self.transferred_out,
                "transferred_in": self.transferred_in, "waiting": summary(self.waits),
                "service_time": summary(self.service_times), "rated": rated,
                "satisfied_share": share(sum(1 for r in self.ratings if r in SATISFIED), rated),
                "mean_score": round(statistics.fmean(RATING_SCORES[r] for r in self.ratings), 2) if rated else None}


def _count_no_show(totals: dict, days: dict, rows: tuple, day: str, step: int) -> None:
    totals["no_show"] += step
    for row in rows:
        row.no_show += step
    if day in days:
        days[day]["no_show"] += step


def _hour(hours: dict, hour: int) -> dict:
    return hours.setdefault(hour, {"issued": 0, "served": 0})


def _data(event: dict) -> dict:
    data = event.get("data")
    if isinstance(data, str):
        return json.loads(data) if data else {}
    return data or {}


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def _date(value, field: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise invalid(field, f"{field} must be a date like 2026-11-22, not {value!r}", "Ngày không hợp lệ.") from None


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def report_inputs(store, period: Period) -> dict:
    """What `compute` needs from a store (the store does the SQL): keyword arguments."""
    start, end = period.bounds()
    tickets = store.tickets_between(period.first.isoformat(), period.last.isoformat())
    return {"events": store.events_between(start, end), "period": period,
            "services": store.services(active_only=False), "counters": store.counters(active_only=False),
            "issued_at": {t["id"]: t.get("original_issued_at") or t["issued_at"] for t in tickets if t["offline"]}}


def report_for(store, period: Period, centre: str = "") -> dict:
    """The report of `period` from a store's event log, with appointments apart from walk-ins."""
    from kiosk.core.appointment_report import appointments_of_days
    return {**compute(**report_inputs(store, period), centre=centre),
            "appointments": appointments_of_days(store, period.first.isoformat(), period.last.isoformat())}
