"""The console's appointments panel in a real browser: a booking for a caller, the next hour."""
import pytest
import requests

from tests.pages.test_staff_page import open_console
from tests.support import Browser, LiveServer, prepared_live_db
from tests.ui.test_appointment_path import BIRTH, all_day_config

pytestmark = pytest.mark.browser


def day_with_a_free_slot(server) -> str:
    """Today; in its last minutes, when no slot is left, tomorrow, whose 00:00 is within the hour."""
    days = requests.get(f"{server.url}/api/public/appointments/options", timeout=10).json()["days"]
    slots = requests.get(f"{server.url}/api/public/appointments/slots",
                         params={"procedure_code": BIRTH, "day": days[0]}, timeout=10).json()
    return days[0] if any(s["free"] for s in slots) else days[1]


def test_staff_book_for_a_caller_and_see_it_in_the_next_hour(tmp_path, screens):
    db, _, _ = prepared_live_db(tmp_path)
    with LiveServer(db, config=all_day_config(tmp_path)) as server, Browser() as browser:
        errors = []
        page = open_console(browser, server, 1, errors)
        page.click("#book-for-caller summary")
        page.wait_for_selector("#booking-day option", state="attached")
        page.select_option("#booking-procedure", BIRTH)
        page.select_option("#booking-day", day_with_a_free_slot(server))
        page.wait_for_function("document.querySelector('#booking-slot option')")
        page.fill("#booking-phone", "0912345678")
        page.click("#booking-submit")
        page.wait_for_function("document.querySelector('#booking-result').textContent.startsWith('Đã đặt')")
        code = page.text_content("#booking-result").split("mã ")[1][:6]
        page.evaluate("loadAppointments()")
        page.wait_for_selector(f"#appointments tr[data-code='{code}']")
        assert "0912345678" in page.text_content(f"#appointments tr[data-code='{code}']")
        page.screenshot(path=str(screens / "staff-appointments.png"), full_page=True)
        booking = requests.get(f"{server.url}/api/public/appointments/{code}", timeout=10).json()
        assert booking["source"] == "staff" and errors == []
