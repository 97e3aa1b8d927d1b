from __future__ import annotations

from kiosk.ui.screens.base import KioskScreen


class FieldsScreen(KioskScreen):
    """The fields (lĩnh vực) of the catalogue, as big buttons."""

    def refresh(self) -> None:
        self.ids.paged.items = [(self.tr(name), lambda n=name: self.app.open_field(n))
                                for name in self.app.catalogue.fields()]
