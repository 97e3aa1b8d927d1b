"""The kiosk's own offline number series (kiosk/core/numbering.py): which slot it holds and,
per service, the numbers it may give while the server does not answer.

It needs no contact with the server that day. The slot comes, best first, from what the
server last said (kept in the journal's meta), from the device token (`kiosk.<slot>.<secret>`,
so a kiosk just paired knows it before it ever reaches the server), or from `--slot`. The
service ranges come from the cached catalogue, else from the kiosk's config. Each day's
series is a row of the journal's `blocks` table, created on first use; its `next` only grows.
"""
from __future__ import annotations

import json
from typing import Callable

from kiosk.core.numbering import Layout, Series
from kiosk.sync.journal import Journal

VOID_DAY = "series_void_day"     # a salvaged journal cannot vouch for today's numbers


class OfflineSeries:
    def __init__(self, journal: Journal, layout: Layout, slot: int | None = None,
                 fallback_services: Callable[[], list[dict]] | None = None):
        self.journal = journal
        self.default_layout = layout
        self.default_slot = slot
        self.fallback_services = fallback_services or list

    # -- what the kiosk knows ---------------------------------------------------------
    def _server_state(self) -> dict:
        try:
            return json.loads(self.journal.meta("series") or "{}")
        except ValueError:
            return {}

    @property
    def slot(self) -> int | None:
        state = self._server_state()
        return state["slot"] if "slot" in state else self.default_slot     # the server's word, even "none"

    @property
    def layout(self) -> Layout:
        state = self._server_state()
        if state.get("series_size") and state.get("kiosk_slots"):
            return Layout(state["series_size"], state["kiosk_slots"])
        return self.default_layout

    def _service(self, service_id: str) -> dict | None:
        service = self.journal.service(service_id)
        if service is None or "range_start" not in service:
            service = next((s for s in self.fallback_services() if s["id"] == service_id), None)
        return service

    def series(self, service_id: str) -> Series | None:
        service, slot = self._service(service_id), self.slot
        if service is None or slot is None:
            return None
        return self.layout.offline(service["range_start"], service["range_end"], slot)

    # -- the journal's rows -----------------------------------------------------------
    def ready(self, service_id: str, day: str) -> Series | None:
        """Make sure today's series of the service is in the journal; None when the kiosk has
        none (no slot, or the journal was salvaged today)."""
        if self.journal.meta(VOID_DAY) == day:
            return None
        series = self.series(service_id)
        if series:
            self.journal.ensure_series(service_id, day, series.first, series.last)
        return series

    def void_today(self, day: str) -> None:
        self.journal.set_meta(VOID_DAY, day)
        self.journal.drop_all_blocks()

    def remember(self, state: dict, day: str) -> None:
        """Keep the server's word (slot, layout, and per service the next number it has not
        seen from this kiosk today: a replaced journal resumes above it)."""
        self.journal.set_meta("series", json.dumps(state, ensure_ascii=False))
        if state.get("day") != day or self.journal.meta(VOID_DAY) == day:
            return
        for row in state.get("services", []):
            self.journal.ensure_series(row["service_id"], day, row["first"], row["last"], row.get("next"))

    def numbers_left(self, day: str, service_ids: list[str]) -> dict[str, int]:
        """Offline numbers left today per service: a series not used yet today is whole."""
        left = self.journal.numbers_left_by_service(day)
        if self.journal.meta(VOID_DAY) == day:
            return {service_id: 0 for service_id in service_ids}
        for service_id in service_ids:
            if service_id not in left and not self.journal.has_series(service_id, day):
                series = self.series(service_id)
                left[service_id] = series.size if series else 0
            left.setdefault(service_id, 0)
        return dict(sorted(left.items()))
