"""SyncClient: the one object the kiosk UI and the `issue`/`sync` commands use to issue tickets.

Online, a ticket is created on the server and the kiosk shows the server's number. When the
server does not answer within the timeout, the kiosk issues the ticket itself from a block
of numbers leased in advance for that service, and the ticket waits in the outbox until the
uploader (kiosk/sync/uploader.py) sends it. Every ticket is written to the journal before
the server is asked and before anything is shown.

Thread safety: the UI calls `issue_ticket` from a worker thread while the uploader runs in
its own thread. The journal gives each thread its own SQLite connection and the server
connection is per thread too (`connect` is a factory), so a slow upload never holds up a
citizen's ticket.
"""
from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from typing import Any, Callable, Protocol

from kiosk.clock import Clock
from kiosk.sync.client import ApiError, ServerClient, ServerUnavailable
from kiosk.sync.journal import Journal

log = logging.getLogger(__name__)

OFFLINE_MESSAGE = "Số thứ tự vẫn có hiệu lực. Mời ông/bà ngồi chờ."
NO_NUMBER_MESSAGE = "Máy đang mất kết nối, ông/bà vui lòng báo cán bộ để được cấp số."
CONTACT_SAVE_SECONDS = 10
UPLOAD_BATCH = 50        # tickets per upload request (the server takes up to 100)
TRANSIENT_STATUSES = (401, 408, 429)   # 4xx worth retrying: a re-keyed token, a timeout, throttling


class ServerApi(Protocol):
    """What the sync layer needs from the server (ServerClient is the real one)."""

    def issue_ticket(self, procedure_code: str, priority: str | None, client_id: str,
                     number: int | None = None, issued_at: str | None = None) -> dict: ...
    def upload_tickets(self, tickets: list[dict]) -> list[dict]: ...
    def lease_block(self, service_id: str, size: int) -> dict: ...
    def health(self) -> dict: ...
    def procedures(self) -> list[dict]: ...
    def services(self) -> list[dict]: ...
    def counters(self) -> list[dict]: ...
    def queue(self) -> Any: ...
    def report_print_failed(self, ticket_id: int, reason: str) -> Any: ...
    def close(self) -> None: ...


class NoOfflineNumber(ServerUnavailable):
    """Offline, and no leased number is left for the service: the kiosk must not invent one.
    `message` is what the screen says (Vietnamese)."""

    def __init__(self, reason: str, client_id: str, message: str = NO_NUMBER_MESSAGE):
        super().__init__(reason)
        self.reason = reason
        self.client_id = client_id
        self.message = message


