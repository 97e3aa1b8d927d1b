"""Citizen-facing sentences shared by the kiosk screens, the receipt, the leaflet and the
ticket page, so each says the same thing in the same words (always "ông/bà").

Each builder returns a Message: a Vietnamese msgid with its values. The kiosk translates
the msgid through its gettext catalogue; paper and the web page use `vietnamese(message)`.
"""
from __future__ import annotations

import unicodedata
from typing import NamedTuple


class Message(NamedTuple):
    msgid: str
    values: dict


def vietnamese(message: Message | None) -> str:
    if message is None:
        return ""
    return unicodedata.normalize("NFC", message.msgid.format(**message.values))


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# Every msgid below, for the translation catalogue's completeness test.
MSGIDS = (
    "Ông/bà là người tiếp theo.",
    "Trước ông/bà còn {ahead} người, sắp đến lượt ông/bà.",
    "Trước ông/bà còn {ahead} người, chờ khoảng {minutes} phút.",
    "Trước ông/bà còn {ahead} người.",
    "Sắp đến lượt",
    "khoảng {minutes} phút",
    "Mang bản chính",
    "Mang {originals} bản chính",
    "Mang bản chính để chứng thực",
    "Mang bản chính để xuất trình",
    "Mang 1 bản sao",
    "Mang {copies} bản sao",
    "{originals} bản chính, {copies} bản sao",
    "nếu có",
)


def wait_message(people_ahead: int | None, minutes: int | None) -> Message | None:
    """How long the citizen waits, in a sentence; None when the kiosk does not know."""
    if people_ahead is None:
        return None
    if people_ahead <= 0:
        return Message("Ông/bà là người tiếp theo.", {})
    if minutes is None:
        return Message("Trước ông/bà còn {ahead} người.", {"ahead": people_ahead})
    if minutes <= 0:
        return Message("Trước ông/bà còn {ahead} người, sắp đến lượt ông/bà.", {"ahead": people_ahead})
    return Message("Trước ông/bà còn {ahead} người, chờ khoảng {minutes} phút.",
                   {"ahead": people_ahead, "minutes": minutes})


def wait_minutes_message(minutes: int | None) -> Message | None:
    """The estimated wait alone (the ticket page's box): never "khoảng 0 phút"."""
    if minutes is None:
        return None
    if minutes <= 0:
        return Message("Sắp đến lượt", {})
    return Message("khoảng {minutes} phút", {"minutes": minutes})


# A document's name says what its original is for; the count line then says it plainly.
_PURPOSES = (("cần chứng thực", "Mang bản chính để chứng thực"),
             ("xuất trình", "Mang bản chính để xuất trình"))


def bring_message(document: dict) -> Message | None:
    """What to bring of one document, in plain words ("Mang bản chính để chứng thực",
    "1 bản chính, 2 bản sao"), never a zero count. None when the record gives no counts."""
    originals = int(document.get("originals") or 0)
    copies = int(document.get("copies") or 0)
    if originals and copies:
        return Message("{originals} bản chính, {copies} bản sao", {"originals": originals, "copies": copies})
    if copies == 1:
        return Message("Mang 1 bản sao", {})
    if copies:
        return Message("Mang {copies} bản sao", {"copies": copies})
    if originals > 1:
        return Message("Mang {originals} bản chính", {"originals": originals})
    if originals:
        name = unicodedata.normalize("NFC", str(document.get("name") or "")).lower()
        purpose = next((msgid for words, msgid in _PURPOSES if words in name), "Mang bản chính")
        return Message(purpose, {})
    return None


def optional_message(document: dict) -> Message | None:
    return Message("nếu có", {}) if document.get("required") is False else None
