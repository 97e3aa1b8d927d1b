"""Queries for the event log every front end and the province hub read."""
from __future__ import annotations

import json

LAST_ID = 2**63 - 1     # SQLite's largest rowid: no bound


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
        last = upto if upto is not None else LAST_ID
        return self._rows("SELECT * FROM events WHERE id > ? AND id <= ? ORDER BY id LIMIT ?", [event_id, last, limit])

    def last_event_id(self) -> int:
        row = self._row("SELECT MAX(id) AS id FROM events")
        return row["id"] or 0

    def events_between(self, first_at: str, last_at: str) -> list[dict]:
        return self._rows("SELECT * FROM events WHERE at >= ? AND at < ? ORDER BY id", [first_at, last_at])
