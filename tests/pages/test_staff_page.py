"""The staff console in a real browser against a real server: login, calls, shortcuts,
concurrent staff, errors in Vietnamese, session expiry, reprint, and a server restart."""
import uuid

import pytest
import requests

from tests.support import Browser, LiveServer, login, prepared_live_db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with Browser() as launched:
        yield launched


def issue(server, token, code="1.001193", priority=None):
    return requests.post(f"{server.url}/api/tickets", json={"procedure_code": code, "priority": priority,
                         "client_id": str(uuid.uuid4())}, headers={"Authorization": f"Bearer {token}"},
                         timeout=10).json()


def open_console(browser, server, counter_id, errors, width=1366, height=768):
    page = browser.new_page(width, height)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/staff")
    page.fill("#username", "lan")
    page.fill("#password", "mat-khau-lan")
    page.click("#login-submit")
    page.click(f"#counter-list button[data-counter='{counter_id}']")
    page.wait_for_function(f"document.querySelector('#title').textContent === 'Quầy {counter_id}'")
    page.wait_for_selector("body:not(.offline)")
    return page


def press(page, key):
    """A key, once the previous action has finished (the console takes one at a time)."""
    page.wait_for_selector("body:not(.busy)", state="attached")
    page.keyboard.press(key)


def current_number(page):
    element = page.query_selector("#current-number")
    return element.text_content() if element else None


