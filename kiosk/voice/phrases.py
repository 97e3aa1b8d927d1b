"""The phrases a voice pack records, derived from the speech normaliser: every word it can
put into a number, and the fixed lines of the kiosk and the display, so any announcement the
system makes is covered by clips (a counter's own name is a phrase of its own).

A phrase is known by its words: the normalised text, lower case, without punctuation.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kiosk.speech.announcements import announcement_text
from kiosk.speech.normalise import normalise
from kiosk.speech.numbers import DIGITS, number_to_words

OPENING = "Mời công dân có số thứ tự"
TO_COUNTER = "đến quầy số"
# The kiosk's fixed lines (kiosk/ui): said whole when a clip exists, else word by word.
FIXED_LINES = (
    OPENING,
    TO_COUNTER,
    "xin mời",
    "Xin chào, mời ông/bà chạm vào màn hình để lấy số.",
    "Số thứ tự của ông/bà là",
    "Mời ông/bà ngồi chờ đến lượt.",
    "Mời ông/bà ngồi chờ ở",
    "Mời ông/bà nhận phiếu.",
    "Máy đang mất kết nối, ông/bà vui lòng báo cán bộ để được cấp số.",
)
_WORD = re.compile(r"[^\W_]+(?:/[^\W_]+)?")


@dataclass(frozen=True)
class Phrase:
    words: str   # the key: "mời công dân có số thứ tự"
    shown: str   # what the studio shows in large type
    group: str   # "câu cố định", "số", "quầy"


def words_of(text: str) -> tuple[str, ...]:
    """ "Mời ông/bà nhận phiếu." -> ("mời", "ông/bà", "nhận", "phiếu")."""
    return tuple(_WORD.findall(unicodedata.normalize("NFC", text).lower()))


def key_of(text: str) -> str:
    return " ".join(words_of(text))


def number_words() -> list[str]:
    """Every word number_to_words can say, in both regions: units, mười, mươi, mốt, tư, lăm,
    linh, lẻ, trăm, nghìn, ngàn, triệu, tỷ. Found by reading numbers aloud, not listed by hand,
    so a rule added to the normaliser brings its word here."""
    seen: dict[str, None] = dict.fromkeys(DIGITS)
    samples = list(range(0, 100)) + [101, 105, 1000, 1023, 1_000_000, 1_000_000_000]
    for region in ("north", "south"):
        for number in samples:
            seen.update(dict.fromkeys(number_to_words(number, region).split()))
    return list(seen)


def catalogue(counter_names: list[str] = ()) -> list[Phrase]:
    """All phrases to record, fixed lines first, then number words, then counters' own names."""
    phrases: dict[str, Phrase] = {}
    for line in FIXED_LINES:
        phrases.setdefault(key_of(normalise(line)), Phrase(key_of(normalise(line)), line, "câu cố định"))
    for word in number_words():
        phrases.setdefault(word, Phrase(word, word, "số"))
    for name in counter_names:
        spoken = key_of(normalise(_counter_part(name)))
        if spoken and spoken not in phrases and not spoken.startswith(key_of(TO_COUNTER)):
            phrases[spoken] = Phrase(spoken, name, "quầy")
    return list(phrases.values())


def _counter_part(name: str) -> str:
    """What announcement_text says for this counter, without the opening and number."""
    text = announcement_text(1, name)
    return text.split(" đến ", 1)[1]
