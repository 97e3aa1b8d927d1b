"""Nothing on the kiosk is hidden: the real app under Xvfb, online and offline, portrait and
landscape, with the real catalogue's longest procedure; checked on widget geometry."""
from __future__ import annotations

import socket

import pytest

from kiosk.sync.client import ServerClient
from kiosk.ui import flow as F
from kiosk.ui.deps import load_bundled
from kiosk.ui.screenshots import CannedClient
from tests.ui.kiosk_steps import client_for, wait_for_ticket

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def longest_procedure() -> dict:
    """The most documents, then the longest document names, then the longest name."""
    return max(load_bundled(), key=lambda p: (len(p.get("documents") or []),
                                              sum(len(d["name"]) for d in p.get("documents") or []),
                                              len(p["name"])))


def unreachable_client() -> ServerClient:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return ServerClient(f"http://127.0.0.1:{port}", "t", timeout=0.3)


def start(kiosk, orientation, online):
    h, app = kiosk(client=CannedClient() if online else unreachable_client(), size=SIZES[orientation])
    h.wait_until(lambda: app.online == online and (app.queue_rows or not online), what="the first poll")
    h.pump(4)
    return h, app


def rect(widget):
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def inside(inner, outer, slack=1):
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def overlaps(a, b):
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


def labels(h, root):
    from kivy.uix.label import Label
    return [w for w in h.walk(root) if isinstance(w, Label) and w.text.strip() and w.opacity and w.height]


def assert_banner_clear_of(app, widget):
    banner = app.root.ids.offline
    if app.online:
        assert banner.height == 0
    else:
        assert banner.height > 0 and "chưa kết nối được" in banner.text
        assert not overlaps(rect(banner), rect(widget)), (rect(banner), rect(widget))
        assert rect(banner)[1] >= rect(widget)[3] - 1        # the banner sits above, not over


def assert_words_fit(h, root):
    """No label's text is taller than its box (a clipped button, a line cut off)."""
    for label in labels(h, root):
        label.texture_update()
        assert label.texture_size[1] <= label.height + 1, (label.text, label.texture_size, label.height)


@pytest.mark.parametrize("online", [True, False], ids=["online", "offline"])
@pytest.mark.parametrize("orientation", SIZES)
def test_home_heading_is_never_under_the_offline_banner(kiosk, orientation, online):
    h, app = start(kiosk, orientation, online)
    screen = app.screens[F.HOME]
    heading = h.find(lambda w: type(w).__name__ == "Heading" and w.text, screen)
    assert_banner_clear_of(app, heading)
    window = (0, 0, *SIZES[orientation])
    for label in labels(h, screen):
        assert inside(rect(label), rect(screen)) and inside(rect(label), window), label.text
    tiles = list(screen.ids.grid.children)
    assert len(tiles) == 8
    for i, tile in enumerate(tiles):
        assert tile.height >= 120
        assert not any(overlaps(rect(tile), rect(other)) for other in tiles[i + 1:])
    assert_words_fit(h, screen)


@pytest.mark.parametrize("online", [True, False], ids=["online", "offline"])
@pytest.mark.parametrize("orientation", SIZES)
def test_every_document_of_the_longest_procedure_can_be_read(kiosk, orientation, online):
    procedure = longest_procedure()
    h, app = start(kiosk, orientation, online)
    app.open_procedure(procedure["code"])
    h.pump(6)
    screen = app.screens[F.PROCEDURE]
    heading = h.find(lambda w: type(w).__name__ == "Heading" and w.text == procedure["name"], screen)
    assert_banner_clear_of(app, heading)
    items = [w for w in reversed(screen.ids.documents.children)]
    assert [i.text for i in items] == [d["name"] for d in procedure["documents"]]
    assert_words_fit(h, screen)
    for button in (screen.ids.listen, screen.ids.leaflet, screen.ids.take_number):
        assert inside(rect(button), (0, 0, *SIZES[orientation])) and button.height >= 120
    if orientation == "portrait":
        assert not screen.overflow           # a standing citizen sees it all at once

    seen = set()
    for _ in range(12):
        for index, item in enumerate(items):
            if fully_visible(screen, item):
                seen.add(index)
        if not screen.overflow or screen.at_end:
            break
        more = screen.ids.more
        assert more.opacity == 1 and not more.disabled and more.text == "Xem tiếp bên dưới"
        h.tap(more)
        h.pump(3)
    assert seen == set(range(len(items))), f"documents never shown whole: {set(range(len(items))) - seen}"
    if screen.overflow:
        assert screen.ids.more.text == "Lên đầu trang"
        h.tap(screen.ids.more)
        h.pump(3)
        assert screen.scroller.scroll_y == pytest.approx(1)


