"""The kiosk flow without Kivy: navigation, timers, tap guard, issuing, texts."""
import pytest

from kiosk.ui import flow as F


class FakeTime:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return FakeTime()


@pytest.fixture
def flow(clock):
    return F.KioskFlow(idle_seconds=60, ticket_screen_seconds=20, tap_guard_seconds=0.4, now=clock)


def test_field_path_and_back(flow):
    flow.go(F.FIELDS)
    flow.open_field("Hộ tịch")
    flow.open_procedure("1.001193")
    flow.ask_priority()
    assert flow.screen == F.PRIORITY
    assert flow.back() == F.PROCEDURE
    assert flow.back() == F.FIELD
    assert flow.field_name == "Hộ tịch"
    assert flow.back() == F.FIELDS
    assert flow.back() == F.HOME
    assert flow.back() == F.HOME          # back on home stays home


def test_three_taps_from_home_to_ticket(flow):
    flow.open_procedure("1.001193")        # tap 1
    flow.ask_priority()                    # tap 2
    assert flow.start_issue()              # tap 3 ("Không")
    flow.issued({"number": 1001})
    assert flow.screen == F.TICKET


def test_issue_only_once_while_pending(flow):
    flow.open_procedure("1.001193")
    flow.ask_priority()
    assert flow.start_issue()
    assert not flow.start_issue()          # a second tap does not issue a second ticket
    flow.issue_failed(offline=True)
    assert not flow.online and flow.issue.error == "offline"
    assert flow.start_issue()              # retry allowed after a failure


def test_issue_refused_keeps_server_message(flow):
    flow.open_procedure("9.999")
    flow.ask_priority()
    flow.start_issue()
    flow.issue_failed(offline=False, message="Không tìm thấy thủ tục này.")
    assert flow.online
    assert (flow.issue.status, flow.issue.error, flow.issue.message) == ("failed", "refused", "Không tìm thấy thủ tục này.")


def test_back_from_ticket_goes_home_and_clears(flow):
    flow.open_procedure("1.001193")
    flow.ask_priority()
    flow.start_issue()
    flow.issued({"number": 1001})
    assert flow.back() == F.HOME
    assert flow.ticket is None and flow.procedure_code is None and flow.history == []


def test_idle_goes_to_attract_and_ticket_returns_home(flow, clock):
    flow.open_procedure("1.001193")
    clock.t += 59
    assert flow.tick() is None
    clock.t += 2
    assert flow.tick() == F.ATTRACT
    flow.attract()
    assert flow.tick() is None             # already attracting
    flow.home()
    flow.open_procedure("1.001193")
    flow.ask_priority()
    flow.start_issue()
    flow.issued({"number": 1001})
    clock.t += 19
    assert flow.tick() is None
    assert flow.seconds_left_on_ticket() == 1
    clock.t += 1
    assert flow.tick() == F.HOME


def test_touch_postpones_idle(flow, clock):
    clock.t += 50
    flow.accept_touch()
    clock.t += 50
    assert flow.tick() is None
    clock.t += 11
    assert flow.tick() == F.ATTRACT


def test_no_attract_while_a_ticket_is_being_issued(flow, clock):
    flow.open_procedure("1.001193")
    flow.ask_priority()
    flow.start_issue()
    clock.t += 120
    assert flow.tick() is None


def test_tap_guard_rejects_a_double_tap(flow, clock):
    clock.t += 5
    assert flow.accept_touch()
    flow.open_procedure("1.001193")        # the first tap changed the screen
    clock.t += 0.1
    assert not flow.accept_touch()         # the second tap of a double tap is ignored
    clock.t += 0.5
    assert flow.accept_touch()


def test_ticket_announcement():
    ticket = {"number": 1023, "service": {"waiting_area": "Khu A"}}
    assert F.ticket_announcement(ticket) == "Số thứ tự của ông/bà là 1023. Mời ông/bà ngồi chờ ở khu A."
    assert F.ticket_announcement({"number": 7, "service": {}}) == "Số thứ tự của ông/bà là 7. Mời ông/bà ngồi chờ đến lượt."


def test_counters_and_localized():
    ticket = {"counters": [{"id": 1, "name": "Quầy 1"}, {"id": 2, "name": "Quầy 2"}]}
    assert F.counters_text(ticket) == "Quầy 1, Quầy 2"
    record = {"name": "Đăng ký khai sinh", "name_en": "Birth registration"}
    assert F.localized(record, "name", "en") == "Birth registration"
    assert F.localized(record, "name", "vi") == "Đăng ký khai sinh"
    assert F.localized({"name": "Chứng thực"}, "name", "en") == "Chứng thực"


def test_parse_queue_reads_the_server_overview():
    overview = {"day": "2026-11-23", "services": [
        {"id": "HT", "name": "Hộ tịch", "name_en": "Civil status", "waiting_area": "Khu A",
         "waiting_count": 3, "estimated_wait_minutes": 12, "waiting": [{}, {}, {}]},
        {"id": "CT", "name": "Chứng thực", "waiting": [{}], "estimated_wait_minutes": None}],
        "counters": []}
    rows = F.parse_queue(overview)
    assert rows[0] == {"id": "HT", "name": "Hộ tịch", "name_en": "Civil status", "waiting": 3,
                       "estimated_wait_minutes": 12}
    assert rows[1]["waiting"] == 1 and rows[1]["estimated_wait_minutes"] is None
    assert F.parse_queue("garbage") == [] and F.parse_queue(None) == []


def test_guidance_text_falls_back_to_the_record():
    assert F.guidance_text({"guidance": "Mang theo giấy chứng sinh."}) == "Mang theo giấy chứng sinh."
    text = F.guidance_text({"name": "Đăng ký kết hôn", "documents": [{"name": "Tờ khai"}], "fee": "Miễn lệ phí"})
    assert text == "Thủ tục Đăng ký kết hôn. Ông/bà cần mang: Tờ khai. Lệ phí: Miễn lệ phí."
