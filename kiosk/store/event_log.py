"""Queries for the event log every front end and the province hub read."""
from __future__ import annotations

import json


class EventRecords:
    """Mixed into `Store` (it needs `Records._rows`, `_row` and `db`)."""

    def append_event(self, event: dict) -> dict:
        event = dict(event)
        if not isinstance(event.get("data"), (str, type(None))):
            event["data"] = json.dumps(event["data"], ensure_ascii=False)
        event["id"] = self._insert("events", event)
        return event

    def events_after(self, event_id: int, limit: int = 500, upto: int | None = None) -> list[dict]:
        """Events after `event_id`, up to `upto` when given (the last one known to be on disk)."""
        if upto is not None:
            return self._rows("SELECT * FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?", [event_id, upto, limit])
        return self._rows("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", [event_id, limit])

    def last_event_id(self) -> int:
        row = self._row("SELECT MAX(id) AS id FROM events")
        return row["id"] or 0

    def events_between(self, first_at: str, last_at: str) -> list[dict]:
        return self._rows("SELECT * FROM events WHERE at >= ? AND at < ? ORDER BY id", [first_at, last_at])
