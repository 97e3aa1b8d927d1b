"""The procedures a kiosk shows, and every way its screens look them up. No Kivy.

One object per catalogue version: a refresh (kiosk/ui/catalogue_refresh.py) swaps in a new
one, so home, the field lists, search, the procedure screen, the guidance read aloud and the
leaflet all read the same records.
"""
from __future__ import annotations

from kiosk.core.collation import sort_key
from kiosk.ui import deps
from kiosk.ui.flow import localized


class KioskCatalogue:
    def __init__(self, procedures: list[dict], config):
        self.procedures = procedures
        self.config = config            # the centre's Config: services' order, most requested, portal links
        self.by_code = {p["code"]: p for p in procedures}
        self._search_index = deps.SearchIndex(procedures)

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def procedure(self, code: str | None) -> dict | None:
        return self.by_code.get(code) if code else None

    def name(self, code: str, lang: str) -> str:
        return localized(self.by_code.get(code) or {"name": code}, "name", lang)

    def portal_url(self, procedure: dict) -> str:
        return deps.portal_url(procedure, self.config.server)

    def most_requested_codes(self) -> list[str]:
        codes = [c for c in self.config.kiosk.most_requested if c in self.by_code]
        if not codes:
            codes = [p["code"] for p in self.procedures if p.get("most_requested")]
        return codes[:8]

    def fields(self) -> list[str]:
        """Fields in Vietnamese alphabetical order."""
        return sorted({p["field"] for p in self.procedures if p.get("field")}, key=sort_key)

    def codes_in_field(self, field: str) -> list[str]:
        """The most requested first (in the centre's order), then the others by name."""
        top = self.config.kiosk.most_requested
        codes = [p["code"] for p in self.procedures if p.get("field") == field]
        return sorted(codes, key=lambda c: (top.index(c) if c in top else len(top),
                                            sort_key(self.by_code[c].get("name", ""))))

    def search(self, query: str, limit: int = 4, synonyms=None) -> list[str]:
        """`synonyms`: the rules the sync client last fetched (None: the bundled ones)."""
        return self._search_index.codes(query, limit=limit, synonyms=synonyms)
