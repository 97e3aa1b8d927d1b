"""The real Kivy kiosk under Xvfb, driven by simulated taps, against a real `main.py serve`."""
from __future__ import annotations

import socket

import pytest
import requests

from kiosk.sync.client import ServerClient
from kiosk.ui import flow as F


def client_for(live_server, timeout=2.0):
    server, token = live_server
    return ServerClient(server.url, token, timeout=timeout)


def server_ticket(live_server, ticket_id):
    server, token = live_server
    response = requests.get(f"{server.url}/api/tickets/{ticket_id}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=5)
    response.raise_for_status()
    return response.json()


def wait_for_ticket(h, app):
    h.wait_until(lambda: app.screen == F.TICKET, what="the ticket screen")
    h.wait_until(lambda: app.screens[F.TICKET].print_state != "printing", what="the printer outcome")


def spoken(app):
    return list(app.speaker.spoken)


def type_text(h, text):
    """Tap the on-screen keys one by one (the keyboard does not move while results change)."""
    for letter in text:
        h.tap(h.button("Dấu cách" if letter == " " else letter.upper(), exact=True), frames=0)
    h.pump(2)


def test_home_field_procedure_priority_ticket(kiosk, live_server):
    h, app = kiosk(client=client_for(live_server))
    h.wait_until(lambda: app.online and app.queue_rows, what="the first server poll")
    h.tap_text("Xem theo lĩnh vực")
    assert app.screen == F.FIELDS
    h.tap_text("Hộ tịch", exact=True)
    assert app.screen == F.FIELD and app.screens[F.FIELD].title == "Hộ tịch"
    h.tap_text("Đăng ký kết hôn", exact=True)
    assert app.screen == F.PROCEDURE
    assert app.screens[F.PROCEDURE].qr_data.startswith("https://dichvucong.gov.vn/")
    h.tap_text("Lấy số thứ tự")
    assert app.screen == F.PRIORITY
    h.tap_text("Người cao tuổi")
    wait_for_ticket(h, app)

    ticket = app.flow.ticket
    on_server = server_ticket(live_server, ticket["id"])
    assert on_server["number"] == ticket["number"]
    assert on_server["procedure"]["code"] == "1.000894"
    assert on_server["priority"] == "elderly"
    screen = app.screens[F.TICKET]
    assert screen.ids.number.text == str(ticket["number"])
    assert screen.qr_data == ticket["public_url"]
    assert screen.area_text == "Khu A"
    assert screen.print_state == "printed"
    h.wait_until(lambda: spoken(app), what="the announcement")
    assert spoken(app)[-1] == (f"Số thứ tự của ông/bà là {ticket['number']}. Mời ông/bà ngồi chờ ở khu A.",
                               "announcement")
    (receipt,) = app.printer.jobs
    assert str(ticket["number"]) in repr(receipt)


@pytest.mark.parametrize("code", ["1.001193", "2.000815"])
def test_most_requested_is_three_taps_from_home(kiosk, live_server, code):
    h, app = kiosk(client=client_for(live_server))
    taps = 0
    button = next(b for b in app.screens[F.HOME].ids.grid.children if b.code == code)
    h.tap(button); taps += 1
    h.tap_text("Lấy số thứ tự"); taps += 1
    h.tap_text("Không", exact=False); taps += 1
    wait_for_ticket(h, app)
    assert taps == 3
    assert server_ticket(live_server, app.flow.ticket["id"])["procedure"]["code"] == code
    assert app.flow.ticket["priority"] is None


def test_search_without_diacritics_then_ticket(kiosk, live_server):
    h, app = kiosk(client=client_for(live_server))
    h.tap_text("Tìm thủ tục bằng bàn phím")
    assert app.screen == F.SEARCH
    type_text(h, "ket hon")
    screen = app.screens[F.SEARCH]
    assert screen.query == "ket hon"
    assert screen.result_codes[0] == "1.000894"
    h.tap_text("Xóa", exact=True)
    assert screen.query == "ket ho"
    h.tap_text("Xóa hết", exact=True)
    assert screen.query == "" and screen.result_codes == []
    type_text(h, "khai sinh")
    assert screen.result_codes[0] == "1.001193"
    h.tap(screen.ids.results.children[-1])        # the first (best) result
    assert app.flow.procedure_code == "1.001193"
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    wait_for_ticket(h, app)
    assert server_ticket(live_server, app.flow.ticket["id"])["procedure"]["code"] == "1.001193"


def test_search_understands_telex(kiosk):
    pytest.importorskip("kiosk.core.search", reason="the core search (catalogue branch) has not landed")
    h, app = kiosk()
    h.tap_text("Tìm thủ tục bằng bàn phím")
    type_text(h, "chuwngs thuwcj banr sao")
    assert app.screens[F.SEARCH].result_codes[0] == "2.000815"


def test_a_synonym_an_admin_adds_reaches_the_kiosk_search(kiosk, config, tmp_path):
    """Edit through the real admin API of a real server; the kiosk's real sync client brings
    the rule; the on-screen keyboard search then finds the procedure it names."""
    from kiosk.sync.sync_client import SyncClient
    from tests.support import LiveServer, login, prepared_live_db, run_cli
    db, token, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "quan-tri", "--role", "admin", stdin="mat-khau-qt\n", db=db)
    with LiveServer(db) as server:
        client = SyncClient.from_config(config, server.url, token, tmp_path / "kiosk.db", timeout=5.0)
        try:
            assert client.sync_once()["error"] is None
            h, app = kiosk(client=client)
            h.tap_text("Tìm thủ tục bằng bàn phím")
            type_text(h, "dam hieu")
            screen = app.screens[F.SEARCH]
            assert screen.result_codes[:1] != ["1.000656"]
            admin = login(server.url, "quan-tri", "mat-khau-qt")
            rules = requests.get(f"{server.url}/api/admin/settings", headers=admin,
                                 timeout=10).json()["values"]["search_synonyms"]
            saved = requests.put(f"{server.url}/api/admin/settings", headers=admin, timeout=10,
                                 json={"search_synonyms": rules + [{"phrase": "đám hiếu", "means": "khai tử"}]})
            assert saved.status_code == 200
            assert client.sync_once()["catalogue_refreshed"] is True
            h.tap_text("Xóa hết", exact=True)
            type_text(h, "dam hieu")
            assert screen.result_codes[0] == "1.000656"
        finally:
            client.close()


