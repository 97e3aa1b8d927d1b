from __future__ import annotations

from kivy.properties import DictProperty, StringProperty

from kiosk.ui.flow import localized
from kiosk.ui.screens.base import KioskScreen
from kiosk.ui.widgets import Body, CheckItem


class ProcedureScreen(KioskScreen):
    """Name, documents to bring, time, fee, portal QR code; listen, print, take a number."""
    procedure = DictProperty({})
    name_text = StringProperty("")
    time_text = StringProperty("")
    fee_text = StringProperty("")
    qr_data = StringProperty("")
    leaflet_status = StringProperty("")

    def refresh(self) -> None:
        app = self.app
        procedure = app.procedure(app.flow.procedure_code) or {}
        self.procedure = procedure
        lang = app.lang
        self.name_text = localized(procedure, "name", lang)
        self.time_text = localized(procedure, "processing_time", lang) or self.tr("Theo quy định")
        self.fee_text = localized(procedure, "fee", lang) or self.tr("Theo quy định")
        self.qr_data = app.catalogue.portal_url(procedure) if procedure else ""
        self.leaflet_status = ""
        box = self.ids.documents
        box.clear_widgets()
        documents = procedure.get("documents") or []
        if not documents:
            box.add_widget(Body(text=self.tr("Ông/bà hỏi nhân viên tại quầy về giấy tờ cần mang.")))
        for document in documents:
            counts = self.tr("Bản chính: {originals} · Bản sao: {copies}",
                             originals=document.get("originals", 0), copies=document.get("copies", 0))
            if document.get("required") is False:
                counts += " · " + self.tr("nếu có")
            box.add_widget(CheckItem(text=localized(document, "name", lang), detail=counts))
