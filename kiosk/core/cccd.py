"""The chip citizen ID card's (CCCD) QR code, read for one purpose: the holder's age.

The QR text holds fields separated by "|": the 12-digit ID number, the old 9-digit ID, the
full name, the date of birth (ddmmyyyy), the sex, the address and the issue date; older
cards have fewer. Scanners in keyboard mode garble diacritics, so only digit patterns are
read: the 12-digit number and the first valid ddmmyyyy date after it. The number's 4th
digit (century and sex) and 5th-6th digits (year of birth) must agree with that date, which
tells a real card from other text. Nothing read here is kept: the caller gets the age and
the priority it suggests, never the number or the date, and nothing is logged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.core.errors import invalid

ELDERLY_AGE = 60               # Law on the Elderly (Luật Người cao tuổi 2009), article 2
_ID = re.compile(r"^\d{12}$")
_DATE = re.compile(r"^\d{8}$")
REFUSED = "Đây không phải mã QR của căn cước công dân. Ông/bà vui lòng quét mặt trước của thẻ căn cước."


@dataclass(frozen=True)
class CardAge:
    """All the kiosk learns from a card."""
    age: int
    suggested_priority: str | None      # "elderly" from ELDERLY_AGE on; the citizen may still say no


def read_age(text: str, today: date) -> CardAge:
    """The holder's age from a CCCD QR text; QueueError(invalid) for anything else. An
    expired card is still read: only the age matters here."""
    fields = [f.strip() for f in str(text or "").strip().split("|")]
    if len(fields) < 2 or not _ID.match(fields[0]):
        raise _refused()
    born = _birth_date(fields[0], fields[1:])
    if born is None or born > today:
        raise _refused()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return CardAge(age, "elderly" if age >= ELDERLY_AGE else None)


def looks_like_card(text: str) -> bool:
    """A cheap first look (12 digits then "|"), to route a scan before reading it."""
    return bool(re.match(r"^\s*\d{12}\|", str(text or "")))


def _birth_date(number: str, rest: list[str]) -> date | None:
    for field in rest:
        if _DATE.match(field):
            born = _ddmmyyyy(field)
            if born and _agrees(number, born):
                return born
    return None


def _ddmmyyyy(field: str) -> date | None:
    try:
        return date(int(field[4:]), int(field[2:4]), int(field[:2]))
    except ValueError:
        return None


def _agrees(number: str, born: date) -> bool:
    """Digit 4 of the number: 0/1 born 1900-1999, 2/3 2000-2099, 4/5 2100-..., (male/female);
    digits 5-6: the last two digits of the year of birth."""
    century = 19 + int(number[3]) // 2
    return born.year // 100 == century and number[4:6] == f"{born.year % 100:02d}"


def _refused():
    return invalid("card", "not a CCCD QR text (12-digit number, |-separated fields, a ddmmyyyy birth date)",
                   REFUSED)
