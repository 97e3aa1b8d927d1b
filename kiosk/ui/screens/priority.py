from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import ASSETS
from kiosk.ui.flow import PRIORITY_CHOICES
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui import theme as T
from kiosk.ui.widgets import IconButton

ICONS = ASSETS / "icons"
OFFLINE_MESSAGE = ("Chưa lấy được số vì máy chưa kết nối được với máy chủ. "
                   "Ông/bà vui lòng chạm lại để thử lần nữa, hoặc báo nhân viên tại quầy.")


CARD_NOTE = ("Theo thẻ căn cước, ông/bà từ 60 tuổi trở lên: máy đã chọn sẵn \"Người cao tuổi\". "
             "Ông/bà vẫn có thể chọn khác.")


class PriorityScreen(KioskScreen):
    """One question before the ticket: does the citizen belong to a priority group?"""
    status_text = StringProperty("")
    status_kind = StringProperty("notice")

    def on_landscape(self, *_):
        if self.app:
            self.refresh()

    def refresh(self) -> None:
        box = self.ids.choices
        box.clear_widgets()
        for value, label, icon in PRIORITY_CHOICES:
            button = IconButton(text=self.tr(label), icon=str(ICONS / icon), style="secondary",
                                min_height=T.KEY if self.landscape else T.TOUCH)
            button.priority = value
            if value == self.app.appointments.suggested_priority:      # from a scanned ID card
                button.style, button.text = "go", "✓ " + button.text
            button.bind(on_release=lambda b: self.app.issue(b.priority))
            box.add_widget(button)
        self.show_issue_state()

    def show_issue_state(self) -> None:
        issue = self.app.flow.issue
        self.status_kind = "notice"
        if issue.status == "pending":
            self.status_text = self.tr("Đang lấy số, ông/bà chờ một chút...")
        elif issue.status == "failed" and issue.error == "offline":
            self.status_text = (issue.message if issue.message and self.app.lang == "vi"
                                else self.tr(OFFLINE_MESSAGE))
        elif issue.status == "failed":
            self.status_kind = "error"
            self.status_text = issue.message or self.tr("Chưa lấy được số. Ông/bà vui lòng báo nhân viên tại quầy.")
        else:
            self.status_text = self.tr(CARD_NOTE) if self.app.appointments.suggested_priority else ""
