"""A dummy server for tests and UI work: the real queue core on a local store, behind the
ServerApi interface, recording every call. It can be switched off (`down`), made to lose
the answer after committing (`lose_responses`), made to refuse a call (`refuse`), or told to
run a hook before answering (`before_answer`), without sockets or processes.
"""
from __future__ import annotations

import threading
from typing import Any, Callable

from kiosk.core.centre import catalogue_version, procedure_view
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from kiosk.sync.client import ApiError, ServerUnavailable

_STATUS = {"not_found": 404, "invalid": 422, "conflict": 409, "forbidden": 403, "unauthorized": 401}


class DummyServer:
    def __init__(self, core: Queue, device: str = "kiosk-1"):
        self.core = core
        self.device = device
        self.calls: list[tuple] = []
        self.down = False
        self.lose_responses = 0          # commit, then fail as if the answer was lost
        self.refuse: dict[str, ApiError] = {}   # method name -> error to raise instead
        self.before_answer: Callable[[str], None] | None = None
        self._lock = threading.RLock()

    def connect(self) -> "DummyServer":
        """The `connect` factory SyncClient takes: every thread shares this dummy."""
        return self

    def _enter(self, name: str, *args) -> None:
        self.calls.append((name, *args))
        if self.before_answer:
            self.before_answer(name)
        if self.down:
            raise ServerUnavailable(f"dummy server is down ({name})")
        if name in self.refuse:
            raise self.refuse[name]

    def _run(self, action: Callable[[], Any]) -> Any:
        with self._lock:
            try:
                return action()
            except QueueError as error:
                raise ApiError(_STATUS.get(error.kind, 400), error.as_detail()) from None

    def calls_to(self, name: str) -> list[tuple]:
        return [c for c in self.calls if c[0] == name]

    # -- ServerApi -------------------------------------------------------------------------
    def issue_ticket(self, procedure_code, priority, client_id, number=None, issued_at=None) -> dict:
        self._enter("issue_ticket", procedure_code, priority, client_id, number, issued_at)
        ticket = self._run(lambda: self.core.issue(procedure_code, priority, client_id, device=self.device,
                                                    number=number, issued_at=issued_at))
        if self.lose_responses:
            self.lose_responses -= 1
            raise ServerUnavailable("dummy server committed, then the answer was lost")
        return ticket

    def upload_tickets(self, tickets: list[dict]) -> list[dict]:
        self._enter("upload_tickets", [t["client_id"] for t in tickets])
        results = []
        with self._lock:
            for item in tickets:
                known = self.core.store.ticket_by("client_id", item["client_id"])
                try:
                    ticket = self.core.issue(item["procedure_code"], item.get("priority"), item["client_id"],
                                             device=self.device, number=item.get("number"),
                                             issued_at=item.get("issued_at"))
                except QueueError as error:
                    results.append({"client_id": item["client_id"], "status": _STATUS.get(error.kind, 400),
                                    "detail": error.as_detail()})
                    continue
                results.append({"client_id": item["client_id"], "status": 200 if known else 201, "ticket": ticket})
        if self.lose_responses:
            self.lose_responses -= 1
            raise ServerUnavailable("dummy server committed, then the answer was lost")
        return results

    def offline_series(self) -> dict:
        self._enter("offline_series")
        return self._run(lambda: self.core.numbers.series_state(self.device, self.core.store.services(),
                                                                self.core.clock.today()))

    def heartbeat(self, report: dict) -> dict:
        """Records the report (self.calls); answers the server's time, as POST /api/devices/heartbeat."""
        self._enter("heartbeat", report)
        return {"server_time": self.core.clock.now().isoformat(timespec="milliseconds")}

    def health(self) -> dict:
        self._enter("health")
        store = self.core.store
        return self._run(lambda: {"status": "ok", "day": self.core.clock.today(),
                                  "catalogue_version": catalogue_version(store)})

    def procedures(self) -> list[dict]:
        self._enter("procedures")
        return self._run(lambda: [procedure_view(r, self.core.config) for r in self.core.store.procedures()])

    def settings(self) -> dict:
        self._enter("settings")
        from kiosk.admin.settings import current
        return self._run(lambda: current(self.core.store, self.core.config))

    def services(self) -> list[dict]:
        self._enter("services")
        return self._run(lambda: [{k: v for k, v in s.items() if k != "sort"} for s in self.core.store.services()])

    def counters(self) -> list[dict]:
        self._enter("counters")
        return self._run(lambda: [{k: v for k, v in c.items() if k != "priority_streak"}
                                  for c in self.core.store.counters()])

    def queue(self) -> Any:
        self._enter("queue")
        return self._run(self.core.overview)

    def report_print_failed(self, ticket_id: int, reason: str) -> Any:
        self._enter("report_print_failed", ticket_id, reason)
        return self._run(lambda: self.core.mark_print_failed(ticket_id, reason, self.device))

    def close(self) -> None:
        pass

    # -- what the server holds ----------------------------------------------------------
    def tickets(self) -> list[dict]:
        with self._lock:
            return self.core.store._rows("SELECT * FROM tickets ORDER BY id")