def fully_visible(screen, item) -> bool:
    """Inside the scroll view's window and not under the "Xem tiếp" button."""
    box = rect(item)
    if not inside(box, rect(screen.scroller)):
        return False
    return not (screen.overflow and overlaps(box, rect(screen.ids.more)))


def test_the_longest_procedure_is_the_one_the_issue_names():
    procedure = longest_procedure()
    assert len(procedure["documents"]) == max(len(p.get("documents") or []) for p in load_bundled())


def test_documents_are_bullets_not_boxes_that_look_tappable(kiosk):
    from kivy.graphics import Ellipse, Line
    from kivy.uix.behaviors import ButtonBehavior
    h, app = kiosk()
    app.open_procedure("2.000815")
    h.pump(3)
    screen = app.screens[F.PROCEDURE]
    items = list(screen.ids.documents.children)
    assert items
    for item in items:
        assert not isinstance(item, ButtonBehavior)
        marker = item.ids.bullet
        drawn = marker.canvas.children
        assert any(isinstance(i, Ellipse) for i in drawn) and not any(isinstance(i, Line) for i in drawn)
    detail = items[-1].children[0].children[0].text        # the first document's "what to bring"
    assert detail == "Mang bản chính để chứng thực"
    assert not [w for w in labels(h, screen) if "Bản sao: 0" in w.text or "Bản chính: " in w.text]


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_sizes_targets_and_navigation_on_every_screen(kiosk, live_server, size):
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label
    from kiosk.ui import theme as T

    h, app = kiosk(client=client_for(live_server), size=size)
    visits = [lambda: None, app.open_fields, lambda: app.open_field("Hộ tịch"), app.open_search,
              lambda: app.open_procedure("1.001193"), app.ask_priority]
    for visit in visits:
        visit()
        h.pump(3)
        check_screen(h, app, Label, ButtonBehavior, T, size)
    app.issue(None)
    wait_for_ticket(h, app)
    h.pump(3)
    check_screen(h, app, Label, ButtonBehavior, T, size)


def check_screen(h, app, Label, ButtonBehavior, T, size):
    screen = h.screen()
    width, height = size
    for widget in h.walk(app.root):
        if widget.opacity == 0 or widget.height == 0:
            continue
        if isinstance(widget, Label) and widget.text.strip():
            assert widget.font_size >= T.MIN_BODY, (app.screen, widget.text, widget.font_size)
        if isinstance(widget, ButtonBehavior) and not widget.disabled:
            assert widget.height >= T.MIN_TOUCH, (app.screen, getattr(widget, "text", ""), widget.height)
            x, y = widget.to_window(widget.x, widget.y)
            assert -1 <= x and x + widget.width <= width + 1, (app.screen, getattr(widget, "text", ""))
            assert -1 <= y and y + widget.height <= height + 1, (app.screen, getattr(widget, "text", ""), y)
    # nothing on the screen spills out of it (over the header or under the navigation bar)
    sx, sy = screen.to_window(screen.x, screen.y)
    for widget in h.walk(screen):
        if isinstance(widget, Label) and widget.text.strip() and widget.opacity and not in_scroll(widget):
            x, y = widget.to_window(widget.x, widget.y)
            assert y >= sy - 2 and y + widget.height <= sy + screen.height + 2, (app.screen, size, widget.text)
    headings = [w for w in h.walk(screen) if type(w).__name__ == "Heading" and w.text]
    assert headings and all(w.font_size >= T.MIN_HEADING for w in headings), app.screen
    back, home = app.root.ids.back, app.root.ids.home
    assert "Quay lại" in back.text and home.text == "Trang chủ"
    assert home.opacity == 1 and not home.disabled
    if app.screen == F.HOME:              # nothing to go back to: no button that does nothing
        assert back.opacity == 0 and back.disabled
    else:
        assert back.opacity == 1 and not back.disabled
    assert app.root.ids.lang_vi.height >= T.MIN_TOUCH and app.root.ids.lang_en.height >= T.MIN_TOUCH


def in_scroll(widget):
    from kivy.uix.scrollview import ScrollView
    parent = widget.parent
    while parent is not None and parent.parent is not parent:   # the Window is its own parent
        if isinstance(parent, ScrollView):
            return True
        parent = parent.parent
    return False


def test_offline_notices_fit_in_landscape(kiosk):
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label
    from kiosk.ui import theme as T
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    h, app = kiosk(client=ServerClient(f"http://127.0.0.1:{port}", "t", timeout=0.3), size=(1920, 1080))
    h.wait_until(lambda: not app.online, what="the offline notice")
    app.open_procedure("1.001193")
    app.ask_priority()
    app.issue(None)
    h.wait_until(lambda: app.flow.issue.status == "failed", what="the failed issue")
    h.pump(3)
    assert app.screens[F.PRIORITY].status_text
    check_screen(h, app, Label, ButtonBehavior, T, (1920, 1080))
