from __future__ import annotations

from kivy.properties import StringProperty

from kiosk import ASSETS
from kiosk.ui.flow import PRIORITY_CHOICES
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import IconButton

ICONS = ASSETS / "icons"
OFFLINE_MESSAGE = ("Chưa lấy được số vì máy chưa kết nối được với máy chủ. "
                   "Ông/bà vui lòng chạm lại để thử lần nữa, hoặc báo nhân viên tại quầy.")


class PriorityScreen(KioskScreen):
    """One question before the ticket: does the citizen belong to a priority group?"""
    status_text = StringProperty("")
    status_kind = StringProperty("notice")

    def refresh(self) -> None:
        box = self.ids.choices
        box.clear_widgets()
        for value, label, icon in PRIORITY_CHOICES:
            button = IconButton(text=self.tr(label), icon=str(ICONS / icon), style="secondary")
            button.priority = value
            button.bind(on_release=lambda b: self.app.issue(b.priority))
            box.add_widget(button)
        self.show_issue_state()

    def show_issue_state(self) -> None:
        issue = self.app.flow.issue
        self.status_kind = "notice"
        if issue.status == "pending":
            self.status_text = self.tr("Đang lấy số, ông/bà chờ một chút...")
        elif issue.status == "failed" and issue.error == "offline":
            self.status_text = self.tr(OFFLINE_MESSAGE)
        elif issue.status == "failed":
            self.status_kind = "error"
            self.status_text = issue.message or self.tr("Chưa lấy được số. Ông/bà vui lòng báo nhân viên tại quầy.")
        else:
            self.status_text = ""
