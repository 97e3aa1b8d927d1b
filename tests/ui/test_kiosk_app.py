"""The real Kivy kiosk under Xvfb, driven by simulated taps, against a real `main.py serve`."""
from __future__ import annotations

import socket

import pytest
import requests

from kiosk.sync.client import ServerClient
from kiosk.ui import flow as F
from tests.ui.kiosk_steps import client_for, server_ticket, wait_for_ticket


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
