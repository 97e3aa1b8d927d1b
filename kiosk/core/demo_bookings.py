"""A simulated day in which a share of the visitors booked a slot the evening before
(kiosk/core/demo_day.py's day, plus bookings): most arrive within the on-time window, some
late, some never. Booked visitors check in at the kiosk; the counters call through the
real fairness rule. Seeded and deterministic like the plain day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kiosk.core import slots as S
from kiosk.core.appointment_report import appointment_report
from kiosk.core.appointments import Appointments
from kiosk.core.demo_day import ARRIVAL_WEIGHTS, KIOSK, DemoResult, _Simulation
from kiosk.core.errors import QueueError

ON_TIME_SHARE = 0.85     # arrive from 15 minutes early to 10 late
LATE_SHARE = 0.09        # 10 to 45 minutes late
                         # the rest (6%) never come


def simulate_booked_day(store, config, day: date, visitors: int = 400, booked_share: float = 0.3,
                        seed: int = 1) -> tuple[DemoResult, dict]:
    """Run the day; return its result and the appointments-vs-walk-ins report of the day."""
    result = _BookedDay(store, config, day, visitors, seed, booked_share).run()
    today = day.isoformat()
    return result, appointment_report(store.tickets_between(today, today), store.appointments_of_days(today, today))


class _BookedDay(_Simulation):
    def __init__(self, store, config, day, visitors, seed, booked_share):
        super().__init__(store, config, day, visitors, seed)
        self.booked = round(visitors * booked_share)
        self.bookings = Appointments(store, self.queue, config)

    def run(self) -> DemoResult:
        self.clock.set(self._at(time(19, 0)) - timedelta(days=1))       # booked the evening before
        if self.day.isoformat() not in self.bookings.bookable_days():
            raise QueueError("invalid", f"{self.day} is not a day open to bookings (appointments.weekdays)",
                             "Ngày này không nhận đặt lịch hẹn.", "date")
        walk_ins_instead = sum(not self._book_one() for _ in range(self.booked))
        self.walk_ins = self.visitors - self.booked + walk_ins_instead
        self._schedule(self._at(time(23, 0)), "release")
        return super().run()

    def _arrivals(self) -> list[datetime]:
        every = super()._arrivals()
        return sorted(self.rng.sample(every, self.walk_ins))

    def _book_one(self) -> bool:
        """Book the slot nearest after when this citizen would like to come; False when the
        day is full (they come as a walk-in)."""
        visitor = self._visitor()
        wished = self._at(self.rng.choices(list(ARRIVAL_WEIGHTS), list(ARRIVAL_WEIGHTS.values()))[0])
        wished += timedelta(seconds=self.rng.uniform(0, 1800))
        free = [s["slot"] for s in self.bookings.slots(visitor["code"], self.day.isoformat()) if s["free"]]
        slot = next((s for s in free if self._at_slot(s) >= wished), free[-1] if free else None)
        if slot is None:
            return False
        made = self.bookings.book(visitor["code"], self.day.isoformat(), slot, source="public")
        roll = self.rng.random()
        if roll < ON_TIME_SHARE:
            offset = self.rng.uniform(-15, 10)
        elif roll < ON_TIME_SHARE + LATE_SHARE:
            offset = self.rng.uniform(10.5, 45)
        else:
            return True
        self._schedule(self._at_slot(slot) + timedelta(minutes=offset), "check_in", code=made["code"],
                       priority=visitor["priority"])
        return True

    def _at_slot(self, slot: str) -> datetime:
        return S.slot_start(self.day.isoformat(), slot, self.tz)

    def _on_check_in(self, at: datetime, code: str, priority: str | None) -> None:
        outcome = self.bookings.check_in(code, device=KIOSK, priority=priority)
        self.result.issued += 1
        self._wake(outcome["ticket"]["service"]["id"])

    def _on_release(self, at: datetime) -> None:
        self.bookings.release_missed()

    def _wake(self, service_id: str) -> None:
        for counter_id in sorted(self.idle):
            if service_id in self.counters[counter_id]["services"]:
                self.idle.discard(counter_id)
                self._schedule(self.clock.now() + timedelta(seconds=self.rng.uniform(5, 40)), "free",
                               counter=counter_id)
