"""The kiosk's appointment desk: checking in a booking, and what a scanner reads on any screen.

A scan is routed by what it holds: a booking (its code, or the booking page's address in its
QR code) is checked in; a citizen ID card (CCCD) QR suggests the priority its holder's age
gives ("Người cao tuổi" from 60; the citizen may still choose otherwise); anything else is
refused calmly. Of a card only the suggested priority is kept, in memory, until the citizen's
visit ends; its text is never stored, printed or logged.
"""
from __future__ import annotations

import logging

from kiosk.clock import Clock
from kiosk.core import booking_codes, cccd
from kiosk.core.errors import QueueError
from kiosk.ui import deps, flow as F
from kiosk.ui.i18n import nfc
from kiosk.ui.scanner import KivyKeyboardScanner
from kiosk.ui.screens.priority import CARD_NOTE as ELDERLY

log = logging.getLogger(__name__)

OFFLINE = ("Máy chưa kết nối được với máy chủ nên chưa xác nhận được lịch hẹn. "
           "Ông/bà vui lòng lấy số thứ tự thường hoặc báo nhân viên.")
UNKNOWN_SCAN = ("Máy chưa đọc được mã vừa quét. Ông/bà có thể gõ mã hẹn, "
                "hoặc quét mã QR trên thẻ căn cước để được ưu tiên.")
NOT_ELDERLY = "Đã đọc thẻ căn cước. Ông/bà chọn nhóm ưu tiên nếu thuộc một nhóm dưới đây."


class AppointmentDesk:
    def __init__(self, app, scanner=None):
        self.app = app
        self.scanner = scanner or KivyKeyboardScanner()
        self.clock = Clock(app.centre_config.centre.timezone)
        self.suggested_priority: str | None = None
        self.pending = False

    def attach(self) -> None:
        self.scanner.start(self.scanned)
        self.app.bind(screen=self._screen_changed)

    def detach(self) -> None:
        self.scanner.stop()
        self.app.unbind(screen=self._screen_changed)

    def open(self) -> None:
        screen = self.app.screens[F.CHECK_IN]
        screen.code, screen.status_text = "", ""
        self.app.show(self.app.flow.go(F.CHECK_IN))

    # -- check-in -------------------------------------------------------------------------
    def check_in(self, code: str) -> None:
        if self.pending:
            return
        check = getattr(self.app.client, "check_in", None)
        if check is None:
            self._failed(RuntimeError("this client cannot check in"))
            return
        self.pending = True
        self.app.screens[F.CHECK_IN].refresh()
        priority = self.suggested_priority
        self.app.background.submit("net", lambda: check(code, priority), self._checked_in, self._failed)

    def _checked_in(self, outcome: dict) -> None:
        self.pending = False
        ticket = deps._nfc(outcome["ticket"])
        ticket["check_in_message"] = nfc(outcome.get("message") or "")
        if outcome.get("outcome") == "already":
            self.app.show(self.app.flow.issued(ticket))   # shown again, not printed again
            return
        self.app._issued(ticket)

    def _failed(self, error: Exception) -> None:
        from kiosk.sync.client import ApiError
        self.pending = False
        screen = self.app.screens[F.CHECK_IN]
        if isinstance(error, ApiError):
            screen.show(nfc(error.message), "notice")
            screen.code = ""
        else:
            log.warning("check-in failed: %s", type(error).__name__)
            screen.show(screen.tr(OFFLINE), "notice")
        if self.app.screen != F.CHECK_IN:
            self.app.show(self.app.flow.go(F.CHECK_IN))

    # -- scans ----------------------------------------------------------------------------
    def scanned(self, text: str) -> None:
        code = booking_codes.code_in(text)
        if code and not cccd.looks_like_card(text):
            self.open()
            self.app.screens[F.CHECK_IN].code = code
            self.check_in(code)
            return
        if cccd.looks_like_card(text):
            self._card(text)
            return
        self._tell(UNKNOWN_SCAN)

    def _card(self, text: str) -> None:
        try:
            reading = cccd.read_age(text, self.clock.now().date())
        except QueueError as refused:
            self._tell(refused.message)
            return
        self.suggested_priority = reading.suggested_priority
        message = ELDERLY if reading.suggested_priority else NOT_ELDERLY
        if self.app.screen == F.PRIORITY:
            screen = self.app.screens[F.PRIORITY]
            screen.refresh()
            screen.status_text = screen.tr(message)
        else:
            self._tell(message)

    def _tell(self, message: str) -> None:
        if self.app.screen == F.CHECK_IN:
            self.app.screens[F.CHECK_IN].show(self.app.tr(self.app.lang, message))
            return
        from kiosk.ui.screens.home import HomeNotice
        HomeNotice(text=self.app.tr(self.app.lang, message)).open(animation=False)

    def _screen_changed(self, _app, screen: str) -> None:
        if screen in (F.HOME, F.ATTRACT):
            self.suggested_priority = None      # the citizen's visit is over
