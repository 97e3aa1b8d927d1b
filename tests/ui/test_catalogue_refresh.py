"""A running kiosk shows what an admin changes: the real Kivy app with the kiosk command's
wiring (SyncClient, journal, Uploader) against a real `main.py serve`, edited through the
admin API. Each test changes its own procedures, on a server of this module only."""
from __future__ import annotations

import inspect

import pytest
import requests

from kiosk.sync.sync_client import SyncClient
from kiosk.sync.uploader import Backoff, Uploader
from kiosk.ui import flow as F
from kiosk.ui.catalogue_refresh import APPLY, CHECK_SECONDS, HOLD, TAKE_HOME, decide
from tests.support import LiveServer, login, prepared_live_db, run_cli

# Bound on the waits below; the figure the kiosk must meet is 15 s (see test_the_refresh_delays_add_up_to_15_s),
# this leaves room for a machine loaded by other work.
WAIT = 45


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """(server, kiosk token, admin headers) on a database of this module."""
    db, token, _ = prepared_live_db(tmp_path_factory.mktemp("refresh"))
    run_cli("user", "add", "an", "--role", "admin", stdin="mat-khau-an\n", db=db)
    server = LiveServer(db).start()
    yield server, token, login(server.url, "an", "mat-khau-an")
    server.stop()


@pytest.fixture
def synced_kiosk(kiosk, centre, config, tmp_path):
    """The kiosk as `main.py kiosk` wires it: a SyncClient on a journal, its Uploader running."""
    server, token, _ = centre
    client = SyncClient.from_config(config, server.url, token, tmp_path / "kiosk.db")
    assert client.sync_once()["error"] is None
    uploader = Uploader(client).start()
    h, app = kiosk(client=client)
    # The app starts on the bundled catalogue and reads the journal's on its first check: until
    # that is on screen, a citizen's tap would hold it back, and it would pass for a later edit.
    h.wait_until(lambda: app.refresh.version == client.catalogue_version(), WAIT, "the journal's catalogue on screen")
    yield h, app, client
    uploader.stop()
    client.close()


def edit(centre, code, **fields):
    server, _, admin = centre
    response = requests.put(f"{server.url}/api/admin/procedures/{code}", json=fields, headers=admin, timeout=10)
    assert response.status_code == 200, response.text


def home_names(app):
    return [b.text for b in app.screens[F.HOME].ids.grid.children]


def pending_names(app):
    """The names of the catalogue waiting for the citizen's flow to end."""
    return [p["name"] for p in app.refresh.pending[0]] if app.refresh.pending else []


def labels(h, screen):
    return [w.text for w in h.walk(screen) if getattr(w, "text", "")]


def type_text(h, text):
    for letter in text:
        h.tap(h.button("Dấu cách" if letter == " " else letter.upper(), exact=True), frames=0)
    h.pump(2)


def test_the_refresh_delays_add_up_to_15_s():
    """Uploader round (or its longest backoff after an outage) plus the UI's check: the worst delay."""
    idle_seconds = inspect.signature(Uploader).parameters["idle_seconds"].default
    assert idle_seconds + CHECK_SECONDS <= 15
    assert Backoff().maximum + CHECK_SECONDS <= 15


@pytest.mark.parametrize("screen, code, issuing, expected", [
    (F.HOME, None, False, APPLY), (F.ATTRACT, None, False, APPLY), (F.TICKET, None, False, APPLY),
    (F.FIELD, None, False, HOLD), (F.SEARCH, None, False, HOLD), (F.PROCEDURE, "1.001193", False, HOLD),
    (F.PROCEDURE, "9.999", False, TAKE_HOME), (F.PRIORITY, "9.999", False, TAKE_HOME),
    (F.PRIORITY, "9.999", True, HOLD),
])
def test_a_new_catalogue_waits_for_the_citizens_flow(screen, code, issuing, expected):
    flow = F.KioskFlow(now=lambda: 0.0)
    flow.screen, flow.procedure_code = screen, code
    if issuing:
        flow.issue.status = "pending"
    assert decide(flow, {"1.001193", "2.000815"}) == expected


def test_an_idle_kiosk_shows_an_edit_on_every_screen_in_speech_and_on_the_leaflet(synced_kiosk, centre):
    h, app, _ = synced_kiosk
    assert "Đăng ký khai sinh" in home_names(app)
    edit(centre, "1.001193", name="Đăng ký khai sinh cho trẻ em", fee="Miễn lệ phí (sửa đổi)",
         guidance="Ông bà mang theo giấy chứng sinh bản mới.",
         documents=[{"name": "Tờ khai mẫu mới", "originals": 1, "copies": 0, "required": True}])
    h.wait_until(lambda: "Đăng ký khai sinh cho trẻ em" in home_names(app), WAIT, "the new name on home")
    assert "Đăng ký khai sinh" not in home_names(app)

    h.tap_text("Xem theo lĩnh vực")
    h.tap_text("Hộ tịch", exact=True)
    assert "Đăng ký khai sinh cho trẻ em" in labels(h, app.screens[F.FIELD])
    h.tap_text("Trang chủ")
    h.tap_text("Tìm thủ tục bằng bàn phím")
    type_text(h, "tre em")
    assert app.screens[F.SEARCH].result_codes[:1] == ["1.001193"]
    assert "Đăng ký khai sinh cho trẻ em" in labels(h, app.screens[F.SEARCH].ids.results)

    h.tap(app.screens[F.SEARCH].ids.results.children[-1])
    screen = app.screens[F.PROCEDURE]
    assert screen.name_text == "Đăng ký khai sinh cho trẻ em" and screen.fee_text == "Miễn lệ phí (sửa đổi)"
    assert "Tờ khai mẫu mới" in labels(h, screen.ids.documents)
    h.tap_text("Nghe hướng dẫn")
    h.wait_until(lambda: app.speaker.spoken, what="the guidance read aloud")
    assert app.speaker.spoken[-1] == ("Ông bà mang theo giấy chứng sinh bản mới.", "guidance")
    h.tap_text("In hướng dẫn")
    h.wait_until(lambda: app.printer.jobs, what="the leaflet")
    leaflet = app.printer.jobs[-1]
    assert leaflet.name == "Đăng ký khai sinh cho trẻ em" and leaflet.fee == "Miễn lệ phí (sửa đổi)"
    assert [d.name for d in leaflet.documents] == ["Tờ khai mẫu mới"]