def test_log_in_call_with_shortcuts_and_see_it_everywhere(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        tickets = [issue(server, kiosk_token), issue(server, kiosk_token, priority="elderly"),
                   issue(server, kiosk_token, "2.000815"), issue(server, kiosk_token)]
        page = open_console(browser, server, 2, errors)
        assert page.evaluate("localStorage.getItem('kiosk.staff.counter')") == "2"
        page.wait_for_selector(f"#waiting tr[data-ticket='{tickets[0]['id']}']")
        assert page.text_content("#waiting tr:first-child td.num") == str(tickets[1]["number"])   # priority first
        assert "Người cao tuổi" in page.text_content("#waiting tr:first-child")

        page.click("#next")                                    # the button
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{tickets[1]['number']}'")
        assert "Ưu tiên: Người cao tuổi" in page.text_content("#current")
        press(page, "F2")                              # recall
        page.wait_for_function("document.querySelector('#notice').textContent.startsWith('Đã gọi lại')")
        press(page, "F4")                              # finish
        page.wait_for_function("document.querySelector('#current').classList.contains('empty')")
        press(page, "F1")                              # next
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{tickets[0]['number']}'")
        press(page, "F2")                              # a recall first: a no-show needs one
        page.wait_for_function("document.querySelector('#recalls').textContent === 'Đã gọi lại 1 lần'")
        press(page, "F3")                              # no-show, confirmed with Enter
        page.wait_for_selector("#no-show-overlay.shown")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#current').classList.contains('empty')")
        press(page, "F1")
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{tickets[2]['number']}'")
        page.wait_for_function("document.querySelector('[data-count=called] b').textContent === '3'")
        page.wait_for_function("document.querySelector('[data-count=no_show] b').textContent === '1'")
        assert page.text_content("[data-count=done] b") == "1"
        assert page.text_content("[data-count=no_show] b") == "1"

        page.click("#show-transfer")                          # transfer with the picker
        page.click("#transfer-choices button[data-service='XH']")
        page.wait_for_function("document.querySelector('#current').classList.contains('empty')")
        assert "sang Bảo trợ xã hội" in page.text_content("#notice")
        state = requests.get(f"{server.url}/api/queue", timeout=10).json()
        assert [t["number"] for t in state["services"][2]["waiting"]] == [tickets[2]["number"]]

        # a change made elsewhere (another PC) reaches this page without a reload
        requests.post(f"{server.url}/api/counters/2/next", headers=login(server.url), timeout=10)
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{tickets[3]['number']}'")
        page.screenshot(path=str(screens / "staff-console.png"))
        page.context.close()
    assert errors == []


def test_two_staff_calling_at_the_same_moment_get_different_tickets(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        tickets = [issue(server, kiosk_token) for _ in range(3)]
        one = open_console(browser, server, 1, errors)
        two = open_console(browser, server, 2, errors)
        for page in (one, two):
            page.wait_for_selector(f"#waiting tr[data-ticket='{tickets[2]['id']}']")
        # both press "next" at the same instant
        at = one.evaluate("Date.now()") + 400
        for page in (one, two):
            page.evaluate(f"setTimeout(() => document.querySelector('#next').click(), {at} - Date.now())")
        for page in (one, two):
            page.wait_for_selector("#current-number")
        called = {current_number(one), current_number(two)}
        assert called == {str(tickets[0]["number"]), str(tickets[1]["number"])}

        # both try to call the same waiting ticket: one gets it, the other is told who did
        row = f"#waiting tr[data-ticket='{tickets[2]['id']}'] button"
        at = one.evaluate("Date.now()") + 400
        for page in (one, two):
            page.evaluate(f"setTimeout(() => document.querySelector(\"{row}\").click(), {at} - Date.now())")
        for page in (one, two):
            page.wait_for_function("document.querySelector('#error').classList.contains('shown') || "
                                   f"document.querySelector('#current-number')?.textContent === '{tickets[2]['number']}'")
        winner, loser = (one, two) if current_number(one) == str(tickets[2]["number"]) else (two, one)
        winner_counter = 1 if winner is one else 2
        loser.wait_for_selector("#error.shown")
        assert loser.text_content("#error") in (f"Số {tickets[2]['number']} đã được Quầy {winner_counter} gọi.",
                                                "Số này vừa được quầy khác gọi.")
        loser.screenshot(path=str(screens / "staff-error.png"))
        one.context.close()
        two.context.close()
    assert errors == []


def test_expired_session_returns_to_the_same_counter_after_login(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        first, second = issue(server, kiosk_token), issue(server, kiosk_token)
        page = open_console(browser, server, 2, errors)
        press(page, "F1")
        page.wait_for_selector("#current-number")
        token = page.evaluate("localStorage.getItem('kiosk.staff.token')")
        requests.post(f"{server.url}/api/auth/logout", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        press(page, "F4")
        page.wait_for_selector("#login-overlay.shown")
        assert "hết hạn" in page.text_content("#login-reason")
        assert current_number(page) == str(first["number"])           # what was on screen stays
        assert page.input_value("#username") == "lan"
        page.screenshot(path=str(screens / "staff-session-expired.png"))
        page.fill("#password", "mat-khau-lan")
        page.click("#login-submit")
        page.wait_for_selector("#login-overlay:not(.shown)", state="attached")
        assert not page.is_visible("#counter-overlay")                 # no need to choose again
        assert page.text_content("#title") == "Quầy 2"
        press(page, "F1")
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{second['number']}'")
        page.context.close()
    assert errors == []


def test_failed_receipts_appear_live_and_are_reprinted(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        page = open_console(browser, server, 1, errors)
        assert not page.is_visible("#failed-panel")
        ticket = issue(server, kiosk_token)
        requests.post(f"{server.url}/api/tickets/{ticket['id']}/print-failed", json={"reason": "paper out"},
                      headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10)
        page.wait_for_selector(f"#failed tr[data-ticket='{ticket['id']}']")
        page.screenshot(path=str(screens / "staff-print-failed.png"))
        page.click(f"#failed tr[data-ticket='{ticket['id']}'] button")
        page.wait_for_function(f"document.querySelector('#notice').textContent === 'Đã in lại phiếu số {ticket['number']}.'")
        page.wait_for_selector("#failed-panel.none", state="attached")
        assert requests.get(f"{server.url}/api/staff/print-failed", headers=login(server.url), timeout=10).json() == []
        page.context.close()
    assert errors == []


def test_staff_see_when_a_services_numbers_run_out(tmp_path, browser):
    import sqlite3
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE services SET range_end = 1401 WHERE id = 'HT'")      # online run: 1001 only
    conn.commit()
    conn.close()
    errors = []
    with LiveServer(db) as server:
        page = open_console(browser, server, 1, errors)
        assert page.is_hidden("#numbering-panel")
        assert issue(server, kiosk_token)["number"] == 1001
        refused = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193"},
                                headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10)
        assert refused.status_code == 409 and refused.json()["detail"]["message"].startswith("Đã hết số thứ tự")
        page.wait_for_selector("#numbering-panel:not(.none)")
        assert page.text_content("#numbering li") == ("Lĩnh vực Hộ tịch đã hết số thứ tự (1001–1001). "
                                                      "Máy lấy số không cấp thêm được số mới.")
    assert errors == []
