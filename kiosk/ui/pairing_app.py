"""The app an unpaired kiosk or display runs: the pairing screen, until the code is accepted.

It looks for the server (the --server URL, else zeroconf, again every RETRY_SECONDS while none
answers), exchanges the code in a worker thread and keeps the token (kiosk/sync/credentials.py).
Then `on_paired` runs (the command restarts itself, now paired). The token is never shown or
logged."""
from __future__ import annotations

import logging
import threading

from kivy.app import App
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import ScreenManager

from kiosk.discovery import NOT_FOUND_MESSAGE, Finder, ServerNotFound, server_url
from kiosk.sync.client import ApiError, ServerUnavailable
from kiosk.sync.credentials import pair_device

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
FIND_SECONDS = 3.0


class PairingRoot(BoxLayout):
    sm = ObjectProperty(None)


class PairingApp(App):
    title = "Ghép nối thiết bị"

    def __init__(self, credentials, finder: Finder, server: str | None = None, on_paired=None, **kwargs):
        super().__init__(**kwargs)
        self.credentials, self.finder, self.explicit_server = credentials, finder, server
        self.on_paired = on_paired or (lambda paired: None)
        self.server: str | None = None
        self.paired: dict | None = None
        self.screen = "pairing"

    def build(self):
        from kiosk.ui.app import UI_DIR, load_kv
        from kiosk.ui.screens.pairing import PairingScreen
        load_kv()                      # fonts and the shared widgets
        Builder.load_file(str(UI_DIR / "screens" / "pairing.kv"))
        root = PairingRoot()
        root.sm = ScreenManager()
        root.add_widget(root.sm)
        self.pairing_screen = PairingScreen(name="pairing")
        root.sm.add_widget(self.pairing_screen)
        return root

    def on_start(self):
        self._find_server()

    def _find_server(self, *_):
        self.pairing_screen.say("Đang tìm máy chủ trong mạng nội bộ…")
        threading.Thread(target=self._look, name="find-server", daemon=True).start()

    def _look(self) -> None:
        try:
            url = server_url(self.explicit_server, self.finder, FIND_SECONDS)
        except ServerNotFound:
            Clock.schedule_once(lambda _dt: self._not_found())
            return
        Clock.schedule_once(lambda _dt: self._found(url))

    def _not_found(self) -> None:
        self.pairing_screen.say(NOT_FOUND_MESSAGE, "error")
        Clock.schedule_once(self._find_server, RETRY_SECONDS)

    def _found(self, url: str) -> None:
        self.server = url
        self.pairing_screen.say(f"Đã tìm thấy máy chủ {url}. Mời nhập mã.")

    def pair(self, code: str) -> None:
        """Called by the screen's “Ghép nối” key with 6 digits."""
        if self.server is None:
            self.pairing_screen.say(NOT_FOUND_MESSAGE, "error")
            return
        self.pairing_screen.busy = True
        self.pairing_screen.say("Đang ghép nối…")
        threading.Thread(target=self._exchange, args=(code,), name="pair", daemon=True).start()

    def _exchange(self, code: str) -> None:
        try:
            paired = pair_device(code, self.server, self.finder, self.credentials)
        except ApiError as error:
            message = error.message or "Mã ghép nối không đúng."
            Clock.schedule_once(lambda _dt: self._refused(message))
            return
        except (ServerUnavailable, ServerNotFound) as error:
            log.warning("pairing: server unreachable (%s)", error)
            Clock.schedule_once(lambda _dt: self._refused("Không kết nối được máy chủ. Vui lòng thử lại."))
            return
        Clock.schedule_once(lambda _dt: self._done(paired))

    def _refused(self, message: str) -> None:
        screen = self.pairing_screen
        screen.busy = False
        screen.code = ""
        screen.say(message, "error")

    def _done(self, paired: dict) -> None:
        self.paired = paired
        self.pairing_screen.say(f"Đã ghép nối thiết bị {paired['device']['name']}. Đang khởi động…")
        Clock.schedule_once(lambda _dt: self.on_paired(paired), 1.5)
