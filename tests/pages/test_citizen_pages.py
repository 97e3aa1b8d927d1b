"""The citizen's pages with no live ticket behind them, in chromium on a phone-sized screen
against a real server: an unknown link, the test receipt's QR code, and the bare address."""
import pytest

from printers.receipt import TEST_PUBLIC_ID
from tests.support import Browser, LiveServer, prepared_live_db

pytestmark = pytest.mark.browser
CENTRE = "Trung tâm Phục vụ hành chính công phường Hòa Bình"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db, _, _ = prepared_live_db(tmp_path_factory.mktemp("citizen-pages"))
    with LiveServer(db) as server, Browser() as browser:
        server.browser = browser
        yield server


@pytest.mark.parametrize("path, heading, shot", [
    ("/t/Xk3J9qLmP2aB7cD9eF1gH3", "Không tìm thấy phiếu này", "ticket-unknown.png"),
    (f"/t/{TEST_PUBLIC_ID}", "Phiếu in thử", "ticket-test-receipt.png"),
    ("/", "Hệ thống lấy số thứ tự", "index.png"),
])
def test_a_calm_page_with_the_centres_name_fits_a_phone(live, screens, path, heading, shot):
    page = live.browser.new_page(390, 844)
    page.goto(live.url + path)
    assert page.text_content("h1") == heading
    assert page.text_content("header") == CENTRE
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "detail" not in page.text_content("body")
    page.screenshot(path=str(screens / shot), full_page=True)
    page.context.close()


def test_the_index_links_lead_to_the_public_pages(live):
    page = live.browser.new_page(1280, 800)
    page.goto(live.url + "/")
    page.click("a[href='/display']")
    page.wait_for_url("**/display")
    page.wait_for_function("window.__display && window.__display.rendered > 0")
    page.context.close()
