"""The ticket screen and the receipt say the wait in the same words; never "khoảng 0 phút"."""
from __future__ import annotations

import pytest

from kiosk.ui import flow as F
from kiosk.ui.screenshots import TICKET, CannedClient


class ClientWithWait(CannedClient):
    def __init__(self, ahead, minutes):
        super().__init__(online=True)
        self.ahead, self.minutes = ahead, minutes

    def issue_ticket(self, procedure_code, priority, client_id):
        return {**TICKET, "people_ahead": self.ahead, "estimated_wait_minutes": self.minutes}


@pytest.mark.parametrize("ahead, minutes, text", [
    (3, 0, "Trước ông/bà còn 3 người, sắp đến lượt ông/bà."),
    (0, 0, "Ông/bà là người tiếp theo."),
    (4, 12, "Trước ông/bà còn 4 người, chờ khoảng 12 phút."),
])
def test_wait_on_screen_and_on_paper(kiosk, ahead, minutes, text):
    h, app = kiosk(client=ClientWithWait(ahead, minutes))
    app.open_procedure("1.001193")
    app.ask_priority()
    app.issue(None)
    h.wait_until(lambda: app.screen == F.TICKET and app.screens[F.TICKET].print_state == "printed",
                 what="the printed ticket")
    assert app.screens[F.TICKET].wait_text == text
    assert h.find(lambda w: getattr(w, "text", "") == text, app.screens[F.TICKET]) is not None
    (receipt,) = app.printer.jobs
    lines = [getattr(block, "text", "") for block in receipt.blocks()]
    assert text in lines and not [line for line in lines if "0 phút" in line or "bạn" in line]
