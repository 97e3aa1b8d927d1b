"""The `appointments:` section of config.yaml (docs/CONTRACTS.md, "Appointments").

Every service may override the centre-wide slot settings under `services: {ID: {...}}`.
"""
from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _check_hours(value):
    for start, end in value or []:
        if not (_HH_MM.match(start) and _HH_MM.match(end)) or start >= end:
            raise ValueError(f"[{start!r}, {end!r}]: expected [\"HH:MM\", \"HH:MM\"] with start before end")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServiceSlots(_Strict):
    """One service's overrides; None keeps the centre-wide value."""
    hours: list[tuple[str, str]] | None = None
    slot_minutes: int | None = Field(default=None, ge=5, le=240)
    bookable_share: float | None = Field(default=None, ge=0, le=1)
    capacity: int | None = Field(default=None, ge=0, le=1000)      # bookings per slot, instead of derived

    _hours = field_validator("hours")(classmethod(lambda cls, v: _check_hours(v)))


class Appointments(_Strict):
    enabled: bool = True
    hours: list[tuple[str, str]] = [("07:30", "11:30"), ("13:30", "17:00")]
    weekdays: list[int] = Field(default=[1, 2, 3, 4, 5], min_length=1)   # ISO: Monday 1 ... Sunday 7
    slot_minutes: int = Field(default=15, ge=5, le=240)
    bookable_share: float = Field(default=0.4, ge=0, le=1)   # of a slot's capacity; the rest is for walk-ins
    window_days: int = Field(default=14, ge=0, le=365)       # book at most this many days ahead
    per_phone_per_day: int = Field(default=2, ge=1, le=100)  # bookings for one booked day per phone number
    per_address_per_day: int = Field(default=6, ge=1, le=10000)   # bookings from one network address per 24 h
    early_minutes: int = Field(default=15, ge=0, le=240)     # on time: from this long before the slot ...
    late_minutes: int = Field(default=10, ge=0, le=240)      # ... to this long after its start
    fairness_window: int = Field(default=4, ge=1, le=100)    # of any this many consecutive calls at a counter,
    fairness_max_share: float = Field(default=0.5, ge=0, le=1)   # at most this share go to appointments
    services: dict[str, ServiceSlots] = {}

    _hours = field_validator("hours")(classmethod(lambda cls, v: _check_hours(v)))

    @field_validator("weekdays")
    @classmethod
    def _iso_days(cls, value: list[int]) -> list[int]:
        if any(not 1 <= day <= 7 for day in value):
            raise ValueError("weekdays are ISO numbers: 1 (Monday) to 7 (Sunday)")
        return value

    def for_service(self, service_id: str) -> ServiceSlots:
        """The slot settings in force for one service (its overrides over the centre's)."""
        own = self.services.get(service_id) or ServiceSlots()
        return ServiceSlots(hours=own.hours or self.hours, slot_minutes=own.slot_minutes or self.slot_minutes,
                            bookable_share=self.bookable_share if own.bookable_share is None else own.bookable_share,
                            capacity=own.capacity)
