"""Where the active tickets are read from: each lane of waiting tickets (a service's normal
and priority ones) through its partial index (migration 6), the called and served ones
through theirs. They are named (INDEXED BY) so the planner cannot pick a walk of every
normal ticket to find the first priority one; and since migration 18 no other index holds
the waiting tickets, which spares each commit a WAL page per service and index."""
from __future__ import annotations

LANES = ("priority IS NULL", "priority IS NOT NULL")
LANE_INDEXES = ("tickets INDEXED BY idx_tickets_waiting_normal", "tickets INDEXED BY idx_tickets_waiting_priority")
CALLED = "tickets INDEXED BY idx_tickets_recent_calls WHERE status IN ('called','serving')"


def active(also: str = "", waiting_only: bool = False) -> str:
    """SQL: the active tickets (only the waiting ones with `waiting_only`) that meet `also`
    (" AND …", with named parameters), in their place in time."""
    parts = [f"SELECT * FROM {index} WHERE status = 'waiting' AND {lane}{also}" for lane, index in zip(LANES, LANE_INDEXES)]
    if not waiting_only:
        parts.append(f"SELECT * FROM {CALLED}{also}")
    return f"SELECT * FROM ({' UNION ALL '.join(parts)}) ORDER BY issued_at, id"
