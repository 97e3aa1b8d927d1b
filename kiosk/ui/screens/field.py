from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.ui.screens.base import KioskScreen


class FieldScreen(KioskScreen):
    """The procedures of one field, a page at a time."""
    title = StringProperty("")

    def refresh(self) -> None:
        field = self.app.flow.field_name or ""
        self.title = self.tr(field)
        self.ids.paged.items = [(self.app.procedure_name(code), lambda c=code: self.app.open_procedure(c))
                                for code in self.app.catalogue.codes_in_field(field)]
