"""The lobby display page in a real browser against a real server: live calls without
reload, simultaneous calls all shown and announced in order, the autoplay tap, and the
"Mất kết nối" badge through a server kill and restart."""
import threading
import uuid

import pytest
import requests

from tests.support import Browser, LiveServer, login, prepared_live_db, run_cli

pytestmark = pytest.mark.browser
BLOCK_AUTOPLAY = """
  (() => {
    let unlocked = false;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      if (!unlocked) return Promise.reject(new DOMException("autoplay blocked", "NotAllowedError"));
      return play.call(this);
    };
    document.addEventListener("click", () => { unlocked = true; }, true);
  })();
"""


@pytest.fixture(scope="module")
def browser():
    with Browser() as launched:
        yield launched


def issue(server, token, code="1.001193"):
    return requests.post(f"{server.url}/api/tickets", json={"procedure_code": code, "client_id": str(uuid.uuid4())},
                         headers={"Authorization": f"Bearer {token}"}, timeout=10).json()


def open_display(browser, server, errors, init_script=None):
    page = browser.new_page(1920, 1080)
    page.on("pageerror", lambda error: errors.append(str(error)))
    if init_script:
        page.add_init_script(init_script)
    page.goto(f"{server.url}/display")
    page.wait_for_function("window.__display.rendered > 0 && !document.body.classList.contains('offline')")
    page.wait_for_function("window.__display.live && window.__display.live.online")
    return page


def shown_numbers(page):
    return page.evaluate("[...document.querySelectorAll('#latest .number, #calls .number')].map(e => e.textContent)")


