"""SyncClient: the one object the kiosk UI and the `issue`/`sync` commands use to issue tickets.

Online, a ticket is created on the server and the kiosk shows the server's number. When the
server does not answer within the timeout, the kiosk issues the ticket itself from its own
offline series for that service (kiosk/sync/series.py: no contact with the server needed
that day), and the ticket waits in the outbox until the uploader (kiosk/sync/uploader.py)
sends it. Every ticket is written to the journal before
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
from typing import Any, Callable, Protocol

from kiosk.clock import Clock, OffsetClock
from kiosk.core.keys import client_key
from kiosk.core.numbering import Layout, slot_in_token
from kiosk.sync.client import ApiError, ServerClient, ServerUnavailable
from kiosk.sync.clock_offset import saved_offset_seconds
from kiosk.sync.journal import Journal
from kiosk.sync.outbox_upload import OutboxUpload, api_reason
from kiosk.sync.reconcile import Reconciler
from kiosk.sync.series import OfflineSeries
from kiosk.sync.shown import OFFLINE_MESSAGE, shown_ticket  # noqa: F401 (OFFLINE_MESSAGE: part of this module's contract)

log = logging.getLogger(__name__)

NO_NUMBER_MESSAGE = "Máy đang mất kết nối, ông/bà vui lòng báo cán bộ để được cấp số."
SERIES_USED_MESSAGE = ("Máy này đã cấp hết số thứ tự dự phòng của lĩnh vực này trong hôm nay. "
                       "Ông/bà vui lòng báo cán bộ để được cấp số.")
CONTACT_SAVE_SECONDS = 10
SYNONYMS_META = "search_synonyms"     # journal meta key, and the settings key it comes from


class ServerApi(Protocol):
    """What the sync layer needs from the server (ServerClient is the real one)."""

    def issue_ticket(self, procedure_code: str, priority: str | None, client_id: str,
                     number: int | None = None, issued_at: str | None = None) -> dict: ...
    def upload_tickets(self, tickets: list[dict]) -> list[dict]: ...
    def offline_series(self) -> dict: ...
    def health(self) -> dict: ...
    def procedures(self) -> list[dict]: ...
    def services(self) -> list[dict]: ...
    def counters(self) -> list[dict]: ...
    def settings(self) -> dict: ...
    def queue(self) -> Any: ...
    def report_print_failed(self, ticket_id: int, reason: str) -> Any: ...
    def close(self) -> None: ...


def _cached_synonyms(raw: str | None) -> tuple | None:
    from kiosk.core.synonyms import SynonymError, parse_synonyms
    if not raw:
        return None
    try:
        return parse_synonyms(json.loads(raw))
    except (ValueError, SynonymError) as error:
        log.warning("cached search synonyms unusable (%s); using the bundled ones", error)
        return None


class NoOfflineNumber(ServerUnavailable):
    """Offline, and no number of its own series is left for the service: the kiosk must not invent one.
    `message` is what the screen says (Vietnamese)."""

    def __init__(self, reason: str, client_id: str, message: str = NO_NUMBER_MESSAGE):
        super().__init__(reason)
        self.reason = reason
        self.client_id = client_id
        self.message = message


class SyncClient(OutboxUpload):
    def __init__(self, journal: Journal, connect: Callable[[], ServerApi], clock: Clock,
                 layout: Layout = Layout(100, 4), slot: int | None = None, retry_online_seconds: float = 5.0,
                 monotonic: Callable[[], float] = time.monotonic,
                 fallback: Callable[[], tuple[list, list, list]] | None = None):
        """`slot`: the kiosk's offline series when the server has not said yet (from its token);
        `fallback`: (procedures, services, counters) to start from when the kiosk has never
        reached the server (the bundled catalogue and the config)."""
        self.journal = journal
        self.connect = connect
        self.clock = clock
        self.fallback = fallback
        self.series = OfflineSeries(journal, layout, slot, (lambda: fallback()[1]) if fallback else None)
        if journal.report.salvaged_from:
            self.series.void_today(clock.today())
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
        self.reconciler = Reconciler(self)      # repairs a server that lost tickets (kiosk/sync/reconcile.py)
        self._lost_rows = [item for item in journal.report.unreadable if item["client_id"] is None]
        self._synonyms = _cached_synonyms(journal.meta(SYNONYMS_META))

    @classmethod
    def from_config(cls, config, server_url: str | None, token: str | None, kiosk_db,
                    clock: Clock | None = None, **overrides) -> "SyncClient":
        from kiosk.core.centre import bundled_catalogue
        url = server_url or config.server.url
        timeout = overrides.pop("timeout", config.sync.timeout_seconds)
        options = {"layout": Layout.of(config.sync), "fallback": lambda: bundled_catalogue(config), **overrides}
        options["slot"] = options.get("slot") or slot_in_token(token)
        journal = Journal(kiosk_db)     # its clock runs on the server's time (kiosk/sync/clock_offset.py)
        clock = OffsetClock(clock or Clock(config.centre.timezone), saved_offset_seconds(journal))
        return cls(journal, lambda: ServerClient(url, token, timeout=timeout), clock, **options)

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
    def check_in(self, code: str, priority: str | None = None) -> dict:
        """A booking is checked in online only (its ticket is the server's, not the journal's)."""
        return self.server.check_in(code, priority)

    def issue_ticket(self, procedure_code: str, priority: str | None = None, client_id: str | None = None) -> dict:
        """Issue one ticket; return the ticket dict to show (docs/CONTRACTS.md) with
        `offline` (bool) and `message` (Vietnamese, "" online).

        Raises ApiError when the server refuses (unknown procedure...), and NoOfflineNumber
        (a ServerUnavailable with `.message`) when offline with no number of its series left."""
        client_id = client_id or client_key(self.clock.now().timestamp())
        self._start_from_fallback()
        procedure = self.journal.procedure(procedure_code)
        existing = self.journal.ticket(client_id)
        if existing and existing["state"] not in ("pending", "abandoned", "unavailable", "refused"):
            return shown_ticket(self.journal, existing)           # the same tap twice shows the same ticket
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
                    self.journal.mark_refused(client_id, f"HTTP {error.status}: {api_reason(error)}")
                    raise
                reason = f"HTTP {error.status}"
                self._lost(error)
            except ServerUnavailable as error:
                reason = str(error)
                self._lost(error)
            else:
                self._contact()
                ticket = self.reconciler.after_online(ticket)
                self.journal.mark_sent(client_id, ticket, self._now())
                return {**ticket, "offline": bool(ticket.get("offline")), "message": ""}
        return self._issue_offline(client_id, procedure_code, procedure, reason)

    def _issue_offline(self, client_id: str, procedure_code: str, procedure: dict | None, reason: str) -> dict:
        if procedure is None:
            self.journal.mark_unavailable(client_id, f"offline; procedure {procedure_code!r} not in the cached catalogue")
            raise NoOfflineNumber(f"offline and procedure {procedure_code!r} is not in the cached catalogue", client_id)
        today, service_id = self.clock.today(), procedure["service"]
        self.journal.drop_stale_blocks(today)
        series = self.series.ready(service_id, today)
        number = self.journal.issue_offline(client_id, service_id, today, self._now(), reason)
        if number is None and series:
            log.error("offline series %s-%s of service %s is used up today", series.first, series.last, service_id)
            raise NoOfflineNumber(f"offline and series {series.first}-{series.last} of service {service_id} "
                                  "is used up today", client_id, SERIES_USED_MESSAGE)
        if number is None:
            raise NoOfflineNumber(f"offline and no offline series for service {service_id} "
                                  "(no kiosk slot known, or the journal was salvaged today)", client_id)
        return shown_ticket(self.journal, self.journal.ticket(client_id))

    # -- syncing ------------------------------------------------------------------------
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
        synonyms = self._fetch_synonyms()
        self.journal.save_catalogue(procedures, services, counters, version)
        if synonyms is not None:
            self.journal.set_meta(SYNONYMS_META, synonyms)
            self._synonyms = _cached_synonyms(synonyms)
        log.info("catalogue refreshed (%d procedures, version %s)", len(procedures), version)
        return True

    def refresh_series(self) -> bool:
        """Ask the server for this kiosk's slot and series state and keep it in the journal.
        False when the server has no such route (an older server)."""
        try:
            state = self.server.offline_series()
        except ApiError as error:
            if error.status in (404, 405):
                return False
            raise
        self._contact()
        self.series.remember(state or {}, self.clock.today())
        return True

    def _fetch_synonyms(self) -> str | None:
        """The search synonyms (JSON) from the server's settings; None from an older server
        without them (the kiosk keeps what it has)."""
        try:
            rules = (self.server.settings() or {}).get(SYNONYMS_META)
        except ApiError as error:
            log.warning("settings not available (%s); search keeps its synonyms", error)
            return None
        return json.dumps(rules, ensure_ascii=False) if isinstance(rules, list) else None

    def synonyms(self) -> tuple | None:
        """The search synonyms the server last sent (works offline); None: the bundled ones.
        Cheap: the kiosk calls it at every keystroke."""
        return self._synonyms

    def sync_once(self) -> dict:
        """One round: upload the outbox, refresh the catalogue if it changed, refresh the
        series state. Never raises for network trouble; the result says what happened."""
        result: dict = {"uploaded": [], "rejected": [], "series_refreshed": False, "catalogue_refreshed": False,
                        "error": None}
        try:
            outcome = self.upload_outbox()
            result.update(uploaded=outcome["uploaded"], rejected=outcome["rejected"], error=outcome["error"])
            if outcome["error"] is None:
                result["catalogue_refreshed"] = self.refresh_catalogue()
                result["repaired"] = self.reconciler.run_if_due()
                result["series_refreshed"] = self.refresh_series()
        except ServerUnavailable as error:
            self._lost(error)
            result["error"] = str(error)
        except ApiError as error:
            result["error"] = f"HTTP {error.status}: {api_reason(error)}"
        result["outbox"] = self.journal.counts().get("outbox", 0)
        return result

    # -- what the UI and staff see ------------------------------------------------------
    def status(self) -> dict:
        """For the kiosk's status line: online/offline, outbox size, last contact (ISO time of
        the last answer from the server, or None); also tickets the server rejected, journal
        rows that could not be read, and today's offline numbers left per service."""
        counts = self.journal.counts()
        return {"online": bool(self._online), "outbox": counts.get("outbox", 0),
                "last_contact": self._last_contact, "rejected": counts.get("rejected", 0),
                "unreadable": counts.get("unreadable", 0) + len(self._lost_rows),
                "numbers_left": self.series.numbers_left(self.clock.today(), [s["id"] for s in self.services()]),
                "slot": self.series.slot}

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
        """The cached catalogue (works offline); fetched once if the cache is empty, else
        started from the fallback (a kiosk that has never reached the server)."""
        cached = self.journal.procedures()
        if not cached:
            try:
                self.refresh_catalogue(force=True)
            except ServerUnavailable as error:
                self._lost(error)
                if not self._start_from_fallback():
                    raise
            cached = self.journal.procedures()
        return cached

    def _start_from_fallback(self) -> bool:
        """Fill an empty cache from the fallback; version "" makes the next contact refresh it."""
        if self.fallback is None or self.journal.services():
            return False
        procedures, services, counters = self.fallback()
        self.journal.save_catalogue(procedures, services, counters, "")
        log.warning("server never reached: starting from the bundled catalogue (%d procedures)", len(procedures))
        return True

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

