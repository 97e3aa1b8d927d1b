"""Bookings made on the province hub, at this centre: the schedule the centre publishes (its
own slots and capacities, kiosk/core/appointments.py) and the hub's bookings applied here by
version, so a hub booking checks in at the kiosk by its code like any other.

The rule (docs/CONTRACTS.md, "Province hub"): a hub booking is final for the citizen. It is
applied even when local bookings filled its slot after the centre last published its
schedule; then the slot holds one booking more than its capacity and the centre's admin sees
the conflict. A booking is never dropped.
"""
from __future__ import annotations

from kiosk.core.errors import invalid
from kiosk.store import hub as hub_store

VERSION_KEY = "hub_bookings_version"
SLOT_FULL = "booking_slot_full"          # the hub_conflicts field of a booking over capacity
CODE_TAKEN = "booking_code_taken"        # a local booking already has the hub booking's code
FIELDS = (SLOT_FULL, CODE_TAKEN)


def bookings_version(store) -> int:
    return int(store.meta(VERSION_KEY, "0") or 0)


def schedule(appointments, store) -> dict:
    """What the hub may offer: each service's bookable procedures and its slots of each
    bookable day, with capacity and bookings counted here (local and hub ones applied)."""
    by_service: dict[str, list[dict]] = {}
    for row in store.procedures(active_only=True):
        by_service.setdefault(row["service"], []).append({"code": row["code"], "name": row["name"]})
    days = appointments.bookable_days() if appointments.settings.enabled else []
    services = [{"id": s["id"], "name": s["name"], "procedures": by_service[s["id"]],
                 "slots": {day: [{"slot": x["slot"], "capacity": x["capacity"], "booked": x["booked"]}
                                 for x in appointments.service_slots(s["id"], day)] for day in days}}
                for s in store.services() if s["id"] in by_service and days]
    return {"bookings_version": bookings_version(store), "days": days, "services": services}


def apply_bookings(appointments, changes: dict) -> int:
    """Apply a hub answer {"version", "bookings"}; returns how many bookings were added here."""
    store, added = appointments.store, 0
    with store.write():
        for booking in changes["bookings"]:
            added += _apply_one(appointments, booking)
        store.set_meta(VERSION_KEY, str(changes["version"]))
    return added


def _apply_one(appointments, booking: dict) -> int:
    store, now = appointments.store, appointments.clock.now().isoformat(timespec="milliseconds")
    wanted = {key: booking[key] for key in ("day", "slot", "service_id", "procedure_code", "procedure_name")}
    existing = store.appointment_by_code(booking["code"])
    if existing is not None:
        if existing.get("source") != "hub":
            hub_store.open_conflict(store, booking["code"], CODE_TAKEN, _slot_of(existing), wanted,
                                    booking["version"], now)
        return 0
    load = next((s for s in appointments.slot_table(booking["service_id"], booking["day"])
                 if s["slot"] == booking["slot"]), {"capacity": 0, "booked": 0})
    if load["booked"] >= load["capacity"]:
        hub_store.open_conflict(store, booking["code"], SLOT_FULL,
                                {"capacity": load["capacity"], "booked": load["booked"]}, wanted,
                                booking["version"], now)
    store.insert_appointment({**wanted, "code": booking["code"], "status": "booked", "phone": None,
                              "source": "hub", "booked_by": None, "created_at": now})
    return 1


def _slot_of(row: dict) -> dict:
    return {key: row[key] for key in ("day", "slot", "service_id", "procedure_code", "procedure_name")}


def settle(store, conflict: dict, keep: str, at: str) -> None:
    """A booking conflict is settled by keeping the booking: the citizen holds its code."""
    if keep != "hub":
        raise invalid("keep", "a hub booking is never dropped: keep must be 'hub'",
                      "Lịch hẹn người dân đã đặt không bị hủy; vui lòng chọn giữ lịch hẹn.")
    hub_store.resolve_conflict(store, conflict["id"], keep, at)


class BookingsDown:
    """One step of HubSync's pull: the hub's new bookings applied, then the schedule published
    (only when it changed), so the schedule the hub reads counts them."""

    def __init__(self, appointments, on_loop):
        self.appointments, self.on_loop = appointments, on_loop
        self.published: dict | None = None

    def pull(self, client, store) -> int:
        changes = client.bookings(bookings_version(store))
        added = self.on_loop(lambda: apply_bookings(self.appointments, changes)) if changes["bookings"] else 0
        current = self.on_loop(lambda: schedule(self.appointments, self.appointments.store))
        if current != self.published:
            client.publish_schedule(current)
            self.published = current
        return added
