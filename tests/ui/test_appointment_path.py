"""The whole appointment path against a real `main.py serve`: a citizen books in a real browser
(phone size), checks in at the real Kivy kiosk by the keypad and by scanner keystrokes, staff
call, the report splits the groups; and a scanned ID card leaves no trace in any file."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import requests
import yaml

from kiosk import PROJECT_ROOT
from kiosk.core.appointments import ALREADY, ON_TIME
from kiosk.sync.client import ServerClient
from kiosk.ui import flow as F
from tests.support import Browser, LiveServer, login, prepared_live_db

pytestmark = pytest.mark.browser
BIRTH = "1.001193"
# A made-up card: number, old number, name, birth date, sex, address, issue date
CARD = "001050012345|012345678|Nguyễn Văn An|01031950|Nam|Số 1 Hòa Bình, Hà Nội|15062021"
CARD_TRACES = ["001050012345", "012345678", "Nguyễn Văn An", "NGUYEN VAN AN", "01031950", "1950-03-01",
               "01/03/1950", "Số 1 Hòa Bình"]


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """A server whose bookings run all day, every day, in 5-minute slots, so a slot is always near."""
    folder = tmp_path_factory.mktemp("appointments")
    db, token, _ = prepared_live_db(folder)
    server = LiveServer(db, config=all_day_config(folder)).start()
    yield server, token, folder
    server.stop()


def all_day_config(folder: Path) -> Path:
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["appointments"] = {"hours": [["00:00", "23:59"]], "weekdays": [1, 2, 3, 4, 5, 6, 7], "slot_minutes": 5,
                           "services": {"HT": {"capacity": 5}}}
    config = folder / "config.yaml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return config


def next_slot(server) -> tuple[str, str]:
    day = requests.get(f"{server.url}/api/public/appointments/options", timeout=10).json()["days"][0]
    slots = requests.get(f"{server.url}/api/public/appointments/slots",
                         params={"procedure_code": BIRTH, "day": day}, timeout=10).json()
    if not slots:
        pytest.skip("no slot left today (the test ran in the last minutes of the day)")
    return day, slots[0]["slot"]


def type_keystrokes(window, text: str, gap: float = 0.0) -> None:
    """What a keyboard-wedge scanner (gap ~0) or a person (gap 0.1 s and more) sends."""
    for char in text:
        window.dispatch("on_textinput", char)
        if gap:
            time.sleep(gap)
    window.dispatch("on_key_down", 13, 40, None, [])


def test_book_in_a_browser_check_in_at_the_kiosk_call_and_report(centre, kiosk, screens):
    server, token, _ = centre
    headers = {"Authorization": f"Bearer {token}"}
    walk_in = requests.post(f"{server.url}/api/tickets", json={"procedure_code": BIRTH}, headers=headers,
                            timeout=10).json()
    day, slot = next_slot(server)

    with Browser() as browser:                          # the citizen books on a phone
        page = browser.new_page(390, 844)
        page.goto(f"{server.url}/dat-lich")
        page.fill("#filter", "khai sinh")
        page.select_option("#procedure", BIRTH)
        page.click("#days button >> nth=0")
        page.click(f"#slots button:has-text('{slot}')")
        page.fill("#phone", "0912 345 678")
        page.screenshot(path=str(screens / "booking-phone-form.png"), full_page=True)
        page.click("#book")
        page.wait_for_selector("#done:not([hidden])", timeout=10000)
        code = page.get_attribute("#code", "data-code")
        page.wait_for_function("document.getElementById('qr').naturalWidth > 0", timeout=5000)
        assert "Tờ khai đăng ký khai sinh" in page.text_content("#documents")
        assert page.url.endswith("/dat-lich/" + code)
        page.screenshot(path=str(screens / "booking-phone.png"), full_page=True)
    assert len(code) == 6 and not set(code) & set("0O1I")

    h, app = kiosk(client=ServerClient(server.url, token, timeout=5))
    h.tap_text("Tôi đã đặt lịch hẹn")                  # by the keypad
    assert app.screen == F.CHECK_IN
    for letter in code:
        h.tap(h.button(letter, exact=True), frames=0)
    h.pump(2)
    h.screenshot(screens / "kiosk-check-in.png")
    h.tap_text("Xác nhận")
    h.wait_until(lambda: app.screen == F.TICKET, what="the appointment ticket")
    by_keypad = app.flow.ticket
    assert by_keypad["appointment"] is True and app.screens[F.TICKET].check_in_text == ON_TIME
    h.screenshot(screens / "kiosk-check-in-ticket.png")

    app.go_home()                                        # the same booking again, by scanner: no second ticket
    type_keystrokes(h.window, f"{server.url}/dat-lich/{code}")
    h.wait_until(lambda: app.screen == F.TICKET, what="the existing ticket")
    assert app.flow.ticket["id"] == by_keypad["id"] and app.screens[F.TICKET].check_in_text == ALREADY

    # the slot nearest now: the first one may have closed for booking while the kiosk steps ran
    other_day, other_slot = next_slot(server)
    other = requests.post(f"{server.url}/api/public/appointments",
                          json={"procedure_code": BIRTH, "day": other_day, "slot": other_slot}, timeout=10).json()["code"]
    app.go_home()
    type_keystrokes(h.window, other, gap=0.12)          # typed by hand on a keyboard: not a scan
    h.pump(3)
    assert app.screen == F.HOME
    type_keystrokes(h.window, f"{server.url}/dat-lich/{other}")     # scanned
    h.wait_until(lambda: app.screen == F.TICKET and app.flow.ticket["id"] != by_keypad["id"],
                 what="the scanned booking's ticket")
    by_scanner = app.flow.ticket
    assert by_scanner["appointment"] is True

    staff = login(server.url)
    called = [requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).json()["id"]
              for _ in range(3)]
    assert called == [by_keypad["id"], by_scanner["id"], walk_in["id"]]   # appointments: at most 2 of 4 calls
    report = requests.get(f"{server.url}/api/appointments/report", params={"from": day, "to": other_day},
                          headers=staff, timeout=10).json()
    assert report["appointments"]["tickets"] == 2 and report["walk_ins"]["tickets"] == 1
    assert report["bookings"]["on_time"] == 2 and report["bookings"]["punctuality"] == 1.0


def test_a_scanned_id_card_preselects_elderly_and_leaves_no_trace(centre, kiosk, tmp_path, caplog):
    from kiosk.sync.sync_client import SyncClient
    server, token, folder = centre
    journal = tmp_path / "kiosk-journal.db"
    client = SyncClient.from_config(kiosk_config(), server.url, token, journal, timeout=5)
    h, app = kiosk(client=client)
    app.open_procedure(BIRTH)
    h.tap_text("Lấy số thứ tự")
    assert app.screen == F.PRIORITY
    type_keystrokes(h.window, CARD)
    h.pump(2)
    elderly = h.button("✓ Người cao tuổi")
    assert "60 tuổi trở lên" in app.screens[F.PRIORITY].status_text
    h.tap(elderly)
    h.wait_until(lambda: app.screen == F.TICKET, what="the priority ticket")
    ticket = app.flow.ticket
    assert ticket["priority"] == "elderly"
    app.go_home()
    type_keystrokes(h.window, "hello-world-not-a-card")          # refused calmly
    h.pump(2)
    client.close()

    written = [folder, tmp_path, Path(os.environ["KIVY_HOME"])]
    found = traces(written, extra=caplog.text)
    assert found == [] and ticket_is_in(written, ticket)   # the search does read the files
    server.stop()                                                   # its log, and the files after close
    log = server.process.stderr.read().decode("utf-8", "replace")
    assert traces(written, extra=log) == []


def kiosk_config():
    from kiosk.config import load_config
    return load_config()


def traces(folders: list[Path], extra: str = "") -> list[str]:
    """Every (file, trace) where a piece of the card shows up, in any file under the folders."""
    found = []
    for folder in folders:
        for path in Path(folder).rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                found += [f"{path}: {t}" for t in CARD_TRACES if t.encode("utf-8") in data]
    return found + [f"log: {t}" for t in CARD_TRACES if t in extra]


def ticket_is_in(folders, ticket) -> bool:
    data = b"".join(p.read_bytes() for f in folders for p in Path(f).rglob("*") if p.is_file())
    return ticket["public_id"].encode() in data
