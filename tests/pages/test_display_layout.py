"""The lobby display's layout at real TV sizes, measured with element boxes in chromium: the
sound and connection notices sit in the header's corner and never cover a call, nothing is
cut off, and the next numbers are big enough to read from 10 m."""
import uuid

import pytest
import requests

from tests.pages.test_display_page import BLOCK_AUTOPLAY
from tests.support import Browser, LiveServer, login, prepared_live_db

pytestmark = pytest.mark.browser
CODES = {"HT": "1.001193", "CT": "2.000815", "XH": "1.001776", "KD": "1.001612", "VH": "1.003622"}
SIZES = [(1920, 1080), (1366, 768), (3840, 2160)]

# Every box the board draws, and the texts that must never be cut (scrollWidth > clientWidth;
# texts that may wrap are checked by their box staying inside the row or header).
MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, r: r.right, b: r.bottom,
                                                                   visible: r.width > 0 && r.height > 0}; };
  const all = sel => [...document.querySelectorAll(sel)];
  const cut = e => e.scrollWidth > e.clientWidth + 1;
  return {
    notices: all("#sound, #sound-state, #badge").map(box).filter(b => b.visible),
    rows: all("#latest, #calls li, .counter-box, #waiting li").map(box),
    sections: all("main section").map(box),
    header: box(document.querySelector("header")), centre: box(document.querySelector("#centre")),
    cut: all("#centre, #waiting .service, .counter-box .name, #calls .counter, #latest .counter, #hours, #message")
           .filter(cut).map(e => e.textContent),
    next: all("#waiting .next > span:not(.more)").map(e => parseFloat(getComputedStyle(e).fontSize)),
    nextCut: all("#waiting .next").filter(cut).map(e => e.textContent),
  };
}"""


def overlaps(a, b) -> bool:
    return a["x"] < b["r"] and b["x"] < a["r"] and a["y"] < b["b"] and b["y"] < a["b"]


def inside(inner, outer) -> bool:
    return inner["x"] >= outer["x"] - 1 and inner["r"] <= outer["r"] + 1 and \
        inner["y"] >= outer["y"] - 1 and inner["b"] <= outer["b"] + 1


@pytest.fixture(scope="module")
def busy_centre(tmp_path_factory):
    """Five calls on the board and more people waiting in every service than a row can list."""
    db, kiosk_token, _ = prepared_live_db(tmp_path_factory.mktemp("display-layout"))
    with LiveServer(db) as server, Browser() as browser:
        kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        for _ in range(7):
            for code in CODES.values():
                requests.post(f"{server.url}/api/tickets", json={"procedure_code": code, "client_id": str(uuid.uuid4())},
                              headers=kiosk, timeout=10).raise_for_status()
        staff = login(server.url)
        for counter_id in (1, 2, 3, 4, 5):
            requests.post(f"{server.url}/api/counters/{counter_id}/next", headers=staff, timeout=10).raise_for_status()
        server.browser = browser
        yield server


def open_muted_board(server, width, height):
    page = server.browser.new_page(width, height)
    page.add_init_script(BLOCK_AUTOPLAY)
    page.goto(f"{server.url}/display")
    page.wait_for_function("window.__display.rendered > 0 && document.querySelectorAll('#calls li').length === 4")
    page.wait_for_selector("#sound", state="visible")
    page.evaluate("document.fonts.ready")
    return page


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_notices_never_cover_the_board_and_nothing_is_cut(busy_centre, screens, width, height):
    page = open_muted_board(busy_centre, width, height)
    page.evaluate("document.body.classList.add('offline')")       # both notices at once: the worst case
    assert page.is_visible("#badge") and page.text_content("#sound-state") == "🔇 Âm thanh đang tắt"
    shown = page.evaluate(MEASURE)
    assert len(shown["notices"]) == 3 and len(shown["rows"]) == 1 + 4 + 5 + 5
    for notice in shown["notices"]:
        assert not any(overlaps(notice, row) for row in shown["rows"]), (notice, width)
    # every call, counter and service row is drawn whole inside its section (none clipped away)
    assert all(any(inside(row, section) for section in shown["sections"]) for row in shown["rows"])
    assert shown["cut"] == [] and shown["nextCut"] == []
    assert inside(shown["centre"], shown["header"])                # a long centre name wraps inside the header
    assert shown["next"] and min(shown["next"]) >= 0.06 * height
    page.screenshot(path=str(screens / f"display-{width}x{height}-muted.png"))
    page.context.close()


def test_a_service_row_lists_what_fits_and_counts_the_rest(busy_centre):
    page = open_muted_board(busy_centre, 1366, 768)
    rows = page.evaluate("""[...document.querySelectorAll('#waiting li')].map(li => ({
        shown: li.querySelectorAll('.next > span').length, more: li.lastElementChild.textContent,
        name: li.querySelector('.service').textContent}))""")
    state = requests.get(f"{busy_centre.url}/api/display/state", timeout=10).json()
    waiting = {s["short_name"]: s["waiting_count"] for s in state["overview"]["services"]}
    for row in rows:
        assert row["shown"] >= 3
        assert row["shown"] + int(row["more"].lstrip("+") or 0) == waiting[row["name"]]
    assert "Bảo trợ, người có công" in waiting        # config.yaml's short_name, not the long legal name
    page.context.close()


def test_with_the_kiosk_browser_flag_calls_are_spoken_without_a_click(busy_centre):
    """tests.support launches chromium with --autoplay-policy=no-user-gesture-required, the flag
    the README gives for a TV: no button, no notice, and the next call is announced at once."""
    page = busy_centre.browser.new_page(1920, 1080)
    page.goto(f"{busy_centre.url}/display")
    page.wait_for_function("window.__display.live && window.__display.live.online")
    page.wait_for_selector("#sound-off", state="hidden")
    requests.post(f"{busy_centre.url}/api/counters/1/next", headers=login(busy_centre.url),
                  timeout=10).raise_for_status()
    page.wait_for_function("window.__display.announced.length === 1", timeout=15000)
    assert page.is_hidden("#sound") and page.is_hidden("#sound-state")
    page.context.close()
