"""Booking slots and their capacity, from the config and the service's recent pace. Pure."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta


def day_slots(hours: list[tuple[str, str]], slot_minutes: int) -> list[str]:
    """Start times ("HH:MM") of the whole slots inside the opening hours."""
    starts = []
    for opens, closes in hours:
        at, end = _minutes(opens), _minutes(closes)
        while at + slot_minutes <= end:
            starts.append(f"{at // 60:02d}:{at % 60:02d}")
            at += slot_minutes
    return starts


def capacities(slots: list[str], counters: int, mean_minutes: float, slot_minutes: int, share: float,
               override: int | None = None) -> dict[str, int]:
    """Bookings each slot may take. Derived: the counters serving the service times the slot
    length over the mean service time is how many citizens a slot serves; `share` of that is
    open to booking. A fraction is carried over to the next slot (0.75 a slot books 0,1,1,1),
    so a small centre still offers bookings. `override` (config `capacity`) replaces it."""
    if override is not None:
        return {slot: override for slot in slots}
    per_slot = counters * slot_minutes / max(mean_minutes, 0.1) * share
    return {slot: math.floor(per_slot * (i + 1) + 1e-9) - math.floor(per_slot * i + 1e-9)
            for i, slot in enumerate(slots)}


def slot_start(day: str, slot: str, tz) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.strptime(slot, "%H:%M").time(), tz)


def on_time_window(day: str, slot: str, tz, early_minutes: int, late_minutes: int) -> tuple[datetime, datetime]:
    start = slot_start(day, slot, tz)
    return start - timedelta(minutes=early_minutes), start + timedelta(minutes=late_minutes)


def day_spans(first: datetime, last: datetime) -> list[tuple[str, str, str]]:
    """(day, first "HH:MM", last "HH:MM") for each day from `first` to `last`: a window of slots
    that crosses midnight (a centre open late, the next hour at 23:30) is one range per day."""
    spans, day = [], first.date()
    while day <= last.date():
        spans.append((day.isoformat(), hhmm(first) if day == first.date() else "00:00",
                      hhmm(last) if day == last.date() else "23:59"))
        day += timedelta(days=1)
    return spans


def hhmm(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"     # strftime costs several times more, on every ticket


def _minutes(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)
