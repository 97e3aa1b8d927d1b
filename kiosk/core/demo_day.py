"""A realistic day at a ward centre, simulated through the real queue core with a FakeClock.

Seeded and deterministic: the same date, visitor count and seed give the same events.
Citizens arrive along the morning and afternoon peaks, choose procedures in a ward centre's
mix, wait, are called by the counters serving their service, sometimes do not answer the call
or are sent to another service, are served for a time that depends on the procedure, and some
rate the service (on the counter tablet or from the ticket page). For half an hour in the
morning the kiosk loses the server and issues tickets from its own offline series, uploading them when
the link is back. Everything goes through `Queue` and `Satisfaction`, so the event log, the
reports and the screens see exactly what a real day would leave.
"""
from __future__ import annotations

import heapq
import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.clock import FakeClock
from kiosk.config import Config
from kiosk.core.accounts import add_device
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from kiosk.core.satisfaction import ASK_REASON, RATINGS, REASONS, Satisfaction
from kiosk.store import Store

SESSIONS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
# Relative arrivals per half hour from 7:30: a morning peak around 9:00, a smaller one at 14:30.
ARRIVAL_WEIGHTS = {
    time(7, 30): 0.7, time(8, 0): 1.4, time(8, 30): 1.8, time(9, 0): 1.9, time(9, 30): 1.6, time(10, 0): 1.3,
    time(10, 30): 1.0, time(11, 0): 0.5, time(13, 30): 0.7, time(14, 0): 1.3, time(14, 30): 1.5,
    time(15, 0): 1.3, time(15, 30): 1.0, time(16, 0): 0.7, time(16, 30): 0.4,
}
SERVICE_MIX = {"CT": 0.40, "HT": 0.29, "KD": 0.11, "XH": 0.13, "VH": 0.07}
DEFAULT_MINUTES = {"HT": 7.0, "CT": 3.0, "XH": 7.0, "KD": 8.0, "VH": 5.0}
PROCEDURE_MINUTES = {
    "1.001193": 6.0, "1.000656": 5.0, "1.000894": 8.0, "1.004873": 4.0, "2.000815": 2.0, "2.000884": 2.5,
    "2.001019": 12.0, "2.001035": 15.0, "1.001776": 8.0, "1.001612": 10.0, "1.012812": 20.0,
}
PRIORITY_SHARE = 0.08
PRIORITY_KINDS = {"elderly": 0.6, "pregnant": 0.15, "child": 0.15, "disability": 0.1}
NO_SHOW_SHARE = 0.04
TRANSFER_SHARE = 0.02
RATING_SHARE = 0.6
TABLET_SHARE = 0.7
OUTAGE = (time(9, 40), time(10, 10))          # the kiosk cannot reach the server
STAFF = {1: "lan", 2: "hung", 3: "mai", 4: "tuan", 5: "ha"}
KIOSK = "kiosk-1"


@dataclass
class DemoResult:
    day: str
    visitors: int
    issued: int = 0
    offline: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    rated: int = 0
    last_event_at: str = ""


@dataclass(order=True)
class _Job:
    at: datetime
    seq: int
    kind: str = field(compare=False)
    payload: dict = field(compare=False, default_factory=dict)


def simulate_day(store: Store, config: Config, day: date, visitors: int = 350, seed: int = 1) -> DemoResult:
    return _Simulation(store, config, day, visitors, seed).run()


