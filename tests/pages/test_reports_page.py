"""In a real browser: a ticket is taken, served, rated on its page, and the rating shows in the
day's report. Also the screenshots of the reports page (a simulated 350-visitor day) for docs."""
import uuid
from datetime import date

import pytest
import requests

from kiosk.config import load_config
from kiosk.core.centre import seed_centre
from kiosk.core.demo_day import simulate_day
from kiosk.store import open_store
from tests.support import Browser, LiveServer, login, prepared_live_db, run_cli

pytestmark = pytest.mark.browser


def add_admin(db):
    run_cli("user", "add", "admin", "--role", "admin", stdin="mat-khau-admin\n", db=db)


def sign_in(page, url):
    page.goto(f"{url}/reports")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "mat-khau-admin")
    page.click("#login button[type=submit]")
    page.wait_for_selector("#kpis .kpi", timeout=10000)


def test_served_ticket_is_rated_on_its_page_and_counted_in_the_report(tmp_path, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    add_admin(db)
    tablet_token = run_cli("device", "add", "tablet-3", "--role", "display", "--print-token", db=db)
    with LiveServer(db) as server, Browser() as browser:
        ticket = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                               "client_id": str(uuid.uuid4())},
                               headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10).json()
        page = browser.new_page(390, 844)
        page.goto(ticket["public_url"].replace("http://127.0.0.1:8000", server.url))
        assert page.is_hidden("#rating")                        # not before it is done
        staff = login(server.url)
        requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).raise_for_status()
        requests.post(f"{server.url}/api/tickets/{ticket['id']}/finish", headers=staff, timeout=10).raise_for_status()
        page.wait_for_selector("#rating button[data-rating=satisfied]", timeout=8000)   # live update, no reload
        page.screenshot(path=str(screens / "ticket-rating.png"), full_page=True)
        page.click("#rating button[data-rating=satisfied]")
        page.click("#rating button[data-reason=long_wait]")
        page.wait_for_selector("#rating .thanks")
        assert "Hài lòng – Chờ lâu" in page.text_content("#rating .thanks")
        page.reload()
        page.wait_for_selector("#rating .thanks")                # rated once; no faces again
        assert page.query_selector("#rating button[data-rating]") is None

        reports = browser.new_page(1280, 900)
        sign_in(reports, server.url)
        kpis = reports.text_content("#kpis")
        assert "Số phiếu đã cấp1" in kpis and "Đã phục vụ xong1" in kpis and "1 lượt đánh giá" in kpis
        rows = reports.eval_on_selector_all("[data-table=satisfaction] tbody tr",
                                            "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
        assert ["Hài lòng", "1", "100"] in rows
        reasons = reports.eval_on_selector_all("[data-table=reasons] tbody tr",
                                               "rows => rows.map(r => [...r.cells].map(c => c.textContent))")
        assert ["Chờ lâu", "1"] in reasons
        assert reports.query_selector("[data-chart=satisfaction] svg") is not None

        # A second citizen's page is showing the faces when they rate on the counter tablet instead.
        tablet = {"Authorization": f"Bearer {tablet_token}"}
        second = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "2.000815",
                               "client_id": str(uuid.uuid4())},
                               headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10).json()
        requests.post(f"{server.url}/api/counters/3/next", headers=staff, timeout=10).raise_for_status()
        requests.post(f"{server.url}/api/tickets/{second['id']}/finish", headers=staff, timeout=10).raise_for_status()
        other = browser.new_page(390, 844)
        other.goto(second["public_url"].replace("http://127.0.0.1:8000", server.url))
        other.wait_for_selector("#rating button[data-rating]")
        requests.post(f"{server.url}/api/counters/3/rating", json={"ticket_id": second["id"], "rating": "very_satisfied"},
                      headers=tablet, timeout=10).raise_for_status()
        other.wait_for_selector("#rating .thanks", timeout=8000)
        assert "Rất hài lòng" in other.text_content("#rating .thanks")


def test_reports_page_of_a_simulated_day(tmp_path, screens):
    db = tmp_path / "centre.db"
    store = open_store(db, synchronous="OFF")          # a week: 350 visitors on the 20th, the day shown
    seed_centre(store, load_config())
    for day, visitors, seed in (("2026-11-16", 390, 16), ("2026-11-17", 330, 17), ("2026-11-18", 300, 18),
                                ("2026-11-19", 360, 19), ("2026-11-20", 350, 1)):
        simulate_day(store, load_config(), date.fromisoformat(day), visitors, seed=seed)
    store.close()
    add_admin(db)
    run_cli("user", "add", "lan", "--role", "staff", stdin="mat-khau-lan\n", db=db)
    with LiveServer(db) as server, Browser() as browser:
        staff_page = browser.new_page(1280, 900)
        staff_page.goto(f"{server.url}/reports")
        staff_page.fill("input[name=username]", "lan")
        staff_page.fill("input[name=password]", "mat-khau-lan")
        staff_page.click("#login button[type=submit]")
        staff_page.wait_for_function("document.querySelector('#login-error').textContent.length > 0")
        assert "không có quyền" in staff_page.text_content("#login-error")

        page = browser.new_page(1280, 900)
        sign_in(page, server.url)
        page.fill("input[name=date]", "2026-11-20")
        page.click("#controls button[type=submit]")
        page.wait_for_function("document.querySelector('#period').textContent.includes('20/11/2026')")
        assert "350" in page.text_content("#kpis")
        page.screenshot(path=str(screens / "reports-day.png"), full_page=True)
        with page.expect_download() as download:
            page.click("button[data-format=xlsx]")
        assert download.value.suggested_filename == "bao-cao-2026-11-20.xlsx"
        page.select_option("select[name=period]", "month")
        page.fill("input[name=month]", "2026-11")
        page.click("#controls button[type=submit]")
        page.wait_for_selector("[data-chart=days] svg")
        page.screenshot(path=str(screens / "reports-month.png"), full_page=True)


def test_the_page_opens_on_the_latest_day_with_tickets_and_says_today_has_none(tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    today = datetime.now(ZoneInfo(load_config().centre.timezone)).date()
    yesterday = today - timedelta(days=1)
    db = tmp_path / "centre.db"
    store = open_store(db, synchronous="OFF")
    seed_centre(store, load_config())
    simulate_day(store, load_config(), yesterday, 40, seed=3)
    store.close()
    add_admin(db)
    with LiveServer(db) as server, Browser() as browser:
        page = browser.new_page(1280, 900)
        sign_in(page, server.url)
        page.wait_for_selector("#day-note:not([hidden])")
        assert page.input_value("input[name=date]") == yesterday.isoformat()
        assert f"{yesterday:%d/%m/%Y}" in page.text_content("#period") and "40" in page.text_content("#kpis")
        assert page.text_content("#day-note").startswith("Chưa có phiếu nào hôm nay")
        page.click("#day-note a")                                # "Xem hôm nay"
        page.wait_for_function(f"document.querySelector('#period').textContent.includes('{today:%d/%m/%Y}')")
        page.wait_for_function("document.querySelector('#day-note').textContent.startsWith('Chưa có phiếu nào hôm nay.')")
        page.click("#day-note a")                                # back to the latest day with tickets
        page.wait_for_function(f"document.querySelector('#period').textContent.includes('{yesterday:%d/%m/%Y}')")