def test_printer_out_of_paper_still_shows_ticket_and_reports(kiosk, live_server):
    from printers import DummyReceiptPrinter
    from printers.printer import PrinterFault
    printer = DummyReceiptPrinter(fault=PrinterFault("paper_out", "out of paper"))
    h, app = kiosk(client=client_for(live_server), printer=printer)
    h.tap(app.screens[F.HOME].ids.grid.children[-1])
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    wait_for_ticket(h, app)
    screen = app.screens[F.TICKET]
    assert screen.print_state == "failed"
    assert screen.qr_data == app.flow.ticket["public_url"]
    notice = h.find(lambda w: type(w).__name__ == "Notice" and w.kind == "error" and w.text, screen)
    assert "chụp ảnh màn hình" in notice.text
    ticket_id = app.flow.ticket["id"]

    def reported():
        events = server_ticket(live_server, ticket_id)
        return events.get("print_failed") or events.get("print_failures") or events.get("print_status") == "failed"
    h.wait_until(reported, what="the print failure on the server")


def test_server_unreachable_is_calm_and_never_freezes(kiosk):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    h, app = kiosk(client=ServerClient(f"http://127.0.0.1:{port}", "t", timeout=0.3))
    h.wait_until(lambda: not app.online, what="the offline notice")
    assert "chưa kết nối được" in app.root.ids.offline.text
    assert app.most_requested_codes()              # the bundled catalogue still fills home
    h.tap(app.screens[F.HOME].ids.grid.children[-1])
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    h.wait_until(lambda: app.flow.issue.status == "failed", what="the failed issue")
    assert app.screen == F.PRIORITY
    assert "Chưa lấy được số" in app.screens[F.PRIORITY].status_text
    h.tap_text("Trang chủ")
    assert app.screen == F.HOME


def test_language_switch_uses_the_catalogue(kiosk):
    h, app = kiosk()
    h.tap(app.root.ids.lang_en)
    assert app.lang == "en"
    assert h.find(lambda w: getattr(w, "text", "") == "Welcome! Which procedure do you need?")
    assert app.root.ids.home.text == "Home"
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    assert app.screens[F.PROCEDURE].name_text == "Birth registration" or app.screens[F.PROCEDURE].name_text
    assert h.button("Take a number")
    h.tap(app.root.ids.lang_vi)
    assert h.button("Lấy số thứ tự")


