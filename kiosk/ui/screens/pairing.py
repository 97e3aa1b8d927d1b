"""“Nhập mã ghép nối”: an unpaired kiosk or display asks for the 6-digit code shown on the
admin's Devices page (or printed by `main.py device add`), on a large on-screen keypad.
The screen holds the digits typed and the status line; its app (kiosk/ui/pairing_app.py)
finds the server and exchanges the code off the UI thread."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.core.pairing import CODE_DIGITS


class PairingScreen(Screen):
    code = StringProperty("")
    shown_code = StringProperty("_ _ _   _ _ _")
    status_text = StringProperty("")
    status_kind = StringProperty("notice")
    busy = BooleanProperty(False)

    def on_code(self, *_):
        slots = [self.code[i] if i < len(self.code) else "_" for i in range(CODE_DIGITS)]
        self.shown_code = " ".join(slots[:3]) + "   " + " ".join(slots[3:])

    def press(self, digit: str) -> None:
        if not self.busy and len(self.code) < CODE_DIGITS:
            if self.status_kind == "error":      # typing again: the refusal was read
                self.say("")
            self.code += digit

    def erase(self) -> None:
        if not self.busy:
            self.code = self.code[:-1]

    def submit(self) -> None:
        if self.busy:
            return
        if len(self.code) != CODE_DIGITS:
            self.say(f"Mã ghép nối gồm {CODE_DIGITS} chữ số.", "error")
            return
        App.get_running_app().pair(self.code)

    def say(self, text: str, kind: str = "notice") -> None:
        self.status_text, self.status_kind = text, kind
