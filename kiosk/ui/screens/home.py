from __future__ import annotations

from kivy.clock import Clock
from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView

from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import TileButton

NOTICE_SECONDS = 20


class HomeNotice(ModalView):
    """A short message over home (a citizen brought back because their procedure was
    retired): it covers nothing for long and moves no button; a tap or time closes it."""
    text = StringProperty("")


class HomeScreen(KioskScreen):
    """Greeting, the most requested procedures as big buttons, browse by field, search.
    `notice`, when set, is shown over the screen until read or the citizen moves on."""
    codes = ListProperty([])
    notice = StringProperty("")
    notice_view = None
    _notice_timer = None

    def on_landscape(self, *_):
        if self.app:
            self.refresh()

    def on_notice(self, *_):
        if self._notice_timer is not None:
            self._notice_timer.cancel()
        if self.notice_view is not None:
            view, self.notice_view = self.notice_view, None
            view.dismiss(animation=False)
        if self.notice:
            self.notice_view = HomeNotice(text=self.notice)
            self.notice_view.bind(on_dismiss=lambda *_: setattr(self, "notice", ""))
            self.notice_view.open(animation=False)
            self._notice_timer = Clock.schedule_once(lambda _dt: setattr(self, "notice", ""), NOTICE_SECONDS)

    def on_leave(self, *_):
        self.notice = ""

    def refresh(self) -> None:
        self.codes = self.app.most_requested_codes()
        grid = self.ids.grid
        grid.clear_widgets()
        for code in self.codes:
            button = TileButton(text=self.app.procedure_name(code))
            button.code = code
            button.bind(on_release=lambda b: self.app.open_procedure(b.code))
            grid.add_widget(button)
