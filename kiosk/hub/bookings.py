"""Booking a centre's slot on the hub, and the bookings travelling down to that centre.

The capacity rule (docs/CONTRACTS.md, "Province hub"): each centre publishes its schedule
(its own slots, capacities and bookings, counted by kiosk/core/appointments.py, with the
last hub booking it had applied). The hub offers a slot while its published capacity is
more than the centre's bookings plus the hub's bookings the centre had not yet counted. A
hub booking is final for the citizen; the centre applies it by version and, if local
bookings filled the slot in between, keeps it anyway and shows the centre admin the
conflict. The hub keeps no personal data: a booking is a code, a procedure and a slot.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb

from kiosk.core import booking_codes, slots as S
from kiosk.core.errors import conflict, invalid, not_found

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FULL = "Khung giờ này đã hết chỗ. Ông/bà vui lòng chọn khung giờ khác."


def publish(conn, centre_id: int, schedule: dict) -> None:
    """Keep a centre's schedule: {"bookings_version", "days", "services": [{"id", "name",
    "procedures": [{"code", "name"}], "slots": {day: [{"slot", "capacity", "booked"}]}}]}."""
    if not isinstance(schedule.get("services"), list) or not isinstance(schedule.get("bookings_version"), int):
        raise invalid("schedule", "schedule needs services (a list) and bookings_version (an integer)",
                      "Lịch tiếp nhận gửi lên không hợp lệ.")
    with conn.transaction():
        conn.execute("""INSERT INTO schedules (centre_id, schedule, bookings_version) VALUES (%s, %s, %s)
                        ON CONFLICT (centre_id) DO UPDATE SET schedule = EXCLUDED.schedule,
                        bookings_version = EXCLUDED.bookings_version, published_at = now()""",
                     [centre_id, Jsonb(schedule), schedule["bookings_version"]])


def bookable_centres(conn) -> list[dict]:
    return conn.execute("SELECT c.code, c.name, c.district FROM centres c JOIN schedules s ON s.centre_id = c.id "
                        "WHERE jsonb_array_length(s.schedule -> 'services') > 0 "
                        "ORDER BY c.district, c.name").fetchall()


def options(conn, centre_code: str) -> dict:
    """What the hub's booking page offers at a centre: its procedures by service, and each
    future slot with the places still free by the rule above."""
    centre, schedule, seen = _schedule(conn, centre_code)
    unseen = _unseen(conn, centre["id"], seen)
    now = datetime.now(ZONE)
    services = [{"id": service["id"], "name": service["name"], "procedures": service["procedures"],
                 "slots": {day: [{"slot": s["slot"], "free": _free(s, unseen, day, service["id"])}
                                 for s in slots if S.slot_start(day, s["slot"], ZONE) > now]
                           for day, slots in service["slots"].items()}}
                for service in schedule["services"]]
    return {"centre": {"code": centre["code"], "name": centre["name"]}, "days": schedule.get("days", []),
            "services": services}


def book(conn, centre_code: str, procedure_code: str, day: str, slot: str) -> dict:
    """Take a place in a slot; QueueError when the slot is unknown, past or full."""
    with conn.transaction():
        centre, schedule, seen = _schedule(conn, centre_code, lock=True)   # one booking of a centre at a time
        service, procedure = _service_of(schedule, procedure_code)
        found = next((s for s in service["slots"].get(day, []) if s["slot"] == slot), None)
        if found is None or S.slot_start(day, slot, ZONE) <= datetime.now(ZONE):
            raise invalid("slot", f"{slot!r} of {day!r} is not a bookable slot of this centre",
                          "Khung giờ này không còn đặt được. Ông/bà vui lòng chọn khung giờ khác.")
        if _free(found, _unseen(conn, centre["id"], seen), day, service["id"]) <= 0:
            raise conflict("this slot is full", FULL, "slot")
        row = {"code": _insert(conn, centre["id"], day, slot, service["id"], procedure), "day": day, "slot": slot}
    return {**row, "centre": {"code": centre["code"], "name": centre["name"]},
            "service": {"id": service["id"], "name": service["name"]}, "procedure": procedure}


def changes_since(conn, centre_id: int, since: int) -> dict:
    rows = conn.execute("SELECT code, day, slot, service_id, procedure_code, procedure_name, version FROM bookings "
                        "WHERE centre_id = %s AND version > %s ORDER BY version", [centre_id, since]).fetchall()
    return {"version": rows[-1]["version"] if rows else since, "bookings": rows}


def _schedule(conn, centre_code: str, lock: bool = False) -> tuple[dict, dict, int]:
    row = conn.execute("SELECT c.id, c.code, c.name, s.schedule, s.bookings_version FROM centres c "
                       "JOIN schedules s ON s.centre_id = c.id WHERE c.code = %s" + (" FOR UPDATE OF s" if lock else ""),
                       [centre_code]).fetchone()
    if row is None:
        raise not_found("centre", f"centre {centre_code!r} takes no bookings on the hub",
                        "Trung tâm này chưa nhận đặt lịch qua cổng của tỉnh.")
    return row, row["schedule"], row["bookings_version"]


def _unseen(conn, centre_id: int, seen: int) -> dict[tuple, int]:
    """The hub's bookings the centre had not applied when it counted its schedule, per slot."""
    rows = conn.execute("SELECT day, service_id, slot, count(*) AS n FROM bookings WHERE centre_id = %s "
                        "AND version > %s GROUP BY day, service_id, slot", [centre_id, seen]).fetchall()
    return {(r["day"], r["service_id"], r["slot"]): r["n"] for r in rows}


def _free(slot: dict, unseen: dict, day: str, service_id: str) -> int:
    return max(0, slot["capacity"] - slot["booked"] - unseen.get((day, service_id, slot["slot"]), 0))


def _service_of(schedule: dict, procedure_code: str) -> tuple[dict, dict]:
    for service in schedule["services"]:
        for procedure in service["procedures"]:
            if procedure["code"] == procedure_code:
                return service, procedure
    raise not_found("procedure_code", f"the centre takes no bookings for {procedure_code!r}",
                    "Trung tâm này không nhận đặt lịch cho thủ tục này.")


def _insert(conn, centre_id: int, day: str, slot: str, service_id: str, procedure: dict) -> str:
    while True:
        code = booking_codes.new_code()
        try:
            with conn.transaction():
                conn.execute("INSERT INTO bookings (centre_id, code, day, slot, service_id, procedure_code, "
                             "procedure_name, version) VALUES (%s, %s, %s, %s, %s, %s, %s, nextval('booking_version'))",
                             [centre_id, code, day, slot, service_id, procedure["code"], procedure["name"]])
            return code
        except psycopg.errors.UniqueViolation:
            continue
