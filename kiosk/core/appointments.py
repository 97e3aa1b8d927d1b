"""Appointments: booking a slot, cancelling, and checking in at the kiosk. No HTTP, no SQL.

A booking holds a place in a slot of its procedure's service. Checked in on time (the
`early_minutes`/`late_minutes` window around the slot) it becomes a waiting ticket marked
`appointment`, which kiosk/core/fairness.py calls ahead of walk-ins within its rule. Late,
it becomes an ordinary ticket. A booking is checked in once: the ticket's client_id is made
from the booking, so a second check-in (or a retried request) returns the same ticket.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from kiosk.core import booking_codes, fairness, slots as S
from kiosk.core.errors import QueueError, conflict, invalid, not_found

PHONE = re.compile(r"^0\d{9,10}$")
UNKNOWN = "Không tìm thấy lịch hẹn có mã này. Ông/bà vui lòng kiểm tra lại mã, hoặc lấy số thứ tự thường."
CANCELLED = "Lịch hẹn này đã được hủy. Ông/bà có thể lấy số thứ tự thường để được phục vụ."
LATE = ("Ông/bà đến sau giờ hẹn nên được cấp số thứ tự thường. "
        "Xin mời ông/bà ngồi chờ, cán bộ sẽ gọi theo lượt.")
ON_TIME = "Ông/bà đến đúng hẹn. Số của ông/bà sẽ được gọi trước theo lịch hẹn."
ALREADY = "Lịch hẹn này đã được xác nhận. Đây là số thứ tự ông/bà đã nhận."


class Appointments:
    def __init__(self, store, queue, config):
        self.store, self.queue, self.config = store, queue, config
        self.settings = config.appointments
        self.clock = queue.clock
        if self.settings.enabled:           # walk-ins' estimates count the bookings expected first
            queue.booked_ahead = self.people_ahead

    # -- slots ----------------------------------------------------------------------------
    def bookable_days(self) -> list[str]:
        today = self.clock.now().date()
        days = (today + timedelta(days=n) for n in range(self.settings.window_days + 1))
        return [d.isoformat() for d in days if d.isoweekday() in self.settings.weekdays]

    def slots(self, procedure_code: str, day: str) -> list[dict]:
        """The slots of a day for a procedure's service: capacity, booked, free; past ones left out."""
        return self.service_slots(self._procedure(procedure_code)["service"], day)

    def service_slots(self, service_id: str, day: str) -> list[dict]:
        """A service's bookable slots of a bookable day (what the centre publishes to a hub)."""
        self._check_day(day)
        now = self.clock.now()
        return [s for s in self.slot_table(service_id, day) if S.slot_start(day, s["slot"], self.clock.tz) > now]

    def slot_table(self, service_id: str, day: str) -> list[dict]:
        """Every slot of a service on `day`, past or not: capacity, booked, free."""
        own = self.settings.for_service(service_id)
        starts = S.day_slots(own.hours, own.slot_minutes)
        capacity = S.capacities(starts, self._counters(service_id), self._mean_minutes(service_id),
                                own.slot_minutes, own.bookable_share, own.capacity)
        booked = self.store.booked_per_slot(day, service_id)
        return [{"slot": slot, "capacity": capacity[slot], "booked": booked.get(slot, 0),
                 "free": max(0, capacity[slot] - booked.get(slot, 0))} for slot in starts]

    # -- booking --------------------------------------------------------------------------
    def book(self, procedure_code: str, day: str, slot: str, phone: str | None = None,
             source: str = "public", booked_by: str | None = None) -> dict:
        phone = _clean_phone(phone)
        procedure = self._procedure(procedure_code)
        with self.store.write():
            self._release_missed()
            free = {s["slot"]: s["free"] for s in self.slots(procedure_code, day)}
            if slot not in free:
                raise invalid("slot", f"{slot!r} is not a bookable slot of {day} (past, or outside the hours)",
                              "Khung giờ này không còn đặt được. Ông/bà vui lòng chọn khung giờ khác.")
            if free[slot] <= 0:
                raise conflict("this slot is full", "Khung giờ này đã hết chỗ. Ông/bà vui lòng chọn khung giờ khác.",
                               "slot")
            if phone and self.store.bookings_for_phone(day, phone) >= self.settings.per_phone_per_day:
                raise conflict(f"this phone number already holds {self.settings.per_phone_per_day} bookings that day",
                               f"Mỗi số điện thoại chỉ đặt được {self.settings.per_phone_per_day} lịch hẹn trong một "
                               "ngày.", "phone")
            row = self.store.insert_appointment({
                "code": self._unused_code(), "day": day, "slot": slot, "service_id": procedure["service"],
                "procedure_code": procedure["code"], "procedure_name": procedure["name"], "status": "booked",
                "phone": phone, "source": source, "booked_by": booked_by, "created_at": self._now()})
        return self.view(row)

    def cancel(self, code: str) -> dict:
        with self.store.write():
            row = self._by_code(code)
            if row["status"] == "cancelled":
                return self.view(row)
            if row["status"] != "booked":
                raise conflict(f"a {row['status']} booking cannot be cancelled",
                               "Lịch hẹn này đã được sử dụng hoặc đã qua, không hủy được nữa.", "code")
            self.store.update_appointment(row["id"], status="cancelled", cancelled_at=self._now(), phone=None)
        return self.view(self._by_code(code))

    def find(self, code: str) -> dict:
        return self.view(self._by_code(code))

    # -- check-in -------------------------------------------------------------------------
    def check_in(self, code: str, device: str | None = None, priority: str | None = None) -> dict:
        """{"outcome": on_time | late | already, "message", "appointment", "ticket"};
        QueueError for an unknown, cancelled, wrong-day or too-early code."""
        with self.store.write():
            self._release_missed()
            row = self._by_code(code)
            if row["status"] == "checked_in":
                return self._outcome("already", ALREADY, row, self.queue.ticket(row["ticket_id"]))
            if row["status"] == "cancelled":
                raise conflict("the booking was cancelled", CANCELLED, "code")
            self._check_today(row)
            opens, closes = S.on_time_window(row["day"], row["slot"], self.clock.tz,
                                             self.settings.early_minutes, self.settings.late_minutes)
            now = self.clock.now()
            if now < opens:
                raise conflict(f"check-in for this booking opens at {S.hhmm(opens)}",
                               f"Ông/bà đến sớm so với giờ hẹn {row['slot']}. Mời ông/bà quay lại xác nhận từ "
                               f"{S.hhmm(opens)}, hoặc lấy số thứ tự thường.", "code")
            on_time = now <= closes
            ticket = self.queue.issue(row["procedure_code"], priority, client_id=f"appointment-{row['code']}",
                                      device=device)
            if on_time:
                self.store.update_ticket(ticket["id"], appointment=1)
            self.store.update_appointment(row["id"], status="checked_in", checked_in_at=self._now(),
                                          arrival="on_time" if on_time else "late", ticket_id=ticket["id"])
            self.store.append_event({"ticket_id": ticket["id"], "type": "appointment.checked_in", "at": self._now(),
                                     "actor": device, "counter_id": None,
                                     "data": {"service_id": row["service_id"], "slot": row["slot"],
                                              "arrival": "on_time" if on_time else "late"}})
            row = self._by_code(code)
            ticket = self.queue.ticket(ticket["id"])
        return self._outcome("on_time" if on_time else "late", ON_TIME if on_time else LATE, row, ticket)

    # -- staff ----------------------------------------------------------------------------
    def expected(self, minutes: int = 60) -> list[dict]:
        """Bookings whose slot starts within the next `minutes` (or whose on-time window is
        still open), earliest first, checked in or not; across midnight too."""
        now = self.clock.now()
        spans = S.day_spans(self._on_time_cutoff(now), now + timedelta(minutes=minutes))
        rows = [r for span in spans for r in self.store.appointments_between(*span)]
        return [self.view(r, staff=True) for r in rows]

    def release_missed(self) -> int:
        with self.store.write():
            return self._release_missed()

    def _release_missed(self) -> int:
        """Bookings whose on-time window has closed stop holding their place (status
        `missed`); phone numbers of days that are over are erased."""
        cutoff = self._on_time_cutoff(self.clock.now())
        self.store.erase_phones_before(self.clock.today())
        return self.store.mark_missed(cutoff.date().isoformat(), S.hhmm(cutoff))

    def _on_time_cutoff(self, now):
        """Slots that started before this moment are no longer on time. Just after midnight it
        is on the day before: its "HH:MM" alone, compared with today's slots, would say 23:55."""
        return now - timedelta(minutes=self.settings.late_minutes)

    # -- what walk-ins should expect --------------------------------------------------------
    def people_ahead(self, ticket: dict, ahead: int, minutes_per_call: float) -> int:
        """People ahead of a normal ticket: an appointment ticket is behind the priority tickets
        and the older appointment tickets only; a walk-in is also behind the appointment holders
        expected before its turn (within the fairness rule)."""
        if ticket.get("appointment"):
            return self.store.waiting_count(ticket["service_id"], (1,)) + self.store.appointment_tickets_before(ticket)
        return ahead + self.ahead_of_walk_in(ticket["service_id"], ahead, minutes_per_call)

    def ahead_of_walk_in(self, service_id: str, walk_ins_ahead: int, minutes_per_call: float) -> int:
        """Appointment holders expected before a walk-in with `walk_ins_ahead` ahead of them."""
        now = self.clock.now()
        horizon = now + timedelta(minutes=walk_ins_ahead * minutes_per_call)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        expected = self.store.expected_appointment_holders(
            self.clock.today(), service_id, S.hhmm(max(self._on_time_cutoff(now), midnight)),
            S.hhmm(min(horizon, now.replace(hour=23, minute=59))))
        return fairness.appointments_ahead(walk_ins_ahead, expected, rule(self.config))

    # -- views ----------------------------------------------------------------------------
    def view(self, row: dict, staff: bool = False) -> dict:
        opens, closes = S.on_time_window(row["day"], row["slot"], self.clock.tz,
                                         self.settings.early_minutes, self.settings.late_minutes)
        service = self.store.service(row["service_id"]) or {"id": row["service_id"], "name": "?"}
        ticket = self.store.ticket(row["ticket_id"]) if row.get("ticket_id") else None
        view = {"code": row["code"], "day": row["day"], "slot": row["slot"], "status": row["status"],
                "service": {"id": service["id"], "name": service["name"]},
                "procedure": {"code": row["procedure_code"], "name": row["procedure_name"]},
                "check_in_from": opens.isoformat(), "check_in_until": closes.isoformat(),
                "arrival": row.get("arrival"), "source": row.get("source") or "public",
                "ticket": {"id": ticket["id"], "number": ticket["number"], "public_id": ticket["public_id"],
                           "status": ticket["status"]} if ticket else None,
                "url": f"{self.config.server.public_url}/dat-lich/{row['code']}"}
        if staff:
            view["phone"] = row.get("phone") or ""
            view["booked_by"] = row.get("booked_by") or ""
        return view

    # -- internals ------------------------------------------------------------------------
    def _outcome(self, outcome: str, message: str, row: dict, ticket: dict) -> dict:
        return {"outcome": outcome, "message": message, "appointment": self.view(row), "ticket": ticket}

    def _by_code(self, code: str) -> dict:
        code = booking_codes.normalise(code)
        row = self.store.appointment_by_code(code) if booking_codes.is_code(code) else None
        if row is None:
            raise not_found("code", "no booking has this code", UNKNOWN)
        return row

    def _procedure(self, code: str) -> dict:
        procedure = self.store.procedure(code) if isinstance(code, str) else None
        if procedure is None or not procedure["active"]:
            raise not_found("procedure_code", f"unknown or retired procedure code {code!r}",
                            "Không tìm thấy thủ tục này.")
        return procedure

    def _check_day(self, day: str) -> None:
        if day not in self.bookable_days():
            raise invalid("day", f"{day!r} is not a working day within the next {self.settings.window_days} days",
                          f"Chỉ đặt được lịch vào ngày làm việc trong {self.settings.window_days} ngày tới.")

    def _check_today(self, row: dict) -> None:
        today = self.clock.today()
        if row["day"] == today:
            return
        when = date.fromisoformat(row["day"]).strftime("%d/%m/%Y")
        if row["day"] > today:
            raise conflict(f"the booking is for {row['day']}, not today",
                           f"Lịch hẹn của ông/bà là ngày {when} lúc {row['slot']}, không phải hôm nay. "
                           "Mời ông/bà quay lại đúng ngày hẹn, hoặc lấy số thứ tự thường.", "code")
        raise conflict(f"the booking was for {row['day']}, a day that is over",
                       f"Lịch hẹn này là của ngày {when}, đã qua. Ông/bà vui lòng lấy số thứ tự thường.", "code")

    def _unused_code(self) -> str:
        while True:
            code = booking_codes.new_code()
            if self.store.appointment_by_code(code) is None:
                return code

    def _counters(self, service_id: str) -> int:
        return sum(1 for c in self.store.counters() if service_id in c["services"])

    def _mean_minutes(self, service_id: str) -> float:
        recent = self.store.recent_service_minutes(service_id, self.config.policy.estimate_window)
        return sum(recent) / len(recent) if recent else self.config.policy.default_service_minutes

    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="milliseconds")


def rule(config) -> fairness.Rule:
    return fairness.Rule(config.appointments.fairness_window, config.appointments.fairness_max_share)


def _clean_phone(phone: str | None) -> str | None:
    if phone in (None, ""):
        return None
    digits = re.sub(r"[\s.\-]", "", str(phone))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not PHONE.match(digits):
        raise invalid("phone", "phone must be a Vietnamese number of 10-11 digits starting with 0",
                      "Số điện thoại không hợp lệ (10 chữ số, bắt đầu bằng 0). Ông/bà có thể bỏ trống.")
    return digits


__all__ = ["Appointments", "QueueError", "rule"]
