"""One admin change: a write transaction that also records the audit entry and the live event.

    ctx = AdminContext(store, config, clock, listeners=queue.listeners, actor="admin")
    with ctx.change() as change:
        store.save_procedure(row)
        change.audit("procedure.update", "procedure", code, before, after)
        change.event("catalogue.changed", {"codes": [code]})
    # committed; listeners were told

Nothing is written when the block raises.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core.errors import QueueError
from kiosk.core.events import append_centre_event, notify
from kiosk.store import Store


class AdminInvalid(QueueError):
    """A rejected admin edit with every problem found: [{"field", "reason", "message"}]."""

    def __init__(self, problems: Sequence[dict]):
        first = problems[0]
        super().__init__("invalid", first["reason"], first["message"], first["field"])
        self.problems = list(problems)

    def as_detail(self) -> dict:
        return {**super().as_detail(), "problems": self.problems}


@dataclass
class Change:
    ctx: "AdminContext"
    events: list[dict] = field(default_factory=list)

    def audit(self, action: str, entity: str, entity_id, before, after, summary: str = "") -> dict:
        return self.ctx.store.add_audit({
            "at": self.ctx.now(), "actor": self.ctx.actor, "action": action, "entity": entity,
            "entity_id": None if entity_id is None else str(entity_id), "summary": summary,
            "before": before, "after": after,
        })

    def audit_many(self, entries) -> None:
        """Several audit entries at once: (action, entity, entity_id, before, after, summary) each."""
        at = self.ctx.now()
        self.ctx.store.add_audits([{"at": at, "actor": self.ctx.actor, "action": action, "entity": entity,
                                    "entity_id": None if entity_id is None else str(entity_id), "summary": summary,
                                    "before": before, "after": after}
                                   for action, entity, entity_id, before, after, summary in entries])

    def event(self, event_type: str, data: dict | None = None) -> None:
        self.events.append(append_centre_event(self.ctx.store, event_type, self.ctx.now(), self.ctx.actor, data))


@dataclass
class AdminContext:
    store: Store
    config: Config
    clock: Clock
    listeners: Sequence[Callable[[dict], None]] = ()
    actor: str | None = None

    def now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    @contextmanager
    def change(self) -> Iterator[Change]:
        change = Change(self)
        with self.store.write():
            yield change
        notify(self.listeners, change.events)
