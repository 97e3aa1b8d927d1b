"""What the lobby display shows and says, decided from the server's state and events.

Plain Python, no Kivy, no network: the Kivy display renders `Board.view()` and speaks what
`take_announcements()` hands over; the web display (pages/display.html) follows the same rules:

- Every call and recall is its own line, newest first, highlighted while fresh; calls made
  at the same moment never replace each other.
- Each call or recall coming from the event stream is announced once, in event order. A
  call replayed after a reconnect whose ticket has since left the counter is listed but not
  announced (the citizen was already served or missed).
- Counters and waiting lists come from the server's snapshot (`load`), which the display
  re-reads after events; a snapshot never announces anything.
"""
from __future__ import annotations

import copy
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from kiosk.speech.announcements import announcement_text

CALL_TYPES = ("ticket.called", "ticket.recalled")
AT_COUNTER = ("called", "serving")
KEPT_CALLS = 12


@dataclass
class Call:
    event_id: int
    type: str
    number: int
    counter_id: int | None
    counter_name: str
    at: str = ""
    arrived: float | None = None   # when the stream delivered it (board clock); None: from a snapshot


@dataclass
class Announcement:
    event_id: int
    number: int
    counter_name: str
    text: str


@dataclass
class ServiceLine:
    id: str
    name: str                       # the board's label: the service's short name, else its name
    next: list[tuple[int, bool]]    # (number, priority?)
    more: int


@dataclass
class View:
    centre: str
    opening_hours: str
    message: str
    latest: Call | None
    history: list[Call]
    fresh: set[int]
    counters: list[tuple[int, str, int | None]]   # (id, name, current number)
    services: list[ServiceLine]
    offline: bool


@dataclass
class Board:
    shown_calls: int = 5
    fresh_seconds: float = 10.0
    next_per_service: int = 4
    clock: Callable[[], float] = time.monotonic
    settings: dict = field(default_factory=dict)
    overview: dict = field(default_factory=lambda: {"counters": [], "services": []})
    calls: list[Call] = field(default_factory=list)
    last_event_id: int | None = None
    connected: bool = False
    pending: deque = field(default_factory=deque)
    announced: list[Announcement] = field(default_factory=list)

    # -- input -------------------------------------------------------------------------
    def load(self, state: dict) -> None:
        """A snapshot from GET /api/display/state. The first one also sets where the event
        stream starts; later ones only refresh what is shown."""
        self.settings = state.get("settings") or self.settings
        self.overview = copy.deepcopy(state.get("overview") or self.overview)   # events edit it in place
        if self.last_event_id is None:
            self.last_event_id = state.get("last_event_id", 0)
        day = self.overview.get("day")
        if day:   # yesterday's calls leave the board when the day rolls over
            self.calls = [c for c in self.calls if not c.at or c.at[:10] == day]
        for raw in state.get("calls", []):
            self._keep(Call(raw["event_id"], raw["type"], raw["number"], raw.get("counter_id"),
                            raw.get("counter_name") or self._counter_name(raw.get("counter_id")), raw.get("at", "")))

    def apply(self, event: dict) -> list[Announcement]:
        """One event from the stream; returns the announcements it adds (also queued)."""
        event_id = event["id"]
        if self.last_event_id is not None and event_id <= self.last_event_id:
            return []
        self.last_event_id = event_id
        ticket = event.get("ticket") or {}
        self._apply_ticket(ticket)
        if event.get("type") not in CALL_TYPES:
            return []
        data = event.get("data") or {}
        counter_id = event.get("counter_id")
        counter = ticket.get("counter") or {}
        name = counter.get("name") if counter.get("id") == counter_id and counter.get("name") else \
            self._counter_name(counter_id)
        call = Call(event_id, event["type"], data.get("number") or ticket.get("number"), counter_id, name,
                    event.get("at", ""), arrived=self.clock())
        self._keep(call)
        if ticket.get("status") not in AT_COUNTER:
            return []
        announcement = Announcement(event_id, call.number, name, announcement_text(call.number, name))
        self.pending.append(announcement)
        self.announced.append(announcement)
        return [announcement]

    def set_connected(self, connected: bool) -> None:
        self.connected = connected

    def take_announcements(self) -> list[Announcement]:
        """What to say now, oldest first; each is handed over once."""
        taken = list(self.pending)
        self.pending.clear()
        return taken

    # -- output ------------------------------------------------------------------------
    def view(self) -> View:
        now = self.clock()
        fresh = {c.event_id for c in self.calls
                 if c.arrived is not None and now - c.arrived < self.fresh_seconds}
        shown = self.calls[:self.shown_calls]
        counters = [(c["id"], c["name"], (c.get("current") or {}).get("number")) for c in self.overview["counters"]]
        services = []
        for service in self.overview["services"]:
            upcoming = service.get("waiting", [])[:self.next_per_service]
            services.append(ServiceLine(service["id"], service.get("short_name") or service["name"],
                                        [(t["number"], bool(t.get("priority"))) for t in upcoming],
                                        max(0, service.get("waiting_count", 0) - len(upcoming))))
        return View(self.settings.get("centre", ""), self.settings.get("opening_hours", ""),
                    self.settings.get("message", ""), shown[0] if shown else None, shown[1:], fresh,
                    counters, services, not self.connected)

    # -- internals ---------------------------------------------------------------------
    def _keep(self, call: Call) -> None:
        known = next((c for c in self.calls if c.event_id == call.event_id), None)
        if known is not None:
            if call.arrived is not None:
                known.arrived = call.arrived
            return
        self.calls.append(call)
        self.calls.sort(key=lambda c: c.event_id, reverse=True)
        del self.calls[KEPT_CALLS:]

    def _apply_ticket(self, ticket: dict) -> None:
        """Draw what an event says about its ticket at once; the next snapshot confirms it."""
        if not ticket.get("id"):
            return
        at = (ticket.get("counter") or {}).get("id") if ticket.get("status") in AT_COUNTER else None
        for service in self.overview.get("services", []):
            kept = [t for t in service.get("waiting", []) if t["id"] != ticket["id"] or ticket.get("status") == "waiting"]
            service["waiting_count"] = service.get("waiting_count", 0) - (len(service.get("waiting", [])) - len(kept))
            service["waiting"] = kept
        for counter in self.overview.get("counters", []):
            if at is not None and counter["id"] == at:
                counter["current"] = {"id": ticket["id"], "number": ticket.get("number"),
                                      "priority": ticket.get("priority"), "status": ticket.get("status")}
            elif (counter.get("current") or {}).get("id") == ticket["id"]:
                counter["current"] = None

    def _counter_name(self, counter_id) -> str:
        for counter in self.overview.get("counters", []):
            if counter["id"] == counter_id:
                return counter["name"]
        return f"Quầy {counter_id}" if counter_id else ""
