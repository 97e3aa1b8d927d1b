"""Events that are not about one ticket (the catalogue, the centre, the settings changed).

They go into the same event log as ticket events, so SSE clients (kiosks, displays) hear
them live and replay them after a reconnect. Append inside the write transaction that made
the change; notify the listeners (the server's EventHub) only after it commits.
"""
from __future__ import annotations

from typing import Callable, Iterable

from kiosk.store import Store

CATALOGUE_CHANGED = "catalogue.changed"
CENTRE_CHANGED = "centre.changed"
SETTINGS_CHANGED = "settings.changed"


def append_centre_event(store: Store, event_type: str, at: str, actor: str | None = None,
                        data: dict | None = None) -> dict:
    """Log a non-ticket event (ticket_id NULL); call inside `store.write()`."""
    return store.append_event({"ticket_id": None, "type": event_type, "at": at, "actor": actor,
                               "counter_id": None, "data": data or {}})


def notify(listeners: Iterable[Callable[[dict], None]], events: Iterable[dict]) -> None:
    """Tell listeners (e.g. `Queue.listeners`) about committed events."""
    for event in events:
        for listener in list(listeners):
            listener(event)
