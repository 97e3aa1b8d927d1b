"""Queries for missed calls: today's no-shows at a counter, and a waiting ticket's place."""
from __future__ import annotations

from typing import Iterable

from kiosk.store.lanes import active


class MissedCallRecords:
    """Mixed into `Store` (it needs `Records._rows`)."""

    def no_shows(self, service_ids: Iterable[str], day: str) -> list[dict]:
        """The no-shows of `day` for these services, the latest missed first."""
        ids = list(service_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self._rows(f"SELECT * FROM tickets WHERE status = 'no_show' AND day = ? AND service_id IN ({marks}) "
                          "ORDER BY finished_at DESC, id DESC", [day, *ids])

    def nth_waiting(self, service_id: str, n: int) -> dict | None:
        """The n-th (from 1) oldest waiting ticket of a service by its place in time."""
        return self._row(active(" AND service_id = :service", True) + " LIMIT 1 OFFSET :skip",
                         {"service": service_id, "skip": n - 1})
