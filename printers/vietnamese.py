"""Vietnamese text for printers: NFC, dates, and the two code pages printers may have.

Raster mode needs none of the code-page helpers; they serve `text_mode: codepage` for a
printer that really has a Vietnamese code page.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def format_time_of_issue(moment: datetime) -> str:
    """'08:15 – Chủ nhật, 22/11/2026': 24-hour time, weekday, day/month/year."""
    return f"{moment:%H:%M} – {WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y}"


def to_cp1258(text: str) -> bytes:
    """Encode for a CP1258 code page without losing a letter to '?'.

    CP1258 holds few precomposed Vietnamese letters; the rest are a base letter followed by
    one of its five combining tone marks. Python's cp1258 codec refuses 'ế', so decompose,
    recompose the base vowel (ê, ơ, ...) where CP1258 has it, and append the tone mark.
    """
    out = bytearray()
    for char in nfc(text):
        out += _cp1258_char(char)
    return bytes(out)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"   # huyền, sắc, ngã, hỏi, nặng


def _cp1258_char(char: str) -> bytes:
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        pass
    parts = unicodedata.normalize("NFD", char)
    # NFD orders the dot below before the breve or circumflex (ặ = a + dot + breve), so pick
    # the tone out by name, recompose the rest (a + breve -> ă) and put the tone last.
    tones = "".join(mark for mark in parts if mark in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in TONE_MARKS))
    try:
        return (base + tones).encode("cp1258")
    except UnicodeEncodeError:
        return b"?"


def from_cp1258(data: bytes) -> str:
    """Decode CP1258 bytes back to NFC text (what a CP1258 printer shows)."""
    return nfc(data.decode("cp1258"))


# python-escpos's TCVN-3 tables spell Đ as U+00D0 (Icelandic Eth) and hold no typographic
# punctuation; ASCII stands in for it.
_TCVN_ALIASES = str.maketrans({"Đ": "Ð", "–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'"})


def for_tcvn3(text: str) -> str:
    """Text ready for python-escpos's TCVN-3-1/-2 tables (lower and upper case)."""
    return nfc(text).translate(_TCVN_ALIASES)
