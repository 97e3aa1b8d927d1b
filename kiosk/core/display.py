"""What the lobby display shows: the centre's settings, the latest calls (from the event
log, so calls made at the same moment each keep their own line) and the live queue."""
from __future__ import annotations

import json

from kiosk.config import Config
from kiosk.core.errors import not_found
from kiosk.core.queue import Queue

CALL_TYPES = ("ticket.called", "ticket.recalled")
RECENT_CALLS = 8


def settings(config: Config, store=None) -> dict:
    """The texts the display shows about the centre: config.yaml, with the message an admin
    saved from the admin pages (the `settings` table) on top."""
    centre = config.centre
    saved = store.settings() if store is not None else {}
    message = saved.get("display_message")
    return {"centre": centre.name, "centre_en": centre.name_en, "address": centre.address,
            "opening_hours": centre.opening_hours,
            "message": message if isinstance(message, str) else centre.display_message,
            "timezone": centre.timezone}


def call_of(queue: Queue, row: dict) -> dict:
    """One call event (a row of the event log) as the display lists it."""
    data = json.loads(row["data"]) if isinstance(row["data"], str) else (row["data"] or {})
    counter = queue.store.counter(row["counter_id"]) if row["counter_id"] else None
    return {"event_id": row["id"], "type": row["type"], "at": row["at"], "ticket_id": row["ticket_id"],
            "number": data.get("number"), "service_id": data.get("service_id"),
            "counter_id": row["counter_id"], "counter_name": counter["name"] if counter else ""}


def recent_calls(queue: Queue, limit: int = RECENT_CALLS) -> list[dict]:
    """Today's latest calls and recalls, newest first."""
    rows = queue.store.recent_events(CALL_TYPES, queue.clock.today(), limit)
    return [call_of(queue, row) for row in rows]


def state(queue: Queue, config: Config) -> dict:
    """Everything the display draws, with the event id it is current to: a display resumes
    the event stream from `last_event_id` and misses nothing."""
    last = queue.store.last_event_id()
    overview = queue.overview()
    for service in overview["services"]:
        service["short_name"] = short_name(config, service)
    return {"settings": settings(config, queue.store), "overview": overview, "calls": recent_calls(queue),
            "last_event_id": last, "now": queue.clock.now().isoformat(timespec="seconds")}


def short_name(config: Config, service: dict) -> str:
    """The service's label on the board: `short_name` from config.yaml, else its full name."""
    configured = next((s.short_name for s in config.services if s.id == service["id"]), "")
    return configured or service["name"]


def announced_call(queue: Queue, event_id: int) -> dict:
    """The call an announcement is rendered for; only call and recall events are spoken."""
    row = queue.store.event(event_id)
    if row is None or row["type"] not in CALL_TYPES:
        raise not_found("event_id", f"event {event_id} is not a call", "Không tìm thấy lượt gọi này.")
    return call_of(queue, row)
