"""The citizen's ticket page in a real browser: it shows the ticket and updates without reload."""
import uuid

import pytest
import requests

from tests.support import Browser, LiveServer, login, prepared_live_db, run_cli

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


def test_a_no_show_of_an_earlier_day_asks_for_a_new_number(tmp_path):
    """Yesterday's no-show cannot be re-queued: the page says so instead of naming a counter."""
    from datetime import timedelta

    from kiosk.clock import Clock, FakeClock
    from kiosk.config import load_config
    from kiosk.core.queue import Queue
    from kiosk.store import open_store

    db, _, _ = prepared_live_db(tmp_path)
    config = load_config()
    yesterday = Clock(config.centre.timezone).now().replace(hour=9, minute=0) - timedelta(days=1)
    store = open_store(db)
    queue = Queue(store, config, FakeClock(yesterday))
    ticket = queue.issue("1.001193")
    queue.call_next(1, staff="lan")
    queue.recall(ticket["id"], staff="lan")
    queue.no_show(ticket["id"], staff="lan")
    store.close()
    with LiveServer(db) as server, Browser() as browser:
        page = browser.new_page(390, 844)
        page.goto(f"{server.url}/t/{ticket['public_id']}")
        assert page.text_content("#status") == ("Số đã được gọi nhưng ông/bà vắng mặt, và ngày làm việc đã kết thúc. "
                                                "Mời ông/bà lấy số mới.")


def test_ticket_page_renders_with_markup_in_the_procedure_name(tmp_path):
    """Issue 13 §10: `<!--<script>` in a procedure name once swallowed the rest of the page."""
    hostile = 'Đăng ký khai sinh <!--<script> </script><img src=x onerror="window.owned=1"> & "x"'
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "admin", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    with LiveServer(db) as server, Browser() as browser:
        admin = login(server.url, "admin", "mat-khau-admin")
        saved = requests.put(f"{server.url}/api/admin/procedures/1.001193", json={"name": hostile}, headers=admin,
                             timeout=10)
        assert saved.status_code == 200, saved.text
        ticket = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                               "client_id": str(uuid.uuid4())}, headers={"Authorization": f"Bearer {kiosk_token}"},
                               timeout=10).json()
        page = browser.new_page(390, 844)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(ticket["public_url"].replace("http://127.0.0.1:8000", server.url))
        assert page.text_content("#procedure") == hostile
        assert page.text_content("#number") == str(ticket["number"])
        assert page.text_content("#ahead") == "0 người"                 # the script ran to the end
        assert page.evaluate("window.owned") is None and page.locator("img").count() == 0
        assert errors == []
        page.screenshot(path=str(tmp_path / "ticket-hostile-name.png"), full_page=True)


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
