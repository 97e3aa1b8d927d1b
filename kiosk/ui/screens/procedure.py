from __future__ import annotations

from kivy.properties import BooleanProperty, DictProperty, ObjectProperty, StringProperty

from kiosk.core.wording import bring_message, optional_message
from kiosk.ui.flow import localized
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Body, DocumentItem


class ProcedureScreen(KioskScreen):
    """Name, documents to bring, time, fee, portal QR code; listen, print, take a number.

    The information scrolls as one page only when it is taller than the screen; then a
    "Xem tiếp" button beside the actions says so and pages through it."""
    procedure = DictProperty({})
    name_text = StringProperty("")
    time_text = StringProperty("")
    fee_text = StringProperty("")
    qr_data = StringProperty("")
    leaflet_status = StringProperty("")
    sound_status = StringProperty("")
    overflow = BooleanProperty(False)
    at_end = BooleanProperty(False)
    scroller = ObjectProperty(None)
    content = ObjectProperty(None)
    shown = 0                      # counts refreshes, so late results know the page was redrawn

    def refresh(self) -> None:
        app = self.app
        procedure = app.procedure(app.flow.procedure_code) or {}
        self.procedure = procedure
        self.shown += 1
        lang = app.lang
        self.name_text = localized(procedure, "name", lang)
        self.time_text = localized(procedure, "processing_time", lang) or self.tr("Theo quy định")
        self.fee_text = localized(procedure, "fee", lang) or self.tr("Theo quy định")
        if procedure.get("fee_example") and lang == "vi":
            self.fee_text += f"\nVí dụ: {procedure['fee_example']}"
        self.qr_data = app.catalogue.portal_url(procedure) if procedure else ""
        self.leaflet_status = self.sound_status = ""
        box = self.ids.documents
        box.clear_widgets()
        documents = procedure.get("documents") or []
        if not documents:
            box.add_widget(Body(text=self.tr("Ông/bà hỏi nhân viên tại quầy về giấy tờ cần mang.")))
        for document in documents:
            detail = " · ".join(filter(None, (self.tr_message(bring_message(document)),
                                               self.tr_message(optional_message(document)))))
            box.add_widget(DocumentItem(text=localized(document, "name", lang), detail=detail))
        if self.scroller is not None:
            self.scroller.scroll_y = 1

    def update_scroll(self) -> None:
        if self.scroller is None or self.content is None:
            return
        room_for_more_button = self.content.padding[3]
        self.overflow = self.content.height - room_for_more_button > self.scroller.height + 1
        self.at_end = self.overflow and self.scroller.scroll_y <= 0.001

    def scroll_on(self) -> None:
        """A page further down (most of a screen, so a line cut at the edge shows whole), or
        back to the top from the end."""
        scroller = self.scroller
        if self.at_end:
            scroller.scroll_y = 1
            return
        hidden = self.content.height - scroller.height
        step = 0.8 * scroller.height / hidden if hidden > 0 else 1
        scroller.scroll_y = max(0.0, scroller.scroll_y - step)
