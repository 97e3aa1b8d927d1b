from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.core.booking_codes import ALPHABET, LENGTH
from kiosk.ui.screens.base import KioskScreen

KEY_ROWS = [ALPHABET[i:i + 8] for i in range(0, len(ALPHABET), 8)]


class CheckInScreen(KioskScreen):
    """"Tôi đã đặt lịch hẹn": the booking code on a large keypad (or a scan), then the ticket."""
    code = StringProperty("")
    shown = StringProperty("_ _ _   _ _ _")
    status_text = StringProperty("")
    status_kind = StringProperty("notice")

    def on_kv_post(self, _base):
        from kivy.factory import Factory
        from kivy.uix.boxlayout import BoxLayout
        from kiosk.ui import theme as T
        for letters in KEY_ROWS:
            row = BoxLayout(spacing=12, size_hint_y=None, height=T.KEY)
            for letter in letters:
                key = Factory.KeyButton(text=letter)
                key.bind(on_release=lambda _k, l=letter: self.key(l))
                row.add_widget(key)
            self.ids.keypad.add_widget(row)

    def key(self, letter: str) -> None:
        if len(self.code) < LENGTH:
            self.code += letter
            self.status_text = ""

    def backspace(self) -> None:
        self.code = self.code[:-1]

    def clear(self) -> None:
        self.code = ""

    def on_code(self, *_):
        """The code typed so far in boxes: "K 7 M   4 _ _"."""
        padded = (self.code + "_" * LENGTH)[:LENGTH]
        self.shown = " ".join(padded[:3]) + "   " + " ".join(padded[3:])

    def submit(self) -> None:
        if len(self.code) == LENGTH:
            self.app.appointments.check_in(self.code)

    def show(self, text: str, kind: str = "notice") -> None:
        self.status_text, self.status_kind = text, kind

    def refresh(self) -> None:
        pending = self.app.appointments.pending
        if pending:
            self.show(self.tr("Đang kiểm tra lịch hẹn, ông/bà chờ một chút..."))
