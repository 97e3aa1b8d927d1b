"""Who is called next, and how long a citizen should expect to wait. Pure functions."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

PRIORITY_KINDS = ("elderly", "disability", "pregnant", "child")


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the policy sees it. `order` is its place in time (issue time, id)."""

    id: int
    priority: str | None
    order: tuple


def pick_next(waiting: Sequence[Candidate], priority_streak: int, max_consecutive: int) -> tuple[Candidate | None, int]:
    """Return the ticket to call and the counter's new priority streak.

    Priority tickets go first, oldest first; after `max_consecutive` priority calls in a row
    the oldest waiting normal ticket is called, so normal tickets are never starved.
    """
    if not waiting:
        return None, priority_streak
    ordered = sorted(waiting, key=lambda c: c.order)
    priority = [c for c in ordered if c.priority]
    normal = [c for c in ordered if not c.priority]
    if priority and (priority_streak < max_consecutive or not normal):
        return priority[0], priority_streak + 1
    return normal[0], 0


def estimated_wait_minutes(ahead: int, recent_service_minutes: Sequence[float], default_minutes: float,
                           open_counters: int) -> int:
    """Minutes until this ticket is called: people ahead times the mean recent service time,
    shared among the counters that serve the service."""
    if ahead <= 0:
        return 0
    mean = sum(recent_service_minutes) / len(recent_service_minutes) if recent_service_minutes else default_minutes
    return math.ceil(round(ahead * mean / max(open_counters, 1), 3))
