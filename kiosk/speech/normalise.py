"""Turn display text into the words espeak-ng should say.

espeak-ng's Vietnamese voice misreads digits (it says "ngàn" everywhere and trips on "51"),
so every number, time, date, amount and abbreviation is spelled out here first. Each step is
a pure function from text to text; `normalise` runs them in a fixed order.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Literal

from kiosk.speech.numbers import Region, digits_to_words, number_to_words

NumberReading = Literal["words", "digits"]

# Said as Vietnamese words; the keys are matched as whole words, case-sensitively.
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "VNeID": "vê en e ai đi",
    "TTHC": "thủ tục hành chính",
    "STT": "số thứ tự",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "SĐT": "số điện thoại",
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "TP. HCM": "Thành phố Hồ Chí Minh",
}
MONTHS = {4: "tư"}  # April is "tháng tư", never "tháng bốn"
LONGEST_NUMBER_READ_AS_WORDS = 15

_ABBREVIATION = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(key) for key in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?!\w)"
)
_INTEGER = r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+"
_MONEY = re.compile(rf"(?<![\w.,])({_INTEGER})(?:,(\d+))?\s*(?:đồng|VNĐ|VND|đ|₫)(?!\w)")
_PER_UNIT = re.compile(r"đồng\s*/\s*(?=\w)")
_DATE_DMY = re.compile(r"(?:\bngày\s+)?(?<![\w/])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\w/])")
_DATE_ISO = re.compile(r"(?:\bngày\s+)?(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
_TIME = re.compile(r"(?<![\w:])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?:\s*(phút))?(?![\w:])")
_HOUR = re.compile(r"(?<![\w:])(\d{1,2})h(?!\w)")
_RANGE = re.compile(r"(?<=\d)(h?)\s*[–—-]\s*(?=\d)")
_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?![\w.]*\d)")
_DECIMAL = re.compile(r"(?<![\w.,])(\d+),(\d+)(?![\w.,]*\d)")
_DOTTED_CODE = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w])")
_ORDINAL_WEEKDAY = re.compile(r"\b(thứ|Thứ)\s+([14])(?!\w)")
_MONTH_FOUR = re.compile(r"\b(tháng|Tháng)\s+4(?!\w)")
_PLAIN_NUMBER = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)])")


def normalise(text: str, region: Region = "north", number_reading: NumberReading = "words") -> str:
    """Display text -> one line of Vietnamese words, NFC, with no digits left."""
    text = unicodedata.normalize("NFC", text)
    text = expand_abbreviations(text)
    text = spell_money(text, region)
    text = spell_dates(text, region)
    text = spell_ranges(text)
    text = spell_times(text, region)
    text = spell_special_ordinals(text)
    text = spell_grouped_numbers(text, region)
    text = spell_decimals(text, region)
    text = spell_dotted_codes(text)
    text = spell_plain_numbers(text, region, number_reading)
    text = text.replace("%", " phần trăm")
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", text)).strip()


def expand_abbreviations(text: str) -> str:
    return _ABBREVIATION.sub(lambda match: ABBREVIATIONS[match.group(1)], text)


def spell_money(text: str, region: Region = "north") -> str:
    """ "2.000 đ" -> "hai nghìn đồng"; "10.000 đồng/bản" -> "mười nghìn đồng một bản"."""

    def spoken(match: re.Match) -> str:
        amount = number_to_words(_integer(match.group(1)), region)
        if match.group(2):
            amount += " phẩy " + _fraction_words(match.group(2), region)
        return amount + " đồng"

    return _PER_UNIT.sub("đồng một ", _MONEY.sub(spoken, text))


def spell_dates(text: str, region: Region = "north") -> str:
    """ "22/11/2026", "ngày 22/11", "2026-11-22" -> "ngày hai mươi hai tháng mười một ..."."""

    def dmy(match: re.Match) -> str:
        day, month, year = match.group(1), match.group(2), match.group(3)
        return _date_words(int(day), int(month), int(year) if year else None, region) or match.group(0)

    def iso(match: re.Match) -> str:
        year, month, day = (int(part) for part in match.groups())
        return _date_words(day, month, year, region) or match.group(0)

    return _DATE_ISO.sub(iso, _DATE_DMY.sub(dmy, text))


def spell_ranges(text: str) -> str:
    """A dash between two numbers ("7:30–11:30", "8h-17h") is read "đến"."""
    return _RANGE.sub(r"\1 đến ", text)


def spell_times(text: str, region: Region = "north") -> str:
    """ "15:30", "15h30", "15 giờ 30" -> "mười lăm giờ ba mươi"; "8h" -> "tám giờ"."""

    def clock(match: re.Match) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 24 or minute > 59:
            return match.group(0)
        words = number_to_words(hour, region) + " giờ"
        if minute:
            words += " " + number_to_words(minute, region)
            if minute < 10 or match.group(3):
                words += " phút"
        return words

    text = _TIME.sub(clock, text)
    return _HOUR.sub(lambda match: f"{match.group(1)} giờ" if int(match.group(1)) <= 24 else match.group(0), text)


def spell_special_ordinals(text: str) -> str:
    """ "thứ 4" -> "thứ tư", "thứ 1" -> "thứ nhất", "tháng 4" -> "tháng tư"."""
    text = _ORDINAL_WEEKDAY.sub(lambda m: f"{m.group(1)} {'nhất' if m.group(2) == '1' else 'tư'}", text)
    return _MONTH_FOUR.sub(lambda m: f"{m.group(1)} tư", text)


def spell_grouped_numbers(text: str, region: Region = "north") -> str:
    """Vietnamese groups thousands with dots: "1.500.000" -> "một triệu năm trăm nghìn"."""
    return _THOUSANDS.sub(lambda match: number_to_words(_integer(match.group(0)), region), text)


def spell_decimals(text: str, region: Region = "north") -> str:
    """The decimal mark is a comma: "1,5" -> "một phẩy năm"."""

    def spoken(match: re.Match) -> str:
        whole = number_to_words(int(match.group(1)), region)
        return f"{whole} phẩy {_fraction_words(match.group(2), region)}"

    return _DECIMAL.sub(spoken, text)


def spell_dotted_codes(text: str) -> str:
    """Procedure codes and versions: "1.001193" -> "một chấm không không một một chín ba"."""
    return _DOTTED_CODE.sub(lambda match: " chấm ".join(digits_to_words(part) for part in match.group(0).split(".")), text)


def spell_plain_numbers(text: str, region: Region = "north", number_reading: NumberReading = "words") -> str:
    """Other digit runs; leading zeros (phone numbers) and very long runs go digit by digit."""

    def spoken(match: re.Match) -> str:
        digits = match.group(0)
        by_digit = number_reading == "digits" or (digits.startswith("0") and len(digits) > 1)
        if by_digit or len(digits) > LONGEST_NUMBER_READ_AS_WORDS:
            return f" {digits_to_words(digits)} "
        return f" {number_to_words(int(digits), region)} "

    return _PLAIN_NUMBER.sub(spoken, text)


def _date_words(day: int, month: int, year: int | None, region: Region) -> str | None:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    words = f"ngày {number_to_words(day, region)} tháng {MONTHS.get(month) or number_to_words(month, region)}"
    if year is not None:
        words += f" năm {number_to_words(year, region)}"
    return words


def _integer(grouped: str) -> int:
    return int(grouped.replace(".", ""))


def _fraction_words(digits: str, region: Region) -> str:
    """After "phẩy": "5" -> "năm", "25" -> "hai mươi lăm", "05" -> "không năm"."""
    if digits.startswith("0") or len(digits) > 3:
        return digits_to_words(digits)
    return number_to_words(int(digits), region)


__all__ = ["normalise", "ABBREVIATIONS"]
