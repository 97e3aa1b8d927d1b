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

import math
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Iterable

from kiosk.core.errors import invalid

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
    count, middle = len(data), len(data) // 2
    median = data[middle] if count % 2 else (data[middle - 1] + data[middle]) / 2   # statistics.median, unsorted again
    p90 = data[max(0, math.ceil(0.9 * count) - 1)]
    return {"count": count, "mean": round(statistics.fmean(data), 1), "median": round(median, 1), "p90": round(p90, 1)}


def share(part: int, whole: int) -> float | None:
    """A percentage rounded to 0.1; None when the whole is zero."""
    return round(100 * part / whole, 1) if whole else None


# -- the report ---------------------------------------------------------------------------
def compute(events: Iterable[dict], period: Period, services: list[dict] | None = None,
            counters: list[dict] | None = None, issued_at: dict[int, str] | None = None,
            centre: str = "") -> dict:
    """Every figure of the report for `period` from its events (already limited to the period)."""
    from kiosk.core.report_fold import finish, fold     # it builds on this module's periods and statistics
    return finish(fold(events, issued_at), period, services, counters, centre)


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