def test_a_citizen_mid_flow_finishes_with_what_they_read_then_the_kiosk_switches(synced_kiosk, centre):
    h, app, _ = synced_kiosk
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "2.000815"))
    screen = app.screens[F.PROCEDURE]
    old_fee = screen.fee_text
    edit(centre, "2.000815", name="Chứng thực bản sao (cập nhật)", fee="3.000 đồng/trang")
    h.wait_until(lambda: "Chứng thực bản sao (cập nhật)" in pending_names(app), WAIT, "the new catalogue at the kiosk")
    h.pump(3)
    assert screen.fee_text == old_fee                 # nothing changes under the citizen's eyes
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    h.wait_until(lambda: app.screen == F.TICKET, what="the ticket")
    assert app.flow.ticket["procedure"]["code"] == "2.000815"
    h.tap_text("Trang chủ")
    assert "Chứng thực bản sao (cập nhật)" in home_names(app)
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "2.000815"))
    assert screen.fee_text == "3.000 đồng/trang"     # the old rule's example went with the old text


def test_a_retired_procedure_disappears_and_its_citizen_is_taken_home_gently(synced_kiosk, centre):
    h, app, _ = synced_kiosk
    server, _, admin = centre
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.000894"))
    assert app.screen == F.PROCEDURE
    retired = requests.post(f"{server.url}/api/admin/procedures/1.000894/retire", headers=admin, timeout=10)
    assert retired.status_code == 200
    h.wait_until(lambda: app.screen == F.HOME, WAIT, "the way home")
    home = app.screens[F.HOME]
    notice = home.notice_view
    assert notice.parent is not None                   # over home, moving none of its buttons
    assert "Đăng ký kết hôn" in notice.ids.text.text and "không còn tiếp nhận" in notice.ids.text.text
    assert "Đăng ký kết hôn" not in home_names(app)
    h.tap(notice.ids.ok)
    assert notice.parent is None and home.notice == ""
    h.tap_text("Xem theo lĩnh vực")
    h.tap_text("Hộ tịch", exact=True)
    assert "Đăng ký kết hôn" not in labels(h, app.screens[F.FIELD])
    h.tap_text("Trang chủ")
    h.tap_text("Tìm thủ tục bằng bàn phím")
    type_text(h, "ket hon")
    assert "1.000894" not in app.screens[F.SEARCH].result_codes


def test_changes_made_while_the_kiosk_was_offline_show_once_it_is_back(synced_kiosk, centre):
    h, app, client = synced_kiosk
    server, _, admin = centre
    server.stop()                                      # the kiosk loses its server
    h.wait_until(lambda: not client.status()["online"], WAIT, "the kiosk offline")
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.000656"))
    h.tap_text("Lấy số thứ tự")
    h.tap_text("Không")
    h.wait_until(lambda: app.screen == F.TICKET, WAIT, "an offline ticket")
    assert app.flow.ticket["offline"]
    h.tap_text("Trang chủ")

    with LiveServer(server.db) as elsewhere:           # meanwhile the admin imports, on the same database
        import_csv(elsewhere.url, admin, "code,name,field,service,documents,processing_time,fee,guidance\n"
                   "1.000656,Đăng ký khai tử (mẫu 2026),Hộ tịch,HT,Tờ khai đăng ký khai tử,1 ngày làm việc,"
                   "Miễn lệ phí nếu đăng ký đúng hạn (2026),Mang theo giấy báo tử.\n")
    h.pump(3)
    assert "Đăng ký khai tử" in home_names(app)        # still offline: the cached catalogue
    server.start()
    h.wait_until(lambda: "Đăng ký khai tử (mẫu 2026)" in home_names(app), WAIT, "the imported name on home")
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.000656"))
    assert app.screens[F.PROCEDURE].fee_text == "Miễn lệ phí nếu đăng ký đúng hạn (2026)"
    h.wait_until(lambda: client.status()["outbox"] == 0, WAIT, "the offline ticket uploaded")


def import_csv(url, admin, text):
    body = text.encode()
    preview = requests.post(f"{url}/api/admin/import/preview?filename=a.csv", data=body, headers=admin, timeout=10)
    assert preview.json()["ok"], preview.text
    applied = requests.post(f"{url}/api/admin/import/apply?filename=a.csv&fingerprint={preview.json()['fingerprint']}",
                            data=body, headers=admin, timeout=10)
    assert applied.status_code == 200, applied.text
