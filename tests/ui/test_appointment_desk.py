"""What a scan does on each screen, and check-in messages (kiosk/ui/appointment_desk.py)."""
from kiosk.sync.client import ApiError, ServerUnavailable
from kiosk.ui import flow as F
from kiosk.ui.scanner import RecordingScanner
from kiosk.ui.screenshots import TICKET

CARD_OF_1950 = "001050012345|012345678|Nguyen Van An|01031950|Nam|Ha Noi|15062021"
CARD_OF_1990 = "079090001234|123456789|Le Van C|05051990|Nam|HCM|01012010"


class CheckInClient:
    """A server stand-in that answers check-ins as the API does (its own tests: tests/server)."""

    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def check_in(self, code, priority=None):
        self.asked.append((code, priority))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def queue(self):
        return {"services": []}

    def procedures(self):
        return []


def on_time_answer():
    return {"outcome": "on_time", "message": "Ông/bà đến đúng hẹn.", "appointment": {},
            "ticket": {**TICKET, "appointment": True}}


def test_a_scanned_booking_on_any_screen_is_checked_in(kiosk):
    client, scanner = CheckInClient(on_time_answer()), RecordingScanner()
    h, app = kiosk(client=client, scanner=scanner)
    app.open_search()
    scanner.scan("http://192.168.1.10:8000/dat-lich/K7M4PQ")
    h.wait_until(lambda: app.screen == F.TICKET, what="the ticket")
    assert client.asked == [("K7M4PQ", None)]
    assert app.screens[F.TICKET].check_in_text == "Ông/bà đến đúng hẹn."


def test_refused_codes_show_the_servers_message_and_offline_says_so(kiosk):
    refused = ApiError(409, {"field": "code", "reason": "cancelled", "message": "Lịch hẹn này đã được hủy."})
    client = CheckInClient(refused)
    h, app = kiosk(client=client, scanner=RecordingScanner())
    app.appointments.open()
    h.pump(2)
    for letter in "K7M4PQ":
        h.tap(h.button(letter, exact=True), frames=0)
    h.tap_text("Xác nhận")
    screen = app.screens[F.CHECK_IN]
    h.wait_until(lambda: screen.status_text == "Lịch hẹn này đã được hủy.", what="the message")
    assert app.screen == F.CHECK_IN and screen.code == ""
    client.answer = ServerUnavailable("down")
    screen.code = "K7M4PQ"
    screen.submit()
    h.wait_until(lambda: "chưa kết nối" in screen.status_text, what="the offline message")


def test_an_id_card_of_someone_over_60_preselects_elderly_and_the_citizen_may_say_no(kiosk):
    scanner = RecordingScanner()
    h, app = kiosk(client=CheckInClient(on_time_answer()), scanner=scanner)
    scanner.scan(CARD_OF_1950)                      # at home: remembered for this visit
    h.pump(2)
    app.open_procedure("1.001193")
    app.ask_priority()
    h.pump(2)
    assert h.button("✓ Người cao tuổi") and "60 tuổi" in app.screens[F.PRIORITY].status_text
    assert h.button("Không, tôi không thuộc nhóm ưu tiên")        # still offered
    app.go_home()
    assert app.appointments.suggested_priority is None              # the visit is over


def test_a_younger_card_suggests_nothing_and_other_text_is_refused_calmly(kiosk):
    scanner = RecordingScanner()
    h, app = kiosk(client=CheckInClient(on_time_answer()), scanner=scanner)
    app.open_procedure("1.001193")
    app.ask_priority()
    scanner.scan(CARD_OF_1990)
    h.pump(2)
    assert app.appointments.suggested_priority is None
    assert "Đã đọc thẻ căn cước" in app.screens[F.PRIORITY].status_text
    app.appointments.open()
    scanner.scan("not a code at all")
    assert "chưa đọc được" in app.screens[F.CHECK_IN].status_text
    scanner.scan("001050012345|x|01031960")         # card-shaped, but not a real card
    assert "không phải mã QR của căn cước" in app.screens[F.CHECK_IN].status_text
