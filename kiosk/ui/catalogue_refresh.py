"""Brings the catalogue changes an admin makes to a running kiosk's screens.

The kiosk's sync loop (kiosk/sync/uploader.py) refreshes the journal's cached catalogue
within `idle_seconds` (5 s; after an outage within its backoff, at most 10 s) of a change on
the server. Until this module, the app read that cache once at start, so it logged
"catalogue refreshed" and went on showing the old names, documents and fees.

Every CHECK_SECONDS the app asks its client, on the "poll" worker, for the version of the
catalogue it holds (a local read for the sync client, `/api/health` for a bare server
client) and reads the procedures when that version is not the one on screen. The new
catalogue then waits for a moment when no citizen is in the middle of a flow (`decide`):
what a citizen is reading, hearing or printing never changes under them, and their flow
ends at the ticket, home, or the attract loop after `idle_seconds` without a touch. A
citizen on the screen of a procedure that was retired is taken home with a short notice.
"""
from __future__ import annotations

import hashlib
import json
import logging

from kiosk.ui import deps, flow as F

log = logging.getLogger(__name__)

CHECK_SECONDS = 3
APPLY, HOLD, TAKE_HOME = "apply", "hold", "take home"
# Screens that show no procedure data: a new catalogue can replace the old one at once.
_BETWEEN_FLOWS = (F.HOME, F.ATTRACT, F.TICKET)
RETIRED_NOTICE = ("Thủ tục «{name}» hiện không còn tiếp nhận tại kiosk. "
                  "Ông/bà vui lòng chọn thủ tục khác hoặc hỏi cán bộ hướng dẫn.")


def decide(flow: F.KioskFlow, new_codes) -> str:
    """What to do now with a catalogue whose procedure codes are `new_codes`."""
    if flow.issue.status == "pending":
        return HOLD
    if flow.screen in _BETWEEN_FLOWS:
        return APPLY
    if flow.screen in (F.PROCEDURE, F.PRIORITY) and flow.procedure_code not in new_codes:
        return TAKE_HOME
    return HOLD


def fingerprint(procedures: list[dict]) -> str:
    return hashlib.sha1(json.dumps(procedures, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


class CatalogueRefresh:
    """Owned by the KioskApp; `check()` runs on the UI thread (a Kivy Clock interval)."""

    def __init__(self, app):
        self.app = app
        self.version: str | None = None         # the client's catalogue version on screen
        self.pending: tuple[list[dict], str | None] | None = None   # waiting for the flow to end
        self._checking = False

    # -- on the UI thread --------------------------------------------------------------
    def check(self, _dt=None) -> None:
        self.settle()
        if self._checking or self.app.client is None:
            return
        self._checking = True
        self.app.background.submit("poll", self._fetch, self._fetched, self._failed)

    def settle(self, refresh_screen: bool = True) -> None:
        """Apply the waiting catalogue if the citizen's flow allows it now."""
        if self.pending is None:
            return
        action = decide(self.app.flow, {p["code"] for p in self.pending[0]})
        if action == TAKE_HOME:
            self.take_home(self.app.flow.procedure_code)
        elif action == APPLY:
            self._apply()
            if refresh_screen and self.app.screen in _BETWEEN_FLOWS:
                self.app.screens[self.app.screen].refresh()

    def retired(self, code: str) -> bool:
        """True when a catalogue waiting to be shown no longer has this procedure (a list the
        citizen still sees named it)."""
        return self.pending is not None and code not in {p["code"] for p in self.pending[0]}

    def take_home(self, code: str | None) -> None:
        """Show the new catalogue from home, telling the citizen their procedure has gone."""
        name = F.localized(self.app.procedure(code) or {"name": code or ""}, "name", self.app.lang)
        self._apply()
        self.app.go_home(notice=self.app.tr(self.app.lang, RETIRED_NOTICE, name=name))

    def _apply(self) -> None:
        procedures, self.version = self.pending
        self.pending = None
        self.app.set_catalogue(procedures)
        log.info("catalogue on screen: %d procedures, version %s", len(procedures), self.version)

    # -- on the "poll" worker and back ------------------------------------------------
    def _fetch(self):
        client = self.app.client
        version = client.catalogue_version() if hasattr(client, "catalogue_version") else None
        known = self.pending[1] if self.pending else self.version
        if version is not None and version == known:
            return None
        procedures = deps.normalise_procedures(client.procedures())
        return procedures, version or fingerprint(procedures)

    def _fetched(self, result) -> None:
        self._checking = False
        if result is None:
            return
        procedures, version = result
        if not procedures:
            return                  # nothing usable (an empty cache): keep what is shown
        if procedures == self.app.catalogue.procedures:
            self.version, self.pending = version, None
            return
        self.pending = (procedures, version)
        self.settle()

    def _failed(self, error: Exception) -> None:
        self._checking = False
        self.app._poll_failed(error)
