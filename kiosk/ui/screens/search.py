from __future__ import annotations

from kivy.properties import ListProperty, StringProperty

from kiosk.ui import deps
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import BigButton
from kiosk.ui import theme as T

MAX_QUERY = 40


class SearchScreen(KioskScreen):
    """An on-screen keyboard; results ranked by the core search, shown as big buttons."""
    query = StringProperty("")
    result_codes = ListProperty([])

    def key(self, letter: str) -> None:
        if len(self.query) < MAX_QUERY and not (letter == " " and self.query.endswith(" ")):
            self.query += letter

    def backspace(self) -> None:
        self.query = self.query[:-1]

    def clear(self) -> None:
        self.query = ""

    def on_query(self, *_):
        self.refresh()

    def on_landscape(self, *_):
        self.refresh()

    def refresh(self) -> None:
        if not self.app:
            return
        limit = 2 if self.landscape else 3
        self.result_codes = self.app.catalogue.search(self.query, limit=limit,
                                                     synonyms=deps.synonyms_of(self.app.client))
        box = self.ids.results
        box.clear_widgets()
        for code in self.result_codes:
            button = BigButton(text=self.app.procedure_name(code), style="primary",
                               size_hint_y=None, min_height=T.TOUCH + 20)
            button.code = code
            button.bind(on_release=lambda b: self.app.open_procedure(b.code))
            box.add_widget(button)
