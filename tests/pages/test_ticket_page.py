"""The citizen's ticket page in a real browser: it shows the ticket and updates without reload."""
import uuid

import pytest
import requests

from tests.support import Browser, LiveServer, login, prepared_live_db

pytestmark = pytest.mark.browser


def test_ticket_page_updates_live_when_the_ticket_is_called(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server, Browser() as browser:
        headers = {"Authorization": f"Bearer {kiosk_token}"}
        ahead = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                              "client_id": str(uuid.uuid4())}, headers=headers, timeout=10).json()
        mine = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                             "client_id": str(uuid.uuid4())}, headers=headers, timeout=10).json()
        page = browser.new_page(390, 844)
        page.goto(mine["public_url"].replace("http://127.0.0.1:8000", server.url))
        assert page.text_content("#number") == str(mine["number"])
        assert page.text_content("#ahead") == "1 người"
        assert page.text_content("#wait").startswith("khoảng ")
        page.screenshot(path=str(tmp_path / "ticket.png"), full_page=True)
        staff = login(server.url)
        requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10)
        page.wait_for_function("document.querySelector('#ahead').textContent === '0 người'", timeout=5000)
        assert page.text_content("#wait") == "Sắp đến lượt"                 # never "khoảng 0 phút"
        requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10)
        page.wait_for_function("document.querySelector('#status').classList.contains('called')", timeout=5000)
        assert "Mời ông/bà đến Quầy 1 ngay." == page.text_content("#status")
        assert ahead["number"] < mine["number"]