def test_simultaneous_calls_all_show_without_reload_and_are_announced_in_order(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        for code in ("1.001193", "1.001193", "2.000815", "1.001776", "1.001612"):
            issue(server, kiosk_token, code)
        page = open_display(browser, server, errors)
        assert page.text_content("#latest") == "Chưa có lượt gọi nào hôm nay"
        staff = login(server.url)
        barrier = threading.Barrier(4)
        called = {}

        def call(counter_id):
            barrier.wait()
            called[counter_id] = requests.post(f"{server.url}/api/counters/{counter_id}/next", headers=staff,
                                               timeout=10).json()
        threads = [threading.Thread(target=call, args=(c,)) for c in (1, 2, 3, 4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        numbers = {str(t["number"]) for t in called.values()}
        assert len(numbers) == 4
        page.wait_for_function(f"[...document.querySelectorAll('#latest .number, #calls .number')]"
                               f".map(e => e.textContent).sort().join() === '{','.join(sorted(numbers))}'")
        assert page.evaluate("document.querySelectorAll('#latest.fresh, #calls li.fresh').length") == 4
        for counter_id, ticket in called.items():
            assert page.text_content(f".counter-box[data-counter='{counter_id}'] .number") == str(ticket["number"])

        # announced one after another, in the order the calls happened
        calls = requests.get(f"{server.url}/api/display/state", timeout=10).json()["calls"]
        in_order = sorted(c["event_id"] for c in calls)
        page.wait_for_function(f"window.__display.enqueued.length === 4")
        assert page.evaluate("window.__display.enqueued") == in_order
        page.wait_for_function("window.__display.announced.length >= 1")
        assert page.evaluate("window.__display.announced")[0] == in_order[0]

        # legible from 5 m: every number at least 10% of the screen height
        sizes = page.evaluate("[...document.querySelectorAll('#latest .number, #calls .number, .counter-box .number')]"
                              ".map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 108
        page.screenshot(path=str(screens / "display-1920x1080.png"))
        recall = requests.post(f"{server.url}/api/tickets/{called[1]['id']}/recall", json={"counter_id": 1},
                               headers=staff, timeout=10)
        assert recall.status_code == 200
        page.wait_for_function(f"document.querySelector('#latest').dataset.number === '{called[1]['number']}'")
        page.wait_for_function("window.__display.enqueued.length === 5")
        page.context.close()
    assert errors == []


def test_offline_badge_then_both_pages_catch_up_after_a_restart(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    errors = []
    with LiveServer(db) as server:
        first, second = issue(server, kiosk_token), issue(server, kiosk_token)
        display = open_display(browser, server, errors)
        console = browser.new_page(1366, 768)
        console.on("pageerror", lambda error: errors.append(str(error)))
        console.goto(f"{server.url}/staff")
        console.fill("#username", "lan")
        console.fill("#password", "mat-khau-lan")
        console.click("#login-submit")
        console.click("#counter-list button[data-counter='1']")
        console.wait_for_selector(f"#waiting tr[data-ticket='{second['id']}']")
        assert not display.is_visible("#badge")

        server.kill()
        display.wait_for_selector("#badge", state="visible")
        console.wait_for_selector("body.offline #live")
        assert display.text_content("#badge") == "Mất kết nối"
        display.screenshot(path=str(screens / "display-offline.png"))

        server.start()
        staff = login(server.url)            # at once, before the pages have reconnected
        called = requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).json()
        assert called["number"] == first["number"]
        display.wait_for_function(f"document.querySelector('#latest').dataset.number === '{first['number']}'")
        display.wait_for_selector("#badge", state="hidden")
        console.wait_for_function(f"document.querySelector('#current-number')?.textContent === '{first['number']}'")
        console.wait_for_selector("body:not(.offline)")
        # and the console acts again after the restart
        console.wait_for_selector("body:not(.busy)", state="attached")
        console.keyboard.press("F1")
        display.wait_for_function(f"document.querySelector('#latest').dataset.number === '{second['number']}'")
        assert shown_numbers(display) == [str(second["number"]), str(first["number"])]
        display.context.close()
        console.context.close()
    assert errors == []


def test_sound_starts_after_one_tap_when_the_browser_blocks_autoplay(tmp_path, browser, screens):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "an", "--role", "admin", stdin="mat-khau-an\n", db=db)
    errors = []
    with LiveServer(db) as server:
        issue(server, kiosk_token)
        page = open_display(browser, server, errors, init_script=BLOCK_AUTOPLAY)
        # the admin edits the message: the board shows it without a reload
        admin = login(server.url, "an", "mat-khau-an")
        requests.put(f"{server.url}/api/admin/settings", json={"display_message": "Chiều nay làm việc đến 16:00."},
                     headers=admin, timeout=10).raise_for_status()
        page.wait_for_function("document.querySelector('#message').textContent === 'Chiều nay làm việc đến 16:00.'")
        page.wait_for_selector("#sound", state="visible")
        assert page.text_content("#sound") == "🔊 Bật âm thanh"
        requests.post(f"{server.url}/api/counters/1/next", headers=login(server.url), timeout=10)
        page.wait_for_function("window.__display.enqueued.length === 1")
        assert page.evaluate("window.__display.announced") == []
        page.screenshot(path=str(screens / "display-sound-button.png"))
        page.click("#sound")
        page.wait_for_function("window.__display.announced.length === 1")
        assert page.is_hidden("#sound")
        page.context.close()
    assert errors == []


def test_display_clock_shows_the_centres_time_whatever_the_browsers_zone(tmp_path, browser):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    db, _, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        context = browser.browser.new_context(viewport={"width": 1920, "height": 1080}, timezone_id="America/New_York")
        page = context.new_page()
        page.goto(f"{server.url}/display")
        now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
        expected = sorted((now + timedelta(minutes=d)).strftime("%H:%M") for d in (-1, 0, 1, 2))
        page.wait_for_function("(expected) => expected.includes(document.querySelector('#time').textContent)",
                               arg=expected, timeout=10000)
        new_york = datetime.now(ZoneInfo("America/New_York")).strftime("%H:%M")
        assert page.text_content("#time") != new_york
