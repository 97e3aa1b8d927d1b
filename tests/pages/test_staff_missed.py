"""Missed calls and transfers in the staff console, keyboard only, in a real browser against a
real server (kiosk/server/static/staff/missed.js, transfer.js, modal.js)."""
import pytest
import requests

from tests.pages.test_staff_page import browser, current_number, issue, open_console, press  # noqa: F401
from tests.support import LiveServer, login, prepared_live_db

pytestmark = pytest.mark.browser


def focused(page, attribute="id"):
    return page.evaluate(f"document.activeElement && (document.activeElement.{attribute} || "
                         f"document.activeElement.dataset.{attribute} || null)")


def test_no_show_needs_a_recall_and_a_confirmation_then_is_requeued_and_undone(tmp_path, browser):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        first, second = issue(server, kiosk_token), issue(server, kiosk_token)
        page = open_console(browser, server, 1, errors)
        phone = browser.new_page(390, 844)
        phone.goto(f"{server.url}/t/{first['public_id']}")
        assert page.text_content("#missed") == "Hôm nay chưa có số nào vắng mặt."

        press(page, "F1")
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{first['number']}'")
        assert page.text_content("#recalls") == "Đã gọi lại 0 lần – cần gọi lại (F2) trước khi báo vắng mặt"
        press(page, "F3")                                          # refused: not recalled yet
        page.wait_for_selector("#error.shown")
        assert page.text_content("#error") == (f"Vui lòng gọi lại số {first['number']} (F2) ít nhất 1 lần "
                                               "trước khi đánh dấu vắng mặt.")
        assert not page.is_visible("#no-show-overlay")

        press(page, "F2")
        page.wait_for_function("document.querySelector('#recalls').textContent === 'Đã gọi lại 1 lần'")
        press(page, "F3")                                          # asks to confirm; Esc keeps the ticket
        page.wait_for_selector("#no-show-overlay.shown")
        assert focused(page) == "no-show-confirm"
        assert page.text_content("#no-show-title") == f"Số {first['number']} vắng mặt?"
        page.keyboard.press("F1")                                  # other keys wait while it is open
        page.keyboard.press("Escape")
        page.wait_for_selector("#no-show-overlay:not(.shown)", state="attached")
        assert current_number(page) == str(first["number"])
        assert requests.get(f"{server.url}/api/queue", timeout=10).json()["services"][0]["waiting_count"] == 1

        press(page, "F3")
        page.wait_for_selector("#no-show-overlay.shown")
        page.screenshot(path=str(tmp_path / "no-show-confirm.png"))
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#missed tr[data-ticket='{first['id']}']")
        assert page.is_visible("#current.empty")
        assert "Vắng mặt lúc" in page.text_content("#missed") and "Quầy 1" in page.text_content("#missed")
        phone.wait_for_function("document.querySelector('#status').classList.contains('no_show')")
        assert phone.text_content("#status") == ("Số đã được gọi nhưng ông/bà vắng mặt. "
                                      "Mời ông/bà đến Quầy 1 hoặc Quầy 2 để được phục vụ lại.")

        # the citizen comes back: F9 reaches the list, Enter re-queues at the original place
        press(page, "F9")
        assert focused(page, "action") == "requeue"
        issue(server, kiosk_token)                                 # a live update re-renders the list...
        page.wait_for_function("document.querySelector('#waiting-title').textContent.startsWith('Danh sách chờ (2)')")
        assert focused(page, "action") == "requeue"                # ...and the focus stays where it was
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#notice').textContent === "
                               f"'Đã xếp lại số {first['number']} vào hàng chờ, sẽ được gọi tiếp theo.'")
        page.wait_for_function("document.querySelector('#waiting tr:first-child td.num')?.textContent === "
                               f"'{first['number']}'")
        phone.wait_for_function("document.querySelector('#status').classList.contains('waiting')")
        assert phone.text_content("#ahead") == "0 người"

        # called again, missed again, and this time the no-show was a mistake: undo with Tab, Enter
        press(page, "F1")
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{first['number']}'")
        assert page.text_content("#recalls").startswith("Đã gọi lại 0 lần")        # a new call, a new recall
        press(page, "F2")
        page.wait_for_function("document.querySelector('#recalls').textContent === 'Đã gọi lại 1 lần'")
        press(page, "F3")
        page.wait_for_selector("#no-show-overlay.shown")
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#missed tr[data-ticket='{first['id']}']")
        page.wait_for_selector("body:not(.busy)", state="attached")
        page.screenshot(path=str(tmp_path / "console-missed.png"))
        press(page, "F9")
        page.keyboard.press("Tab")
        assert focused(page, "action") == "undo-no-show"
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{first['number']}'")
        assert page.text_content("#notice") == f"Đã hoàn tác: số {first['number']} đang ở quầy này."
        page.wait_for_function("document.querySelector('#missed').textContent === 'Hôm nay chưa có số nào vắng mặt.'")
        page.wait_for_function("document.querySelector('[data-count=no_show] b').textContent === '1'")
        phone.wait_for_function("document.querySelector('#status').classList.contains('called')")
        assert requests.get(f"{server.url}/api/queue", timeout=10).json()["services"][0]["waiting_count"] == 2
        assert second["number"] in [t["number"] for t in requests.get(
            f"{server.url}/api/counters/1/waiting", headers=login(server.url), timeout=10).json()]
        page.context.close()
        phone.context.close()
    assert errors == []


def test_transfer_asks_which_service_and_has_a_key(tmp_path, browser):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        ticket = issue(server, kiosk_token)                     # Hộ tịch
        page = open_console(browser, server, 1, errors)
        press(page, "F1")
        page.wait_for_selector("#current-number")
        press(page, "F8")
        page.wait_for_selector("#transfer-overlay.shown")
        assert page.text_content("#transfer-title") == f"Chuyển số {ticket['number']} sang lĩnh vực nào?"
        labels = page.eval_on_selector_all("#transfer-choices button", "bs => bs.map(b => b.textContent)")
        assert labels[:2] == ["1Chứng thực", "2Bảo trợ xã hội – Người có công"] and len(labels) == 4
        assert focused(page) == "transfer-dialog"                # no service is chosen for staff
        page.keyboard.press("Enter")                             # so Enter alone transfers nothing
        page.screenshot(path=str(tmp_path / "transfer-picker.png"))
        assert page.is_visible("#transfer-overlay") and current_number(page) == str(ticket["number"])
        page.keyboard.press("Escape")
        page.wait_for_selector("#transfer-overlay:not(.shown)", state="attached")
        assert current_number(page) == str(ticket["number"])

        press(page, "F8")
        page.wait_for_selector("#transfer-overlay.shown")
        page.keyboard.press("2")
        page.wait_for_function("document.querySelector('#notice').textContent === "
                               f"'Đã chuyển số {ticket['number']} sang Bảo trợ xã hội – Người có công.'")
        page.wait_for_selector("#current.empty")
        state = requests.get(f"{server.url}/api/queue", timeout=10).json()
        assert [t["number"] for t in state["services"][2]["waiting"]] == [ticket["number"]]
        page.context.close()
    assert errors == []
