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
        page.screenshot(path=str(tmp_path / "ticket.png"), full_page=True)
        staff = login(server.url)
        requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10)
        page.wait_for_function("document.querySelector('#ahead').textContent === '0 người'", timeout=5000)
        requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10)
        page.wait_for_function("document.querySelector('#status').classList.contains('called')", timeout=5000)
        assert "Mời ông/bà đến Quầy 1 ngay." == page.text_content("#status")
        assert ahead["number"] < mine["number"]


def _issue(server, kiosk_token, code="1.001193"):
    return requests.post(f"{server.url}/api/tickets", json={"procedure_code": code, "client_id": str(uuid.uuid4())},
                         headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10).json()


def test_a_transferred_ticket_shows_its_current_service(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server, Browser() as browser:
        mine = _issue(server, kiosk_token)
        assert mine["service"]["id"] == "HT"
        page = browser.new_page(390, 844)
        page.goto(f"{server.url}/t/{mine['public_id']}")
        assert page.text_content("#service") == "Lĩnh vực: Hộ tịch"
        staff = login(server.url)
        moved = requests.post(f"{server.url}/api/tickets/{mine['id']}/transfer", json={"service_id": "CT"},
                              headers=staff, timeout=10)
        assert moved.status_code == 200, moved.text
        page.wait_for_function("document.querySelector('#service').textContent.includes('Chứng thực')", timeout=5000)
        page.reload()          # and a page opened after the transfer
        page.screenshot(path=str(tmp_path / "transferred.png"), full_page=True)
        assert page.text_content("#service") == "Lĩnh vực: Chứng thực"
        body = page.text_content("main")
        assert body.index("Chứng thực") < body.index(mine["procedure"]["name"])


def test_a_wait_of_zero_minutes_reads_naturally(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server, Browser() as browser:
        mine = _issue(server, kiosk_token)
        assert mine["people_ahead"] == 0
        page = browser.new_page(390, 844)
        page.goto(f"{server.url}/t/{mine['public_id']}")
        assert page.text_content("#wait") == "Sắp đến lượt"
        assert "0 phút" not in page.text_content("main")
