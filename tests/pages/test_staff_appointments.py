"""The console's appointments panel in a real browser: a booking for a caller, the next hour."""
import pytest
import requests

from tests.pages.test_staff_page import open_console
from tests.support import Browser, LiveServer, prepared_live_db
from tests.ui.test_appointment_path import all_day_config

pytestmark = pytest.mark.browser


def test_staff_book_for_a_caller_and_see_it_in_the_next_hour(tmp_path, screens):
    db, _, _ = prepared_live_db(tmp_path)
    with LiveServer(db, config=all_day_config(tmp_path)) as server, Browser() as browser:
        errors = []
        page = open_console(browser, server, 1, errors)
        page.click("#book-for-caller summary")
        page.wait_for_selector("#booking-slot option", state="attached")
        page.select_option("#booking-procedure", "1.001193")
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
