"""Folding Vietnamese text to the plain words the search compares.

Diacritics go ("Chứng thực" -> "chung thuc"), đ becomes d, and a final y after a consonant
becomes i, because Vietnamese writes those syllables both ways: ký/kí, lý/lí, mỹ/mĩ, sỹ/sĩ,
quý/quí. Other y's stay (tay is not tai, thủy is not thủi, yêu is not iêu).
"""
from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_FINAL_Y = re.compile(r"\b(qu|[bcdghklmnprstvx]h?|ngh?|tr)y\b")


def fold(text: str) -> str:
    """Lowercase ASCII words: "Chứng thực bản sao" -> "chung thuc ban sao", "Đăng ký" -> "dang ki"."""
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return _FINAL_Y.sub(r"\1i", _NOT_WORD.sub(" ", stripped).strip())


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1:]
    swapped = start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
    return a[start + 1:] == b[start + 1:] or (swapped and a[start + 2:] == b[start + 2:])
