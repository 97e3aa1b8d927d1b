"""The staff console's empty 'Đang phục vụ' box tells a counter that has served people apart
from one that has not called anyone yet today."""
import pytest
import requests

from tests.pages.test_staff_page import issue, open_console
from tests.support import Browser, LiveServer, login, prepared_live_db

pytestmark = pytest.mark.browser


def test_after_calls_the_empty_box_no_longer_says_no_number_was_called(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server, Browser() as browser:
        tickets = [issue(server, kiosk_token) for _ in range(3)]
        page = open_console(browser, server, 1, errors)
        assert page.text_content("#current").startswith("Chưa gọi số nào hôm nay.")
        staff = login(server.url)
        for _ in tickets:
            requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).raise_for_status()
        requests.post(f"{server.url}/api/tickets/{tickets[-1]['id']}/finish", headers=staff,
                      timeout=10).raise_for_status()
        page.wait_for_function("document.querySelector('#today [data-count=called] b').textContent === '3'")
        page.wait_for_selector("#current.empty")
        assert page.text_content("#current") == \
            "Quầy đang trống, không có ai đang được phục vụ. Bấm “Gọi số tiếp theo” (F1)."
        page.context.close()
    assert errors == []
