"""Palette contrast (WCAG AAA), minimum sizes, and the English gettext catalogue."""
import gettext
import re
import unicodedata

import pytest

from kiosk.ui import i18n, theme as T


@pytest.mark.parametrize("fg,bg", T.CONTRAST_PAIRS)
def test_every_colour_pair_meets_aaa(fg, bg):
    assert T.contrast_ratio(T.HEX[fg], T.HEX[bg]) >= 7.0


def test_contrast_formula_on_known_values():
    assert T.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert T.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_size_constants_meet_the_minimums():
    assert min(T.SMALL, T.BODY, T.BUTTON) >= T.MIN_BODY == 28
    assert min(T.HEADING, T.TITLE) >= T.MIN_HEADING == 48
    assert min(T.TOUCH, T.KEY) >= T.MIN_TOUCH == 120


def _po_entries():
    po = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.po"
    return i18n.parse_po(po.read_text(encoding="utf-8"))


def test_every_ui_string_has_an_english_translation():
    entries = _po_entries()
    missing = sorted(m for m in i18n.extract_msgids() if not entries.get(m))
    assert missing == []


def test_translations_keep_placeholders():
    for msgid, msgstr in _po_entries().items():
        if msgid:
            assert set(re.findall(r"{(\w+)}", msgid)) == set(re.findall(r"{(\w+)}", msgstr)), msgid


def test_compiled_mo_matches_the_po(tmp_path):
    mo = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.mo"
    with mo.open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    for msgid, msgstr in _po_entries().items():
        if msgid:
            assert shipped.gettext(msgid) == msgstr, f"stale kiosk.mo: run python -m kiosk.ui.i18n compile ({msgid})"


def test_lookup_goes_through_gettext():
    assert i18n.translate("en", "Lấy số thứ tự") == "Take a number"
    assert i18n.translate("vi", "Lấy số thứ tự") == "Lấy số thứ tự"
    assert i18n.translate("en", "Trang {page}/{pages}", page=2, pages=3) == "Page 2/3"
    assert i18n.translate("en", "a string nobody translated") == "a string nobody translated"


def test_ui_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Lấy số thứ tự")
    assert i18n.translate("en", decomposed) == unicodedata.normalize("NFC", decomposed)


def test_mo_writer_round_trip(tmp_path):
    path = tmp_path / "x.mo"
    i18n.write_mo({"": "Content-Type: text/plain; charset=UTF-8\n", "Xin chào": "Hello", "Số {n}": "No. {n}"}, path)
    with path.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Xin chào") == "Hello"
    assert catalogue.gettext("Số {n}") == "No. {n}"
