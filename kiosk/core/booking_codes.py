"""Booking codes: 6 characters, easy to read aloud, with no 0/O or 1/I to confuse."""
from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"    # 32 symbols: 2-9 and A-Z without I and O
LENGTH = 6
_CODE = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
# What a scanner reads from the booking's QR code: the page address ending in the code.
_IN_TEXT = re.compile(f"(?:^|[/=:#])([{ALPHABET}]{{{LENGTH}}})/?$")


def new_code(choose=secrets.choice) -> str:
    return "".join(choose(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """What the citizen typed or said, as a code: upper case, without spaces or dashes."""
    return re.sub(r"[\s\-.]", "", str(text or "")).upper()


def is_code(text: str) -> bool:
    return bool(_CODE.match(text))


def code_in(scanned: str) -> str | None:
    """The booking code in a scanned QR text (the booking's address, or the bare code)."""
    text = scanned.strip()
    if is_code(normalise(text)):
        return normalise(text)
    found = _IN_TEXT.search(text.upper())
    return found.group(1) if found else None


def spoken(code: str) -> str:
    """The code in groups of three, to read aloud or print: "K7M 4PQ"."""
    return f"{code[:3]} {code[3:]}"
