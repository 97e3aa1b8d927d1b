"""Giving and checking ticket numbers on the server: the online run without gaps, the kiosks'
offline series (kiosk/core/numbering.py for the arithmetic), and what an uploaded offline
ticket must prove (issue 13 §3: its number is in the uploading kiosk's own series, its
issue time is a real aware time of its day and not in the future).

Every method runs inside the caller's `store.write()`.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core.errors import QueueError, conflict, invalid
from kiosk.core.events import append_centre_event
from kiosk.core.numbering import Layout, Series
from kiosk.store import Store

EXHAUSTED = "numbering.exhausted"
UPLOAD_DAYS = 7          # an offline ticket older than this many days is refused, not stored


class RangeExhausted(Exception):
    """A service's online run (or a kiosk's series) has no number left today. Carries the
    QueueError to answer and the event data for staff; raised inside the failed transaction
    so the caller can log the event in one that commits."""

    def __init__(self, error: QueueError, data: dict):
        super().__init__(error.reason)
        self.error = error
        self.data = data


class TicketNumbers:
    def __init__(self, store: Store, config: Config, clock: Clock):
        self.store = store
        self.layout = Layout.of(config.sync)
        self.skew = timedelta(seconds=config.sync.clock_skew_seconds)
        self.clock = clock

    # -- online -----------------------------------------------------------------------
    def online_series(self, service: dict) -> Series:
        return self.layout.online(service["range_start"], service["range_end"])

    def next_online(self, day: str, service: dict) -> int:
        series = self.online_series(service)
        number = self.store.take_numbers(day, service["id"], series.first, 1)
        if number > series.last:
            raise RangeExhausted(
                conflict(f"service {service['id']} has used every online number ({series.first}-{series.last}) today",
                         "Đã hết số thứ tự của lĩnh vực này trong hôm nay. Ông/bà vui lòng liên hệ cán bộ "
                         "tại quầy để được hướng dẫn.", "procedure_code"),
                {"service_id": service["id"], "series": "online", "first": series.first, "last": series.last})
        return number

    def online_left(self, day: str, service: dict) -> int:
        series = self.online_series(service)
        upcoming = self.store.peek_next_number(day, service["id"]) or series.first
        return max(0, series.last - upcoming + 1)

    def state(self, services: list[dict], day: str) -> dict:
        """For /api/health and the staff console: online numbers left per service today, and
        the series that ran out today (each {"service_id", "series": "online" | kiosk, "first", "last"})."""
        exhausted = [json.loads(e["data"] or "{}") for e in self.store.recent_events([EXHAUSTED], day, 50)]
        return {"online_left": {s["id"]: self.online_left(day, s) for s in services}, "exhausted": exhausted}

    # -- a kiosk's own series ---------------------------------------------------------
    def slot(self, device: str | None) -> int | None:
        row = self.store.device(device) if device else None
        # A revoked kiosk keeps its slot until another kiosk takes it (accounts._kiosk_slot), so
        # the offline tickets it queued before it knew are still accepted (held for review).
        return row["slot"] if row and row["role"] == "kiosk" else None

    def kiosk_series(self, service: dict, slot: int | None) -> Series | None:
        return self.layout.offline(service["range_start"], service["range_end"], slot) if slot else None

    def series_state(self, device: str, services: list[dict], day: str) -> dict:
        """What a kiosk keeps in its journal: its slot and, per service, its series and the
        next number the server has not seen from it today (a kiosk whose journal was
        replaced resumes above that)."""
        slot = self.slot(device)
        rows = []
        for service in services:
            series = self.kiosk_series(service, slot)
            if series:
                highest = self.store.highest_number(day, service["id"], series.first, series.last)
                rows.append({"service_id": service["id"], "first": series.first, "last": series.last,
                             "next": (highest or series.first - 1) + 1})
        return {"device": device, "slot": slot, "day": day, "series_size": self.layout.series_size,
                "kiosk_slots": self.layout.kiosk_slots, "services": rows}

    # -- uploaded offline tickets -----------------------------------------------------
    def offline_day(self, issued_at) -> tuple[str, str]:
        """Validate an offline ticket's issue time; return (its day, the time in the centre's
        zone, as stored). Call-next orders by this time, so it must be honest."""
        if not isinstance(issued_at, str):
            raise _bad_time("an offline ticket needs issued_at, an ISO 8601 time with a zone")
        try:
            moment = datetime.fromisoformat(issued_at)
        except ValueError:
            raise _bad_time(f"issued_at {issued_at[:40]!r} is not an ISO 8601 time") from None
        if moment.tzinfo is None:
            raise _bad_time("issued_at must carry its time zone (e.g. +07:00)")
        now = self.clock.now()
        if moment > now + self.skew:
            raise _bad_time(f"issued_at is {int((moment - now).total_seconds())} s in the future, more than "
                            f"the tolerated clock skew of {int(self.skew.total_seconds())} s")
        local = moment.astimezone(now.tzinfo)
        day = local.date().isoformat()
        if day > self.clock.today() or local.date() < now.date() - timedelta(days=UPLOAD_DAYS):
            raise _bad_time(f"issued_at must be within today or the {UPLOAD_DAYS} days before")
        return day, local.isoformat(timespec="milliseconds")

    def check_offline(self, service: dict, number, day: str, issued_at: str, device: str | None) -> None:
        """The number must be in the uploading kiosk's own series for the service (or in a
        block leased to it before the upgrade that introduced series) and not given yet; its
        time not earlier than that of a lower number of the same series (a kiosk gives them in
        order), so a kiosk token cannot place a ticket before the ones it already uploaded."""
        series = self.kiosk_series(service, self.slot(device))
        legacy = device and self.store.block_holding(day, service["id"], number, device)
        if number not in (series or ()) and not legacy:
            where = f"its series {series.first}-{series.last}" if series else "no offline series (not a kiosk with a slot)"
            raise invalid("number", f"number {number} is not in the offline series of {device!r} for service "
                          f"{service['id']}: it has {where}", "Số thứ tự này không thuộc dãy số của máy lấy số này.")
        if self.store.ticket_by_number(day, number):
            raise conflict(f"number {number} was already issued on {day}", "Số thứ tự này đã được cấp.", "number")
        below = series and self.store.ticket_below(day, service["id"], series.first, number)
        if below and datetime.fromisoformat(issued_at) < datetime.fromisoformat(below["issued_at"]) - self.skew:
            raise _bad_time(f"issued_at is earlier than that of number {below['number']} of the same series "
                            f"({below['issued_at']}); a kiosk gives its numbers in time order")

    def exhausted_series(self, service: dict, number: int, device: str | None) -> dict | None:
        """The event data when `number` was the last of a kiosk's series, else None."""
        series = self.kiosk_series(service, self.slot(device))
        if series and number == series.last:
            return {"service_id": service["id"], "series": device, "first": series.first, "last": series.last}
        return None

    def record_exhausted(self, data: dict, at: str, actor: str | None) -> dict | None:
        """Log that a series ran out, once per day per service and series: staff see it."""
        day = at[:10]
        for event in self.store.recent_events([EXHAUSTED], day, 50):
            seen = json.loads(event["data"] or "{}")
            if (seen.get("service_id"), seen.get("series")) == (data["service_id"], data["series"]):
                return None
        return append_centre_event(self.store, EXHAUSTED, at, actor, data)


def _bad_time(reason: str) -> QueueError:
    return invalid("issued_at", reason, "Thời điểm lấy số không hợp lệ.")