def test_guidance_is_read_aloud_and_printed(kiosk):
    h, app = kiosk()
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    h.tap_text("Nghe hướng dẫn")
    h.wait_until(lambda: spoken(app), what="guidance speech")
    text, priority = spoken(app)[-1]
    assert priority == "guidance" and text == F.guidance_text(app.procedure("1.001193"))
    h.tap_text("In hướng dẫn")
    h.wait_until(lambda: app.printer.jobs, what="the leaflet job")
    assert type(app.printer.jobs[-1]).__name__ == "Leaflet"
    h.wait_until(lambda: "khe bên dưới" in app.screens[F.PROCEDURE].leaflet_status, what="leaflet status")


def test_auto_read_guidance_when_configured(kiosk, config):
    config.kiosk.auto_read_guidance = True
    h, app = kiosk()
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    h.wait_until(lambda: spoken(app), what="automatic guidance")
    assert spoken(app)[-1][1] == "guidance"


def test_attract_after_idle_then_touch_returns_home(kiosk):
    h, app = kiosk()
    h.tap_text("Xem theo lĩnh vực")
    app.fake_time.advance(app.centre_config.kiosk.idle_seconds + 1)
    h.wait_until(lambda: app.screen == F.ATTRACT, what="the attract loop")
    h.wait_until(lambda: spoken(app), what="the greeting")
    assert spoken(app)[0] == ("Xin chào, mời ông/bà chạm vào màn hình để lấy số.", "guidance")
    assert app.root.ids.navbar.opacity == 0
    h.tap_at(540, 900)
    assert app.screen == F.HOME


def test_ticket_screen_returns_home_by_itself(kiosk, live_server):
    h, app = kiosk(client=client_for(live_server))
    h.tap(app.screens[F.HOME].ids.grid.children[-1])
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    wait_for_ticket(h, app)
    app.fake_time.advance(app.centre_config.kiosk.ticket_screen_seconds)
    h.wait_until(lambda: app.screen == F.HOME, what="the return to home")
    assert app.flow.ticket is None


def test_double_tap_does_not_skip_a_screen(kiosk):
    h, app = kiosk(tap_guard_seconds=0.4)
    app.fake_time.advance(5)
    button = app.screens[F.HOME].ids.grid.children[-1]
    x, y = button.to_window(*button.center)
    h.tap_at(x, y)
    assert app.screen == F.PROCEDURE
    app.fake_time.advance(0.1)
    h.tap_at(x, y)                  # whatever lies there now is not pressed
    assert app.screen == F.PROCEDURE
    app.fake_time.advance(0.5)
    h.tap(app.root.ids.back)
    assert app.screen == F.HOME


def test_back_is_hidden_on_home_and_a_tap_there_does_nothing(kiosk):
    h, app = kiosk()
    back = app.root.ids.back
    assert back.opacity == 0 and back.disabled
    with pytest.raises(AssertionError):
        h.button("‹  Quay lại")
    x, y = back.to_window(*back.center)
    h.tap_at(x, y)
    assert app.screen == F.HOME
    h.tap_text("Xem theo lĩnh vực")
    assert back.opacity == 1 and not back.disabled
    h.tap(back)
    assert app.screen == F.HOME and back.opacity == 0


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


def test_through_the_sync_layer_online_then_offline_from_its_own_series(kiosk, live_server, config, tmp_path):
    """The kiosk command's real wiring: SyncClient (journal + its offline series) around ServerClient."""
    from kiosk.sync.sync_client import SyncClient
    server, token = live_server
    journal = tmp_path / "kiosk.db"
    online = SyncClient.from_config(config, server.url, token, journal)
    assert online.sync_once()["error"] is None          # caches the catalogue and the series state
    h, app = kiosk(client=online)
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    wait_for_ticket(h, app)
    assert server_ticket(live_server, app.flow.ticket["id"])["number"] == app.flow.ticket["number"]
    first_number = app.flow.ticket["number"]
    h.stop()                                             # one kiosk on the window at a time
    online.close()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    offline = SyncClient.from_config(config, dead, token, journal, timeout=0.3)
    h2, app2 = kiosk(client=offline)
    h2.tap(next(b for b in app2.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    h2.tap_text("Lấy số thứ tự")
    h2.tap_text("Không")
    wait_for_ticket(h2, app2)
    ticket = app2.flow.ticket
    assert ticket["offline"] and ticket["number"] != first_number and ticket["number"] == 1600   # slot 1
    screen = app2.screens[F.TICKET]
    assert screen.ids.number.text == str(ticket["number"]) and screen.offline
    assert screen.qr_data == ""                          # no public page until it is uploaded
    assert not app2.online
    offline.close()


def take_ticket(h, app, code="1.001193"):
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == code))
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")


