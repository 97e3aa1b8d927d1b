"""Vietnamese number words, as a speaker would read them aloud.

Rules (tiếng Việt):
- units: không một hai ba bốn năm sáu bảy tám chín; 10 is "mười".
- tens >= 2 take "mươi"; after "mươi" a 1 is "mốt", a 4 is "tư", a 5 is "lăm".
- after "mười" a 5 is "lăm" (15 mười lăm); 11 stays "mười một", 14 "mười bốn".
- a hundred with no tens but units reads the zero tens as "linh" (north) or "lẻ" (south),
  and the unit keeps its plain name: 101 một trăm linh một, 104 một trăm linh bốn,
  105 một trăm linh năm.
- inside a larger number a group with no hundreds says "không trăm": 1023 một nghìn
  không trăm hai mươi ba; a group that is all zeros is left out: 1000000500 reads
  "một tỷ năm trăm".
- 1000 is "nghìn" in the north and "ngàn" in the south; then "triệu", "tỷ".
"""
from __future__ import annotations

from typing import Literal

Region = Literal["north", "south"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = {"north": ("", "nghìn", "triệu", "tỷ"), "south": ("", "ngàn", "triệu", "tỷ")}
_ZERO_TENS = {"north": "linh", "south": "lẻ"}


def number_to_words(number: int, region: Region = "north") -> str:
    """0..999 999 999 999 999 as words; bigger numbers repeat "tỷ" (1e18: một tỷ tỷ)."""
    if number < 0:
        return "âm " + number_to_words(-number, region)
    if number == 0:
        return DIGITS[0]
    billions, rest = divmod(number, 1_000_000_000)
    if billions:
        head = number_to_words(billions, region) + " tỷ"
        return head + (" " + _below_billion(rest, region, leading=False) if rest else "")
    return _below_billion(rest, region, leading=True)


def digits_to_words(digits: str) -> str:
    """Read a string of digits one by one: "1023" -> "một không hai ba"."""
    return " ".join(DIGITS[int(char)] for char in digits if char.isdigit())


def _below_billion(number: int, region: Region, leading: bool) -> str:
    groups = [(number // 1_000_000) % 1000, (number // 1000) % 1000, number % 1000]
    scales = (_SCALES[region][2], _SCALES[region][1], "")
    words: list[str] = []
    for group, scale in zip(groups, scales):
        if group == 0:
            continue
        words.append(_three_digits(group, region, leading=leading and not words))
        if scale:
            words.append(scale)
    return " ".join(words)


def _three_digits(number: int, region: Region, leading: bool) -> str:
    """One group of three digits; a non-leading group always says its hundreds."""
    hundreds, rest = divmod(number, 100)
    if leading and hundreds == 0:
        return _two_digits(rest)
    words = [DIGITS[hundreds], "trăm"]
    if rest == 0:
        return " ".join(words)
    if rest < 10:
        return " ".join(words + [_ZERO_TENS[region], DIGITS[rest]])
    return " ".join(words + [_two_digits(rest)])


def _two_digits(number: int) -> str:
    tens, units = divmod(number, 10)
    if tens == 0:
        return DIGITS[units]
    if tens == 1:
        return "mười" + ("" if units == 0 else " " + ("lăm" if units == 5 else DIGITS[units]))
    head = DIGITS[tens] + " mươi"
    return head if units == 0 else f"{head} {_unit_after_muoi(units)}"


def _unit_after_muoi(units: int) -> str:
    return {1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units])
