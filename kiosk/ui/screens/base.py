"""The base of every kiosk screen: orientation, language refresh, access to the app."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen


class KioskScreen(Screen):
    landscape = BooleanProperty(False)

    @property
    def app(self):
        return App.get_running_app()

    def on_size(self, _instance, size):
        self.landscape = size[0] > size[1]

    def tr(self, msgid: str, **values) -> str:
        return self.app.tr(self.app.lang, msgid, **values)

    def tr_message(self, message) -> str:
        """A kiosk.core.wording Message in the screen's language ("" for None)."""
        return self.tr(message.msgid, **message.values) if message is not None else ""

    def refresh(self) -> None:
        """Rebuild data-driven content (called on entering and when the language changes)."""
