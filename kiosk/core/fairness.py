"""Appointments and walk-ins: who of the normal tickets is called next.

The rule (config `appointments`, docs/CONTRACTS.md "Fairness"):
1. The priority policy comes first (kiosk/core/policy.py): elderly, disabled, pregnant and
   small-child tickets are called before everyone, within `priority_max_consecutive`.
2. Otherwise an on-time appointment ticket is called before the walk-ins, unless that would
   make more than `fairness_max_share` of the counter's last `fairness_window` calls
   appointments; then the oldest walk-in is called. With nobody else waiting, anyone waiting
   is called: the rule never leaves a counter idle.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from kiosk.core import policy


@dataclass(frozen=True)
class Rule:
    window: int = 4
    max_share: float = 0.5

    @property
    def allowed(self) -> int:
        """Appointment calls allowed in any `window` consecutive calls."""
        return math.floor(self.window * self.max_share + 1e-9)


@dataclass(frozen=True)
class Candidate(policy.Candidate):
    appointment: bool = False


def appointment_may_go(recent: Sequence[bool], rule: Rule) -> bool:
    """`recent`: the counter's last calls, latest first, True for an appointment."""
    return sum(recent[:rule.window - 1]) + 1 <= rule.allowed


def pick_next(waiting: Sequence[Candidate], priority_streak: int, max_consecutive: int,
              recent: Sequence[bool], rule: Rule) -> tuple[Candidate | None, int]:
    """The ticket to call and the counter's new priority streak."""
    by_id = {c.id: c for c in waiting}
    priority = [c for c in by_id.values() if c.priority]
    normal = _next_normal([c for c in by_id.values() if not c.priority], recent, rule)
    return policy.pick_next(priority + ([normal] if normal else []), priority_streak, max_consecutive)


def _next_normal(normal: list[Candidate], recent: Sequence[bool], rule: Rule) -> Candidate | None:
    booked = sorted((c for c in normal if c.appointment), key=lambda c: c.order)
    walk_ins = sorted((c for c in normal if not c.appointment), key=lambda c: c.order)
    if booked and (not walk_ins or appointment_may_go(recent, rule)):
        return booked[0]
    return walk_ins[0] if walk_ins else None


def appointments_ahead(walk_ins_ahead: int, appointments_expected: int, rule: Rule) -> int:
    """How many appointment holders a walk-in should expect to be called before them: those
    expected (checked in, or booked in a slot before the walk-in's turn), but no more than the
    rule lets in among the calls up to that turn."""
    if rule.allowed >= rule.window:
        return appointments_expected
    per_walk_in = rule.allowed / (rule.window - rule.allowed)
    return min(appointments_expected, math.ceil((walk_ins_ahead + 1) * per_walk_in))


def choose(store, counter: dict, config, today: str, candidate) -> tuple:
    """Read a counter's candidates through the store and pick (`candidate`: row -> Candidate)."""
    waiting = store.call_candidates(counter["services"])
    waiting += store.appointment_candidates(counter["services"], waiting)
    rule = Rule(config.appointments.fairness_window, config.appointments.fairness_max_share)
    recent = store.recent_calls_were_appointments(counter["id"], today, rule.window) if rule.allowed < rule.window else []
    return pick_next([candidate(t) for t in waiting], counter["priority_streak"],
                     config.policy.priority_max_consecutive, recent, rule)
