from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.core.wording import wait_message
from kiosk.ui.flow import counters_text, localized
from kiosk.ui.screens.base import KioskScreen


class TicketScreen(KioskScreen):
    """The number, huge; service, counters, where to sit, people ahead, QR code, print status."""
    number = StringProperty("")
    service_text = StringProperty("")
    counters_text = StringProperty("")
    area_text = StringProperty("")
    wait_text = StringProperty("")
    qr_data = StringProperty("")
    print_state = StringProperty("printing")    # printing | printed | failed
    offline = BooleanProperty(False)            # issued by the kiosk from its own offline series
    seconds_left = NumericProperty(0)
    check_in_text = StringProperty("")          # on time or late, for a checked-in booking

    def refresh(self) -> None:
        ticket = self.app.flow.ticket or {}
        service = ticket.get("service") or {}
        self.number = str(ticket.get("number", ""))
        self.service_text = localized(service, "name", self.app.lang)
        self.counters_text = counters_text(ticket)
        self.area_text = service.get("waiting_area") or ""
        self.wait_text = self.tr_message(wait_message(ticket.get("people_ahead"),
                                                      ticket.get("estimated_wait_minutes")))
        self.qr_data = ticket.get("public_url") or ""
        self.offline = bool(ticket.get("offline"))
        self.check_in_text = self.tr(ticket["check_in_message"]) if ticket.get("check_in_message") else ""
