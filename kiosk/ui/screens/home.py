from __future__ import annotations

from kivy.properties import ListProperty

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import BigButton
from kiosk.ui import theme as T


class HomeScreen(KioskScreen):
    """Greeting, the most requested procedures as big buttons, browse by field, search."""
    codes = ListProperty([])

    def refresh(self) -> None:
        self.codes = self.app.most_requested_codes()
        grid = self.ids.grid
        grid.clear_widgets()
        for code in self.codes:
            button = BigButton(text=self.app.procedure_name(code), style="primary",
                               size_hint_y=None, min_height=T.TOUCH + 60)
            button.code = code
            button.bind(on_release=lambda b: self.app.open_procedure(b.code))
            grid.add_widget(button)
