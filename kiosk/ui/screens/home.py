from __future__ import annotations

from kivy.properties import ListProperty, StringProperty

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import BigButton
from kiosk.ui import theme as T


class HomeScreen(KioskScreen):
    """Greeting, the most requested procedures as big buttons, browse by field, search.
    `notice` tells a citizen who was brought back here why (their procedure was retired)."""
    codes = ListProperty([])
    notice = StringProperty("")

    def on_leave(self, *_):
        self.notice = ""

    def on_landscape(self, *_):
        if self.app:
            self.refresh()

    def refresh(self) -> None:
        self.codes = self.app.most_requested_codes()
        grid = self.ids.grid
        grid.clear_widgets()
        for code in self.codes:
            button = BigButton(text=self.app.procedure_name(code), style="primary",
                               size_hint_y=None, min_height=T.TOUCH + (50 if self.landscape else 80))
            button.code = code
            button.bind(on_release=lambda b: self.app.open_procedure(b.code))
            grid.add_widget(button)