class SyncClient:
    def __init__(self, journal: Journal, connect: Callable[[], ServerApi], clock: Clock,
                 block_size: int = 20, refill_threshold: int = 5, retry_online_seconds: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.journal = journal
        self.connect = connect
        self.clock = clock
        self.block_size = block_size
        self.refill_threshold = refill_threshold
        self.retry_online_seconds = retry_online_seconds
        self.monotonic = monotonic
        self._local = threading.local()
        self._servers: list[ServerApi] = []
        self._lock = threading.Lock()
        self._online: bool | None = None        # None: not tried yet
        self._offline_since: float | None = None
        self._last_contact: str | None = journal.meta("last_contact")
        self._contact_saved = -1e9
        self._batch_uploads = True
        self._online_before: bool | None = None
        self.on_reconnect: Callable[[], None] | None = None   # the uploader's sync_now: drain at once
        self.report = journal.report
        self._lost_rows = [item for item in journal.report.unreadable if item["client_id"] is None]

    @classmethod
    def from_config(cls, config, server_url: str | None, token: str | None, kiosk_db,
                    clock: Clock | None = None, **overrides) -> "SyncClient":
        url = server_url or config.server.url
        timeout = overrides.pop("timeout", config.sync.timeout_seconds)
        options = {"block_size": config.sync.block_size, "refill_threshold": config.sync.refill_threshold,
                   **overrides}
        return cls(Journal(kiosk_db), lambda: ServerClient(url, token, timeout=timeout),
                   clock or Clock(config.centre.timezone), **options)

    # -- the server, one connection per thread ------------------------------------------
    @property
    def server(self) -> ServerApi:
        server = getattr(self._local, "server", None)
        if server is None:
            server = self._local.server = self.connect()
            with self._lock:
                self._servers.append(server)
        return server

    def _contact(self) -> None:
        first = self._online is not True
        self._online, self._offline_since = True, None
        self._last_contact = self._now()
        now = self.monotonic()
        if first or now - self._contact_saved >= CONTACT_SAVE_SECONDS:   # not one disk write per ticket
            self._contact_saved = now
            self.journal.set_meta("last_contact", self._last_contact)
        if first:
            log.info("server reachable")
            if self._online_before is False and self.on_reconnect:   # back after an outage
                self.on_reconnect()
        self._online_before = True

    def _lost(self, error: Exception) -> None:
        if self._online is not False:
            log.warning("server unreachable: %s", error)
            self._offline_since = self.monotonic()
        self._online = self._online_before = False

    def _should_try_online(self) -> bool:
        """After a failure, go straight to offline issuing (no timeout per ticket) until the
        uploader reaches the server again or `retry_online_seconds` have passed."""
        if self._online is not False or self._offline_since is None:
            return True
        return self.monotonic() - self._offline_since >= self.retry_online_seconds

    # -- issuing ------------------------------------------------------------------------
    def issue_ticket(self, procedure_code: str, priority: str | None = None, client_id: str | None = None) -> dict:
        """Issue one ticket; return the ticket dict to show (docs/CONTRACTS.md) with
        `offline` (bool) and `message` (Vietnamese, "" online).

        Raises ApiError when the server refuses (unknown procedure...), and NoOfflineNumber
        (a ServerUnavailable with `.message`) when offline with no leased number left."""
        client_id = client_id or str(uuid.uuid4())
        procedure = self.journal.procedure(procedure_code)
        existing = self.journal.ticket(client_id)
        if existing and existing["state"] not in ("pending", "abandoned", "unavailable", "refused"):
            return self._shown(existing)           # the same tap twice shows the same ticket
        if existing is None:
            self.journal.begin_ticket(client_id, procedure_code, priority, self._now(),
                                      service_id=procedure and procedure.get("service"),
                                      procedure_name=procedure and procedure.get("name"))
        reason = "server known to be offline"
        if self._should_try_online():
            try:
                ticket = self.server.issue_ticket(procedure_code, priority, client_id)
            except ApiError as error:
                if error.status not in (408, 429):
                    self._contact()
                    self.journal.mark_refused(client_id, f"HTTP {error.status}: {_reason(error)}")
                    raise
                reason = f"HTTP {error.status}"
                self._lost(error)
            except ServerUnavailable as error:
                reason = str(error)
                self._lost(error)
            else:
                self._contact()
                self.journal.mark_sent(client_id, ticket, self._now())
                return {**ticket, "offline": bool(ticket.get("offline")), "message": ""}
        return self._issue_offline(client_id, procedure_code, procedure, reason)

    def _issue_offline(self, client_id: str, procedure_code: str, procedure: dict | None, reason: str) -> dict:
        if procedure is None:
            self.journal.mark_unavailable(client_id, f"offline; procedure {procedure_code!r} not in the cached catalogue")
            raise NoOfflineNumber(f"offline and procedure {procedure_code!r} is not in the cached catalogue", client_id)
        today = self.clock.today()
        self.journal.drop_stale_blocks(today)
        number = self.journal.issue_offline(client_id, procedure["service"], today, self._now(), reason)
        if number is None:
            raise NoOfflineNumber(f"offline and no leased number left for service {procedure['service']}", client_id)
        return self._shown(self.journal.ticket(client_id))

    def _shown(self, row: dict) -> dict:
        """The ticket as the UI shows it, from its journal row."""
        if row.get("ticket"):
            ticket = json.loads(row["ticket"])
            offline = bool(row["offline"])
            return {**ticket, "number": row["number"], "offline": offline,
                    "message": OFFLINE_MESSAGE if offline else ""}
        service = self.journal.service(row["service_id"]) or {"id": row["service_id"], "name": ""}
        counters = [{"id": c["id"], "name": c["name"]} for c in self.journal.counters()
                    if row["service_id"] in (c.get("services") or [])]
        procedure = self.journal.procedure(row["procedure_code"]) or {}
        return {
            "id": None, "public_id": None, "client_id": row["client_id"], "day": row["day"],
            "number": row["number"],
            "service": {"id": service["id"], "name": service.get("name", ""), "name_en": service.get("name_en") or "",
                        "waiting_area": service.get("waiting_area") or ""},
            "procedure": {"code": row["procedure_code"], "name": row["procedure_name"] or procedure.get("name", "")},
            "priority": row["priority"], "status": "waiting", "counter": None, "counters": counters,
            "issued_at": row["issued_at"], "called_at": None, "finished_at": None,
            "people_ahead": None, "estimated_wait_minutes": None, "public_url": None,
            "offline": True, "recalls": 0, "message": OFFLINE_MESSAGE,
        }

    # -- syncing ------------------------------------------------------------------------
    def upload_outbox(self, limit: int | None = None) -> dict:
        """Upload outbox tickets in order, UPLOAD_BATCH at a time (POST /api/tickets/batch: the
        server handles them in order in one commit; one by one against a server without it).
        Stops at the first transient failure; parks permanent refusals as `rejected`.
        Returns {"uploaded", "rejected", "error"}.

        Acknowledgements are written to the journal once per batch: a crash before that only
        means the batch is sent again, and a repeated upload is a harmless replay."""
        uploaded, rejected, error = [], [], None
        rows = self.journal.outbox(limit)
        for start in range(0, len(rows), UPLOAD_BATCH):
            marks: list[tuple] = []
            error = self._upload_batch(rows[start:start + UPLOAD_BATCH], marks, uploaded, rejected)
            self.journal.record_uploads(marks)
            if error:
                break
        return {"uploaded": uploaded, "rejected": rejected, "error": error}

    def _upload_batch(self, rows: list[dict], marks: list[tuple], uploaded: list, rejected: list) -> str | None:
        if not self._batch_uploads:
            return self._upload_one_by_one(rows, marks, uploaded, rejected)
        try:
            results = self.server.upload_tickets([_upload_body(row) for row in rows])
        except ServerUnavailable as error:
            self._lost(error)
            marks.append(("failed", rows[0]["client_id"], str(error)))
            return str(error)
        except ApiError as error:
            if error.status in TRANSIENT_STATUSES:
                marks.append(("failed", rows[0]["client_id"], f"HTTP {error.status}: {_reason(error)}"))
                return f"HTTP {error.status}"
            if error.status in (404, 405):          # a server without the batch route
                self._batch_uploads = False
            # Otherwise one row the server cannot even read spoils the batch: one by one finds it.
            return self._upload_one_by_one(rows, marks, uploaded, rejected)
        self._contact()
        answers = {result.get("client_id"): result for result in results}
        for row in rows:
            answer = answers.get(row["client_id"])
            if answer is None:
                marks.append(("failed", row["client_id"], "the server's answer left this ticket out"))
                return "incomplete answer from the server"
            if answer["status"] in (200, 201):
                self._accepted(row, answer["ticket"], marks, uploaded)
            elif answer["status"] in TRANSIENT_STATUSES:
                marks.append(("failed", row["client_id"], f"HTTP {answer['status']}"))
                return f"HTTP {answer['status']}"
            else:
                self._refused(row, ApiError(answer["status"], answer.get("detail")), marks, rejected)
        return None

    def _upload_one_by_one(self, rows: list[dict], marks: list[tuple], uploaded: list, rejected: list) -> str | None:
        for row in rows:
            try:
                ticket = self.server.issue_ticket(**_upload_body(row))
            except ServerUnavailable as error:
                self._lost(error)
                marks.append(("failed", row["client_id"], str(error)))
                return str(error)
            except ApiError as error:
                if error.status in TRANSIENT_STATUSES:
                    marks.append(("failed", row["client_id"], f"HTTP {error.status}: {_reason(error)}"))
                    return f"HTTP {error.status}"
                self._contact()
                self._refused(row, error, marks, rejected)
                continue
            self._contact()
            self._accepted(row, ticket, marks, uploaded)
        return None

    def _accepted(self, row: dict, ticket: dict, marks: list[tuple], uploaded: list) -> None:
        note = None
        if ticket.get("number") != row["number"]:
            note = f"server kept number {ticket.get('number')}, the citizen holds {row['number']}"
            log.error("ticket %s: %s", row["client_id"], note)
        marks.append(("uploaded", row["client_id"], ticket, self._now(), note))
        uploaded.append({"client_id": row["client_id"], "number": row["number"], "id": ticket.get("id"),
                         "server_number": ticket.get("number")})

    def _refused(self, row: dict, error: ApiError, marks: list[tuple], rejected: list) -> None:
        reason = f"HTTP {error.status}: {_reason(error)}"
        marks.append(("rejected", row["client_id"], reason))
        log.error("upload of %s (number %s) rejected: %s", row["client_id"], row["number"], reason)
        rejected.append({"client_id": row["client_id"], "number": row["number"], "reason": reason})

    def refresh_catalogue(self, force: bool = False) -> bool:
        """Refresh the cached procedures, services and counters when the server's
        catalogue_version differs from ours (or when forced). True when refreshed."""
        health = self.server.health()
        self._contact()
        version = (health or {}).get("catalogue_version")
        cached = self.journal.meta("catalogue_version")
        if not force and version and version == cached and self.journal.services():
            return False
        procedures, services, counters = self.server.procedures(), self.server.services(), self.server.counters()
        self.journal.save_catalogue(procedures, services, counters, version)
        log.info("catalogue refreshed (%d procedures, version %s)", len(procedures), version)
        return True

    def refill_blocks(self) -> list[dict]:
        """Lease a block for every service whose numbers for today run at or below the threshold."""
        today = self.clock.today()
        self.journal.drop_stale_blocks(today)
        leased = []
        for service in self.journal.services():
            if service.get("active") is False or service.get("active") == 0:
                continue
            if self.journal.numbers_left(service["id"], today) > self.refill_threshold:
                continue
            block = self.server.lease_block(service["id"], self.block_size)
            self._contact()
            if block.get("day") != today:
                log.warning("server leased a block for %s but the kiosk's day is %s", block.get("day"), today)
                continue
            self.journal.add_block({**block, "service_id": block.get("service_id", service["id"])}, self._now())
            leased.append(block)
        return leased

    def sync_once(self) -> dict:
        """One round: upload the outbox, refresh the catalogue if it changed, refill blocks.
        Never raises for network trouble; the result says what happened."""
        result: dict = {"uploaded": [], "rejected": [], "leased": [], "catalogue_refreshed": False, "error": None}
        try:
            outcome = self.upload_outbox()
            result.update(uploaded=outcome["uploaded"], rejected=outcome["rejected"], error=outcome["error"])
            if outcome["error"] is None:
                result["catalogue_refreshed"] = self.refresh_catalogue()
                result["leased"] = self.refill_blocks()
        except ServerUnavailable as error:
            self._lost(error)
            result["error"] = str(error)
        except ApiError as error:
            result["error"] = f"HTTP {error.status}: {_reason(error)}"
        result["outbox"] = self.journal.counts().get("outbox", 0)
        return result

    # -- what the UI and staff see ------------------------------------------------------
    def status(self) -> dict:
        """For the kiosk's status line: online/offline, outbox size, last contact (ISO time of
        the last answer from the server, or None); also tickets the server rejected, journal
        rows that could not be read, and today's leased numbers left per service."""
        counts = self.journal.counts()
        return {"online": bool(self._online), "outbox": counts.get("outbox", 0),
                "last_contact": self._last_contact, "rejected": counts.get("rejected", 0),
                "unreadable": counts.get("unreadable", 0) + len(self._lost_rows),
                "numbers_left": self.journal.numbers_left_by_service(self.clock.today())}

    def problems(self) -> list[dict]:
        """Tickets staff must look at: uploads the server rejected for good and journal rows
        that could not be read, each with its number (if known) and the reason."""
        rows = [{"client_id": r["client_id"], "number": r["number"], "state": r["state"], "reason": r["last_error"],
                 "issued_at": r["issued_at"], "procedure_code": r["procedure_code"]}
                for r in self.journal.tickets("rejected") + self.journal.tickets("unreadable")]
        lost = [{"client_id": None, "number": None, "state": "lost", "reason": item["reason"], "issued_at": None,
                 "procedure_code": None, "seq": item["seq"]} for item in self._lost_rows]
        return rows + lost

    def procedures(self) -> list[dict]:
        """The cached catalogue (works offline); fetched once if the cache is empty."""
        cached = self.journal.procedures()
        if not cached:
            try:
                self.refresh_catalogue(force=True)
            except ServerUnavailable as error:
                self._lost(error)
                raise
            cached = self.journal.procedures()
        return cached

    def procedure(self, code: str) -> dict | None:
        return self.journal.procedure(code)

    def catalogue_version(self) -> str | None:
        """The server's catalogue_version of the cached catalogue (a local read: the kiosk UI
        asks every few seconds whether the uploader brought a new one)."""
        return self.journal.meta("catalogue_version") or None

    def services(self) -> list[dict]:
        return self.journal.services()

    def counters(self) -> list[dict]:
        return self.journal.counters()

    def queue(self) -> Any:
        if not self._should_try_online():
            raise ServerUnavailable("server known to be offline")
        try:
            overview = self.server.queue()
        except ServerUnavailable as error:
            self._lost(error)
            raise
        self._contact()
        return overview

    def report_print_failed(self, ticket_id: int, reason: str) -> Any:
        return self.server.report_print_failed(ticket_id, reason)

    def close(self) -> None:
        with self._lock:
            servers, self._servers = self._servers, []
        for server in servers:
            try:
                server.close()
            except Exception:  # closing must never fail the caller
                pass
        self.journal.close()

    # -- internals ----------------------------------------------------------------------
    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="milliseconds")


def _upload_body(row: dict) -> dict:
    return {"procedure_code": row["procedure_code"], "priority": row["priority"], "client_id": row["client_id"],
            "number": row["number"], "issued_at": row["issued_at"]}


def _reason(error: ApiError) -> str:
    if isinstance(error.detail, dict):
        return str(error.detail.get("reason") or error.detail.get("message") or error.detail)
    return str(error.detail)
