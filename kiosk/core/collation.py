"""Vietnamese alphabetical order for every list shown to people (fields, procedures, staff).

Python's own order compares code points, so "Đất đai" (U+0110) lands after "Văn hóa". ICU's
Vietnamese collation (CLDR `vi`) orders the letters a ă â b c d đ e ê … o ô ơ … u ư … y and,
for otherwise equal words, the tones (none, grave, hook, tilde, acute, dot).
"""
from __future__ import annotations

from typing import Callable, Iterable, TypeVar

import icu

T = TypeVar("T")

_COLLATOR = icu.Collator.createInstance(icu.Locale("vi_VN"))


def sort_key(text: str | None) -> bytes:
    """The key that sorts `text` in Vietnamese order (None and "" first)."""
    return _COLLATOR.getSortKey(text or "")


def sorted_vi(items: Iterable[T], key: Callable[[T], str | None] = lambda item: item) -> list[T]:
    """`items` in Vietnamese order of `key(item)`."""
    return sorted(items, key=lambda item: sort_key(key(item)))
