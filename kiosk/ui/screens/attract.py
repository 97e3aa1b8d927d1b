from __future__ import annotations

from kivy.properties import ListProperty

from kiosk.ui.flow import localized
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Body


class AttractScreen(KioskScreen):
    """The idle loop: greeting, live waits per service; any touch returns to home."""
    rows = ListProperty([])

    def on_touch_down(self, touch):
        if self.app and self.manager and self.manager.current == self.name:
            # the language chips of the header are outside this screen, so any touch here
            self.app.go_home()
            return True
        return super().on_touch_down(touch)

    def on_rows(self, *_):
        self.refresh()

    def refresh(self) -> None:
        box = self.ids.waits
        box.clear_widgets()
        lang = self.app.lang
        for row in self.rows:
            name = localized(row, "name", lang) or row.get("id", "")
            if row.get("waiting") == 0:
                detail = self.tr("không có ai đang chờ")
            elif row.get("estimated_wait_minutes") is not None and row["estimated_wait_minutes"] < 1:
                detail = self.tr("{waiting} người đang chờ · sắp đến lượt", waiting=row.get("waiting") or 0)
            elif row.get("estimated_wait_minutes") is not None:
                detail = self.tr("{waiting} người đang chờ · khoảng {minutes} phút",
                                 waiting=row.get("waiting") or 0, minutes=row["estimated_wait_minutes"])
            elif row.get("waiting") is not None:
                detail = self.tr("{waiting} người đang chờ", waiting=row["waiting"])
            else:
                detail = ""
            box.add_widget(Body(text=f"{name}:  {detail}", bold=False))