def test_a_kiosk_switched_on_with_the_server_down_gives_numbers_then_says_when_its_series_is_used_up(
        kiosk, live_server, config, tmp_path):
    """Just paired, never reached the server: bundled catalogue, numbers from its own series."""
    from kiosk.sync.sync_client import SERIES_USED_MESSAGE, SyncClient
    from tests.support import run_cli
    server, _ = live_server
    token = run_cli("device", "add", "kiosk-cold", "--role", "kiosk", "--print-token", db=server.db)      # slot 2
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    client = SyncClient.from_config(config, dead, token, tmp_path / "cold.db", timeout=0.3)
    h, app = kiosk(client=client)
    take_ticket(h, app)
    wait_for_ticket(h, app)
    assert app.flow.ticket["number"] == 1700 and app.screens[F.TICKET].ids.number.text == "1700"
    client.journal.ensure_series("HT", client.clock.today(), 1700, 1799, 1800)          # all given
    h.tap_text("Trang chủ")
    take_ticket(h, app)
    h.wait_until(lambda: app.flow.issue.status == "failed", what="the refusal")
    assert app.screen == F.PRIORITY and app.screens[F.PRIORITY].status_text == SERIES_USED_MESSAGE
    assert client.journal.counts() == {"outbox": 1, "unavailable": 1}
    client.close()


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


def test_attract_plays_soft_music_and_stops_it_on_touch(kiosk, config, monkeypatch):
    from kivy.core.audio import SoundLoader

    class FakeSound:
        def __init__(self, path):
            self.path, self.loop, self.volume, self.events = path, False, 1.0, []

        def play(self):
            self.events.append("play")

        def stop(self):
            self.events.append("stop")

    loaded = []
    monkeypatch.setattr(SoundLoader, "load", staticmethod(lambda path: loaded.append(FakeSound(path)) or loaded[-1]))
    config.kiosk.background_music = "sounds/chime.wav"
    h, app = kiosk()
    app.fake_time.advance(config.kiosk.idle_seconds + 1)
    h.wait_until(lambda: app.screen == F.ATTRACT, what="the attract loop")
    (sound,) = loaded
    assert sound.path.endswith("assets/sounds/chime.wav") and sound.loop and sound.volume < 0.5
    assert sound.events == ["play"]
    h.tap_at(540, 900)
    assert app.screen == F.HOME and sound.events == ["play", "stop"]


def test_a_wait_under_a_minute_reads_your_turn_soon_never_0_minutes(kiosk):
    h, app = kiosk()
    ticket = {"number": 1002, "service": {"id": "HT", "name": "Hộ tịch"}, "counters": [], "people_ahead": 1}
    screen = app.screens[F.TICKET]
    for minutes, expected in ((0, "Trước ông/bà còn 1 người, sắp đến lượt ông/bà."),
                              (4, "Trước ông/bà còn 1 người, chờ khoảng 4 phút.")):
        app.flow.ticket = {**ticket, "estimated_wait_minutes": minutes}
        screen.refresh()
        assert screen.wait_text == expected
    attract = app.screens[F.ATTRACT]
    attract.rows = [{"id": "HT", "name": "Hộ tịch", "waiting": 1, "estimated_wait_minutes": 0}]
    assert [w.text for w in attract.ids.waits.children] == ["Hộ tịch:  1 người đang chờ · sắp đến lượt"]


def test_fields_and_a_fields_procedures_are_in_vietnamese_order(kiosk):
    from kiosk.core.collation import sort_key
    h, app = kiosk()
    app.set_catalogue([{"code": f"1.00000{i}", "name": name, "field": field, "documents": []}
                       for i, (field, name) in enumerate([("Văn hóa", "Cấp phép"), ("Đất đai", "Đính chính"),
                                                          ("Dân tộc", "Xác nhận"), ("Đất đai", "Đăng ký biến động"),
                                                          ("Ê-đê", "Dịch")])])
    h.tap_text("Xem theo lĩnh vực")
    shown = [text for text, _ in app.screens[F.FIELDS].ids.paged.items]
    assert shown == ["Dân tộc", "Đất đai", "Ê-đê", "Văn hóa"]
    h.tap_text("Đất đai", exact=True)
    names = [app.catalogue.by_code[c]["name"] for c in app.catalogue.codes_in_field("Đất đai")]
    assert names == ["Đăng ký biến động", "Đính chính"] and sort_key(names[0]) < sort_key(names[1])
