"""The kiosk's pairing screen: keypad taps, a wrong code refused in Vietnamese, the right one
stored in the journal; the token never reaches the log or the console."""
import logging
import re

import pytest

from kiosk.ui.harness import prepare_kivy
from tests.support import LiveServer, run_cli

prepare_kivy(1080, 1920)

from kiosk.discovery import DummyFinder  # noqa: E402
from kiosk.sync.credentials import JournalCredentials  # noqa: E402
from kiosk.ui.harness import Harness  # noqa: E402
from kiosk.ui.pairing_app import PairingApp  # noqa: E402

pytestmark = pytest.mark.slow


def type_code(harness, code: str) -> None:
    for digit in code:
        harness.tap_text(digit, exact=True)
    harness.tap_text("Ghép nối", exact=True)


def test_an_unpaired_kiosk_pairs_on_its_keypad(tmp_path, screens, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "centre.db"
    code = re.search(r": (\d{6}) ", run_cli("device", "add", "kiosk-2", "--role", "kiosk", db=db)).group(1)
    journal = tmp_path / "kiosk.db"
    with LiveServer(db) as server:
        finder = DummyFinder([server.url])
        done = []
        app = PairingApp(JournalCredentials(journal), finder, on_paired=done.append)
        harness = Harness(app).start()
        try:
            screen = app.pairing_screen
            harness.wait_until(lambda: app.server == server.url, 10, "the server found")
            assert finder.searches and screen.status_text == f"Đã tìm thấy máy chủ {server.url}. Mời nhập mã."
            wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
            type_code(harness, wrong)
            harness.wait_until(lambda: screen.status_kind == "error", 10, "the refusal")
            assert screen.status_text == "Mã ghép nối không đúng. Vui lòng kiểm tra lại." and screen.code == ""
            for digit in code[:4] + "9":
                harness.tap_text(digit, exact=True)
            harness.tap_text("Xóa", exact=True)                 # the mistyped 9
            assert screen.shown_code == " ".join(code[:3]) + "   " + code[3] + " _ _"
            assert screen.status_text == ""                       # typing again clears the refusal
            harness.screenshot(screens / "kiosk-pairing.png")
            type_code(harness, code[4:])
            harness.wait_until(lambda: done, 10, "pairing to finish")
        finally:
            harness.stop()
    url, token = JournalCredentials(journal).load()
    assert done[0]["device"]["name"] == "kiosk-2" and url == server.url and token.startswith("kiosk.1.")
    captured = capsys.readouterr()
    assert token not in caplog.text + captured.out + captured.err
