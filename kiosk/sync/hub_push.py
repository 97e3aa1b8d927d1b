"""The centre's server keeps the hub up to date in a background thread: its event log goes
up in order, in batches; the province catalogue, voice pack and hub bookings come down by
version.

The thread reads the log through its own SQLite connection (WAL: readers never wait for the
lobby's writes) and never writes the database itself: catalogue changes are handed to the
server's event loop (`apply_catalogue`), which writes them like an admin's edit. The hub's
answer (`applied_through`) is the cursor, so a restart or a hub that lost a push costs a
resend, never a gap. A failure waits 1, 2, 4, ... seconds (jittered, up to
hub.max_backoff_seconds) and tries again, so a centre cut off for days catches up on its own.
"""
from __future__ import annotations

import json
import logging
import random
import threading
import time
from typing import Callable

from kiosk.config import Hub
from kiosk.store import open_store
from kiosk.store.hub import offline_issue_times
from kiosk.sync.hub_catalogue import catalogue_version
from kiosk.sync.hub_client import HubClient, HubRefused, HubUnavailable

log = logging.getLogger("kiosk.hub")

# What of an event's data leaves the centre: queue facts only. No actor (staff names), no
# ticket links (public_id, client_id), no device names, no tokens.
SENT_DATA = ("number", "service_id", "issued_service_id", "procedure_code", "priority", "status", "offline",
             "day", "auto", "from_service", "to_service", "rating", "reason", "channel", "to_status", "repaired")


def outgoing(events: list[dict], cursor: int, issue_times: dict[int, str]) -> list[dict]:
    """The log rows after `cursor` as the hub takes them, each naming the event before it."""
    sent, prev = [], cursor
    for event in events:
        data = event.get("data") or {}
        if isinstance(data, str):
            data = json.loads(data)
        ticket = event.get("ticket_id")
        sent.append({"id": event["id"], "prev": prev, "type": event["type"], "at": event["at"], "ticket_id": ticket,
                     "counter_id": event.get("counter_id"),
                     "data": {k: data[k] for k in SENT_DATA if k in data} if ticket is not None else {},
                     "issued_at": issue_times.get(ticket) if event["type"] == "ticket.issued" else None})
        prev = event["id"]
    return sent


class HubSync:
    def __init__(self, db_path, settings: Hub, client: HubClient,
                 apply_catalogue: Callable[[dict], int] | None = None, downs: list | None = None):
        self.db_path, self.settings, self.client = db_path, settings, client
        self.apply_catalogue = apply_catalogue
        self.downs = list(downs or [])          # the voice pack, the bookings: each has pull(client, store)
        self.cursor: int | None = None          # the hub's applied_through, once known
        self.failures = 0
        self.last_success: float | None = None
        self.last_error = ""
        self.held = 0
        self._next_pull = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "HubSync":
        self._thread = threading.Thread(target=self._run, name="hub-sync", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def status(self) -> dict:
        return {"pushed_through": self.cursor, "held": self.held, "failures": self.failures,
                "last_error": self.last_error,
                "seconds_since_success": round(time.monotonic() - self.last_success) if self.last_success else None}

    def _run(self) -> None:
        store = open_store(self.db_path, check=False)
        try:
            while not self._stop.is_set():
                self._stop.wait(self.step(store))
        finally:
            store.close()

    def step(self, store) -> float:
        """One push (and a pull when due); returns how long to wait before the next."""
        try:
            full = self.push_once(store)
            if time.monotonic() >= self._next_pull:
                self.pull_once(store)
                self._next_pull = time.monotonic() + self.settings.pull_seconds
        except (HubUnavailable, HubRefused, OSError) as error:
            self.failures += 1
            self.last_error = str(error)[:300]
            log.warning("hub: %s (attempt %d)", self.last_error, self.failures)
            return self.backoff()
        self.failures, self.last_error, self.last_success = 0, "", time.monotonic()
        return 0 if full else self.settings.push_seconds

    def backoff(self) -> float:
        ceiling = min(self.settings.max_backoff_seconds, 2 ** min(self.failures - 1, 20))
        return ceiling * random.uniform(0.5, 1.0)

    def push_once(self, store) -> bool:
        """Push the next batch; True when it was full (more may be waiting)."""
        head = store.last_event_id()
        body = {"head": head, "services": [{"id": s["id"], "name": s["name"]} for s in store.services(False)]}
        if self.cursor is None:
            self._answered(self.client.push({**body, "events": []}))
        rows = store.events_after(self.cursor, limit=self.settings.batch_size)
        if not rows:
            self._answered(self.client.push({**body, "events": []}))   # a heartbeat: "still here"
            return False
        times = offline_issue_times(store, {r["ticket_id"] for r in rows if r["type"] == "ticket.issued" and r["ticket_id"]})
        before = self.cursor
        self._answered(self.client.push({**body, "events": outgoing(rows, self.cursor, times)}))
        return len(rows) == self.settings.batch_size and self.cursor > before

    def _answered(self, answer: dict) -> None:
        self.cursor, self.held = int(answer["applied_through"]), int(answer.get("held", 0))

    def pull_once(self, store) -> int:
        pulled = 0
        if self.apply_catalogue is not None:
            changes = self.client.catalogue(catalogue_version(store))
            if changes.get("procedures"):
                pulled += self.apply_catalogue(changes)
        for down in self.downs:
            pulled += down.pull(self.client, store)
        return pulled