class _Simulation:
    def __init__(self, store: Store, config: Config, day: date, visitors: int, seed: int):
        if store.tickets_between(day.isoformat(), day.isoformat()):
            raise QueueError("conflict", f"the database already has tickets on {day}",
                             "Ngày này đã có dữ liệu.", "date")
        self.rng = random.Random(f"{seed}:{day.isoformat()}:{visitors}")
        self.day, self.visitors = day, visitors
        self.tz = ZoneInfo(config.centre.timezone)
        self.clock = FakeClock(self._at(time(7, 0)), config.centre.timezone)
        self.queue = Queue(store, config, self.clock)
        self.sat = Satisfaction(self.queue)
        self.store = store
        self.counters = {c["id"]: c for c in store.counters()}
        self.procedures: dict[str, list[dict]] = {}
        for procedure in store.procedures():
            self.procedures.setdefault(procedure["service"], []).append(procedure)
        self.jobs: list[_Job] = []
        self.seq = 0
        self.idle: set[int] = set()
        self.offline_pending: list[dict] = []
        self.blocks: dict[str, list[int]] = {}
        self.result = DemoResult(day.isoformat(), visitors)

    # -- the timeline ----------------------------------------------------------------------
    def run(self) -> DemoResult:
        previous_day = self.store.meta("current_day")
        self.clock.set(self._at(time(7, 25)))
        self._kiosk_series()
        for moment in self._arrivals():
            self._schedule(moment, "arrive")
        self._schedule(self._at(OUTAGE[1]), "upload")
        for counter_id in self.counters:
            self._schedule(self._at(SESSIONS[0][0]) + timedelta(seconds=self.rng.uniform(0, 90)), "free",
                           counter=counter_id)
        while self.jobs:
            job = heapq.heappop(self.jobs)
            self.clock.set(job.at)
            getattr(self, f"_on_{job.kind}")(job.at, **job.payload)
        if previous_day and previous_day > self.day.isoformat():
            self.store.set_meta("current_day", previous_day)   # leave a live database's day alone
        self.result.last_event_at = self.clock.now().isoformat(timespec="seconds")
        return self.result

    def _kiosk_series(self) -> None:
        """The simulated kiosk's own offline series: it issues from them during the outage."""
        if self.store.device(KIOSK) is None:
            add_device(self.store, KIOSK, "kiosk", self.clock, self.queue.config.sync.kiosk_slots)
        slot = self.queue.numbers.slot(KIOSK)
        for service_id in SERVICE_MIX:
            service = self.store.service(service_id)
            series = service and self.queue.numbers.kiosk_series(service, slot)
            if series:
                self.blocks[service_id] = list(range(series.first, series.last + 1))

    def _schedule(self, at: datetime, kind: str, **payload) -> None:
        self.seq += 1
        heapq.heappush(self.jobs, _Job(at, self.seq, kind, payload))

    def _at(self, moment: time) -> datetime:
        return datetime.combine(self.day, moment, self.tz)

    def _arrivals(self) -> list[datetime]:
        slots, weights = list(ARRIVAL_WEIGHTS), list(ARRIVAL_WEIGHTS.values())
        moments = []
        for _ in range(self.visitors):
            start = self._at(self.rng.choices(slots, weights)[0])
            moments.append(start + timedelta(seconds=self.rng.uniform(0, 1800)))
        return sorted(moments)

    def _open(self, at: datetime) -> bool:
        return any(self._at(a) <= at < self._at(b) for a, b in SESSIONS)

    def _next_opening(self, at: datetime) -> datetime | None:
        return next((self._at(a) for a, _ in SESSIONS if self._at(a) > at), None)

    # -- citizens --------------------------------------------------------------------------
    def _visitor(self) -> dict:
        service = self.rng.choices(list(SERVICE_MIX), list(SERVICE_MIX.values()))[0]
        choices = self.procedures.get(service) or next(iter(self.procedures.values()))
        procedure = self.rng.choices(choices, [4 if p["most_requested"] else 1 for p in choices])[0]
        priority = None
        if self.rng.random() < PRIORITY_SHARE:
            priority = self.rng.choices(list(PRIORITY_KINDS), list(PRIORITY_KINDS.values()))[0]
        client_id = str(uuid.UUID(int=self.rng.getrandbits(128)))
        return {"code": procedure["code"], "priority": priority, "client_id": client_id}

    def _on_arrive(self, at: datetime) -> None:
        visitor = self._visitor()
        service = self.store.procedure(visitor["code"])["service"]
        if self._at(OUTAGE[0]) <= at < self._at(OUTAGE[1]) and self.blocks.get(service):
            number = self.blocks[service].pop(0)
            self.offline_pending.append({**visitor, "number": number,
                                         "issued_at": at.isoformat(timespec="milliseconds")})
            return
        self._issue(visitor)

    def _on_upload(self, at: datetime) -> None:
        for visitor in self.offline_pending:
            self._issue(visitor, number=visitor["number"], issued_at=visitor["issued_at"])
            self.result.offline += 1
        self.offline_pending = []

    def _issue(self, visitor: dict, number: int | None = None, issued_at: str | None = None) -> None:
        ticket = self.queue.issue(visitor["code"], visitor["priority"], visitor["client_id"], device=KIOSK,
                                  number=number, issued_at=issued_at)
        self.result.issued += 1
        for counter_id in sorted(self.idle):
            if ticket["service"]["id"] in self.counters[counter_id]["services"]:
                self.idle.discard(counter_id)
                self._schedule(self.clock.now() + timedelta(seconds=self.rng.uniform(5, 40)), "free",
                               counter=counter_id)

    # -- counters --------------------------------------------------------------------------
    def _on_free(self, at: datetime, counter: int) -> None:
        waiting = self.store.waiting_tickets(self.counters[counter]["services"])
        if not self._open(at) and not any(t["issued_at"] < at.isoformat() for t in waiting):
            opening = self._next_opening(at)
            if opening:       # lunch: back at the next session
                self._schedule(opening + timedelta(seconds=self.rng.uniform(0, 120)), "free", counter=counter)
            return
        ticket = self.queue.call_next(counter, staff=self._staff(counter))
        if ticket is None:
            self.idle.add(counter)
            return
        roll = self.rng.random()
        if roll < NO_SHOW_SHARE:
            self._schedule(at + timedelta(minutes=1), "recall", counter=counter, ticket=ticket["id"])
            self._schedule(at + timedelta(minutes=2.5), "no_show", counter=counter, ticket=ticket["id"])
        elif roll < NO_SHOW_SHARE + TRANSFER_SHARE and len(self.store.services()) > 1:
            self._schedule(at + timedelta(minutes=self.rng.uniform(1, 3)), "transfer", counter=counter,
                           ticket=ticket["id"])
        else:
            self._schedule(at + timedelta(minutes=self._service_minutes(ticket)), "finish", counter=counter,
                           ticket=ticket["id"])

    def _service_minutes(self, ticket: dict) -> float:
        mean = PROCEDURE_MINUTES.get(ticket["procedure"]["code"], DEFAULT_MINUTES.get(ticket["service"]["id"], 8.0))
        sigma = 0.35
        return max(1.0, self.rng.lognormvariate(math.log(mean) - sigma ** 2 / 2, sigma))

    def _staff(self, counter: int) -> str:
        return STAFF.get(counter, f"canbo{counter}")

    def _on_recall(self, at: datetime, counter: int, ticket: int) -> None:
        self.queue.recall(ticket, staff=self._staff(counter), counter_id=counter)

    def _on_no_show(self, at: datetime, counter: int, ticket: int) -> None:
        self.queue.no_show(ticket, staff=self._staff(counter), counter_id=counter)
        self.result.no_show += 1
        self._schedule(at + timedelta(seconds=self.rng.uniform(10, 40)), "free", counter=counter)

    def _on_transfer(self, at: datetime, counter: int, ticket: int) -> None:
        current = self.store.ticket(ticket)["service_id"]
        targets = [s["id"] for s in self.store.services() if s["id"] != current]
        target = "CT" if "CT" in targets and current != "CT" else self.rng.choice(targets)
        self.queue.transfer(ticket, target, staff=self._staff(counter), counter_id=counter)
        self.result.transferred += 1
        for counter_id in sorted(self.idle):
            if target in self.counters[counter_id]["services"]:
                self.idle.discard(counter_id)
                self._schedule(at + timedelta(seconds=20), "free", counter=counter_id)
        self._schedule(at + timedelta(seconds=self.rng.uniform(15, 45)), "free", counter=counter)

    def _on_finish(self, at: datetime, counter: int, ticket: int) -> None:
        done = self.queue.finish(ticket, staff=self._staff(counter), counter_id=counter)
        self.result.served += 1
        gap = timedelta(seconds=self.rng.uniform(15, 40))
        if self.rng.random() < RATING_SHARE:
            rating, reason = self._opinion(done)
            if self.rng.random() < TABLET_SHARE:
                self._schedule(at + timedelta(seconds=self.rng.uniform(5, 20)), "rate_tablet", counter=counter,
                               ticket=ticket, rating=rating, reason=reason)
            else:
                later = at + timedelta(minutes=self.rng.uniform(1, 40))
                self._schedule(min(later, self._at(time(23, 0))), "rate_web", public_id=done["public_id"],
                               rating=rating, reason=reason)
        self._schedule(at + gap, "free", counter=counter)

    # -- ratings ---------------------------------------------------------------------------
    def _opinion(self, ticket: dict) -> tuple[str, str | None]:
        row = self.store.ticket(ticket["id"])
        waited = (datetime.fromisoformat(row["called_at"]) - datetime.fromisoformat(row["issued_at"])).total_seconds() / 60
        if waited < 15:
            weights = (0.58, 0.32, 0.08, 0.02)
        elif waited < 30:
            weights = (0.38, 0.38, 0.17, 0.07)
        else:
            weights = (0.18, 0.34, 0.28, 0.20)
        rating = self.rng.choices(RATINGS, weights)[0]
        reason = None
        if rating in ASK_REASON and self.rng.random() < (0.35 if rating == "satisfied" else 0.75):
            reason_weights = (0.6 if waited >= 20 else 0.15, 0.1, 0.3, 0.3, 0.08)
            reason = self.rng.choices(REASONS, reason_weights)[0]
        return rating, reason

    def _on_rate_tablet(self, at: datetime, counter: int, ticket: int, rating: str, reason: str | None) -> None:
        try:
            self.sat.rate_at_counter(counter, ticket, rating, device=f"tablet-{counter}")
        except QueueError:
            return
        self.result.rated += 1
        if reason:
            self._schedule(at + timedelta(seconds=4), "reason_tablet", counter=counter, ticket=ticket, reason=reason)

    def _on_reason_tablet(self, at: datetime, counter: int, ticket: int, reason: str) -> None:
        self.sat.add_reason_at_counter(counter, ticket, reason, device=f"tablet-{counter}")

    def _on_rate_web(self, at: datetime, public_id: str, rating: str, reason: str | None) -> None:
        try:
            self.sat.rate_by_public_id(public_id, rating)
        except QueueError:
            return
        self.result.rated += 1
        if reason:
            self.sat.add_reason_by_public_id(public_id, reason)
