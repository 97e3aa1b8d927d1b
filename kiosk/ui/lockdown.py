"""A locked-down kiosk or display (`--locked`, set by `main.py install`): no key, gesture or
window-manager request leaves the app, except the staff escape.

Staff escape: hold a finger (or the mouse) on the top-left corner for 3 seconds; a keypad
asks for the staff PIN (made by the install, /etc/lobby-kiosk/staff-pin, handed over by
systemd as a credential). The right PIN ends the app with status 75, which the unit does not
restart: tty1 gets its login prompt back. No PIN configured: no escape at all.
"""
from __future__ import annotations

from kivy.clock import Clock
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

from kiosk.install.layout import STAFF_EXIT_STATUS
from kiosk.ui import theme as T

CORNER_PX = 90
HOLD_SECONDS = 3.0
MAX_WRONG = 3


def lock_down_config(kivy_config) -> None:
    """Before the window opens: Escape does not quit, no cursor."""
    kivy_config.set("kivy", "exit_on_escape", "0")
    kivy_config.set("graphics", "show_cursor", "0")


def start_service_side(args, role: str) -> "StaffEscape | None":
    """For `kiosk` and `display` run as a service: the token systemd hands over (when no
    --token), the watchdog heartbeat, and with --locked the staff escape. Call after the
    Kivy config is set, before App.run()."""
    from kivy.config import Config as KivyConfig

    from kiosk.service import read_credential
    from kiosk.ui.heartbeat import start_heartbeat
    args.token = args.token or read_credential(f"{role}.token")
    start_heartbeat(status=f"lobby {role} running")
    if not args.locked:
        return None
    lock_down_config(KivyConfig)
    escape = StaffEscape(read_credential("staff-pin"))
    Clock.schedule_once(lambda _dt: escape.attach(_window()), 0)
    return escape


def _stop_the_app() -> None:
    from kivy.app import App
    App.get_running_app().stop()


def _window():
    from kivy.core.window import Window
    return Window


class StaffEscape:
    def __init__(self, pin: str | None, hold_seconds: float = HOLD_SECONDS, corner_px: int = CORNER_PX,
                 on_escape=None):
        self.pin, self.hold_seconds, self.corner_px = pin, hold_seconds, corner_px
        self.on_escape = on_escape or _stop_the_app
        self.requested = False          # the right PIN was typed
        self.pad: PinPad | None = None
        self._hold = None
        self._window = None

    def attach(self, window) -> "StaffEscape":
        self._window = window
        window.bind(on_request_close=self._refuse_close, on_touch_down=self._down, on_touch_up=self._up)
        return self

    def detach(self) -> None:
        self._window.unbind(on_request_close=self._refuse_close, on_touch_down=self._down, on_touch_up=self._up)

    @staticmethod
    def _refuse_close(*_args, **_kwargs) -> bool:
        return True                     # Alt+F4, the window manager's close: refused

    def _in_corner(self, touch) -> bool:
        return touch.x <= self.corner_px and touch.y >= self._window.height - self.corner_px

    def _down(self, _window, touch):
        if self.pin and self.pad is None and self._in_corner(touch):
            self._cancel()
            self._hold = Clock.schedule_once(lambda _dt: self.open_pad(), self.hold_seconds)
        return False                    # the touch still goes to the app

    def _up(self, _window, _touch):
        self._cancel()
        return False

    def _cancel(self) -> None:
        if self._hold is not None:
            self._hold.cancel()
            self._hold = None

    def open_pad(self) -> None:
        self._hold = None
        self.pad = PinPad(len(self.pin), on_pin=self.check, on_close=self._closed)
        self.pad.open()

    def _closed(self) -> None:
        self.pad = None

    def check(self, typed: str) -> bool:
        if typed != self.pin:
            return False
        self.requested = True
        self.on_escape()
        return True

    def exit_status(self, status: int) -> int:
        return STAFF_EXIT_STATUS if self.requested else status


class PinPad(ModalView):
    """Digits, "Xóa" and "Hủy"; closes by itself after MAX_WRONG wrong PINs or 30 s untouched."""

    def __init__(self, length: int, on_pin, on_close, **kwargs):
        super().__init__(size_hint=(None, None), size=(640, 900), auto_dismiss=False, **kwargs)
        self.length, self.on_pin, self.on_close, self.typed, self.wrong = length, on_pin, on_close, "", 0
        box = BoxLayout(orientation="vertical", padding=T.PAD, spacing=T.GAP)
        self.label = Label(text="Nhân viên: nhập mã PIN", font_name=T.FONT_REGULAR, font_size=T.BODY,
                           size_hint_y=None, height=T.TOUCH)
        keys = GridLayout(cols=3, spacing=T.GAP)
        for key in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Xóa", "0", "Hủy"]:
            keys.add_widget(Button(text=key, font_name=T.FONT_REGULAR, font_size=T.BUTTON,
                                   on_release=lambda button: self.press(button.text)))
        box.add_widget(self.label)
        box.add_widget(keys)
        self.add_widget(box)
        self._timeout = Clock.schedule_once(lambda _dt: self.dismiss(), 30)

    def press(self, key: str) -> None:
        self._timeout.cancel()
        self._timeout = Clock.schedule_once(lambda _dt: self.dismiss(), 30)
        if key == "Hủy":
            return self.dismiss()
        self.typed = self.typed[:-1] if key == "Xóa" else self.typed + key
        self.label.text = "•" * len(self.typed) or "Nhân viên: nhập mã PIN"
        if len(self.typed) >= self.length:
            self.submit()

    def submit(self) -> None:
        typed, self.typed = self.typed, ""
        if self.on_pin(typed):
            return self.dismiss()
        self.wrong += 1
        self.label.text = "Mã PIN không đúng"
        if self.wrong >= MAX_WRONG:
            self.dismiss()

    def on_dismiss(self):
        self._timeout.cancel()
        self.on_close()
