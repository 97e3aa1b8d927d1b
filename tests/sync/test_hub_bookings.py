"""Hub bookings at a centre: the schedule it publishes (its own slots and bookings), and a hub
booking applied by version, kept even when local bookings filled its slot (then a conflict)."""
from __future__ import annotations

import pytest

from kiosk.appointment_config import ServiceSlots
from kiosk.core.appointments import Appointments
from kiosk.store.hub import open_conflicts
from kiosk.sync.hub_bookings import SLOT_FULL, apply_bookings, bookings_version, schedule

BIRTH = "1.001193"


@pytest.fixture
def appointments(store, queue, config):
    config.appointments.services["HT"] = ServiceSlots(capacity=1)
    return Appointments(store, queue, config)


def slot_of(published: dict, service: str, day: str, slot: str) -> dict:
    found = next(s for s in published["services"] if s["id"] == service)
    return next(x for x in found["slots"][day] if x["slot"] == slot)


def hub_booking(code: str, version: int, slot: str = "08:30") -> dict:
    return {"code": code, "day": "2026-11-23", "slot": slot, "service_id": "HT", "procedure_code": BIRTH,
            "procedure_name": "Đăng ký khai sinh", "version": version}


def test_a_hub_booking_over_a_full_slot_is_kept_and_shown_and_a_repeat_changes_nothing(appointments, store, clock):
    published = schedule(appointments, store)
    assert published["bookings_version"] == 0 and "2026-11-23" in published["days"]
    assert slot_of(published, "HT", "2026-11-23", "08:30") == {"slot": "08:30", "capacity": 1, "booked": 0}
    assert any(p["code"] == BIRTH for s in published["services"] for p in s["procedures"])
    appointments.book(BIRTH, "2026-11-23", "08:30")                 # the centre's own booking fills the slot
    assert apply_bookings(appointments, {"version": 7, "bookings": [hub_booking("K7M4PQ", 7)]}) == 1
    [conflict] = open_conflicts(store)
    assert (conflict["code"], conflict["field"], conflict["local"]) == ("K7M4PQ", SLOT_FULL, {"capacity": 1, "booked": 1})
    assert apply_bookings(appointments, {"version": 7, "bookings": [hub_booking("K7M4PQ", 7)]}) == 0
    assert len(open_conflicts(store)) == 1 and bookings_version(store) == 7
    clock.set("2026-11-23T08:25:00")
    checked = appointments.check_in("K7M4PQ")
    assert checked["outcome"] == "on_time" and checked["appointment"]["source"] == "hub"
    again = schedule(appointments, store)
    assert again["bookings_version"] == 7 and slot_of(again, "HT", "2026-11-23", "08:30")["booked"] == 2


def test_a_hub_booking_with_room_makes_no_conflict(appointments, store):
    assert apply_bookings(appointments, {"version": 3, "bookings": [hub_booking("K7M4PR", 3, "09:00")]}) == 1
    assert open_conflicts(store) == []
    assert store.appointment_by_code("K7M4PR")["phone"] is None
