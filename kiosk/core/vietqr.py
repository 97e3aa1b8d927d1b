"""VietQR transfer codes: the NAPAS EMVCo merchant-presented payload (IBFT to an account).

    payload(bin="970422", account="0123456789", amount=14000, reference="PHI 2001 0412")

Each field is ID, two-digit length, value (EMVCo MPM); field 38 carries the NAPAS GUID
A000000727, the beneficiary (acquirer BIN + account) and the service code QRIBFTTA; 63 is the
CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) of everything before it, "6304" included,
computed by the standard library's binascii.crc_hqx.
"""
from __future__ import annotations

import binascii
import re

NAPAS_GUID = "A000000727"
TO_ACCOUNT = "QRIBFTTA"
_REFERENCE = re.compile(r"^[A-Za-z0-9 .,-]{1,25}$")


class VietQrError(ValueError):
    pass


def payload(bin: str, account: str, amount: int | None = None, reference: str = "") -> str:
    """The VietQR string; dynamic (01 = 12) with an amount, static (11) without."""
    if not re.fullmatch(r"\d{6}", bin or ""):
        raise VietQrError("the bank BIN is six digits (e.g. 970436)")
    if not re.fullmatch(r"[A-Za-z0-9]{1,19}", account or ""):
        raise VietQrError("the account number is 1 to 19 letters or digits")
    if reference and not _REFERENCE.match(reference):
        raise VietQrError("the transfer reference is 1 to 25 plain letters, digits or spaces")
    beneficiary = _field("00", bin) + _field("01", account)
    merchant = _field("00", NAPAS_GUID) + _field("01", beneficiary) + _field("02", TO_ACCOUNT)
    body = _field("00", "01") + _field("01", "12" if amount else "11") + _field("38", merchant)
    body += _field("53", "704")
    if amount:
        body += _field("54", str(int(amount)))
    body += _field("58", "VN")
    if reference:
        body += _field("62", _field("08", reference))
    body += "6304"
    return body + crc(body)


def crc(text: str) -> str:
    return f"{binascii.crc_hqx(text.encode('ascii'), 0xFFFF):04X}"


def crc_ok(text: str) -> bool:
    return len(text) > 8 and text[-8:-4] == "6304" and crc(text[:-4]) == text[-4:].upper()


def fields(text: str) -> dict[str, str]:
    """ID -> value of one level of a payload (raises VietQrError if the lengths do not add up)."""
    found, at = {}, 0
    while at < len(text):
        head = text[at:at + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQrError(f"bad field header at {at}")
        size = int(head[2:])
        value = text[at + 4:at + 4 + size]
        if len(value) != size:
            raise VietQrError(f"field {head[:2]} is shorter than its length")
        found[head[:2]] = value
        at += 4 + size
    return found


def read(text: str) -> dict:
    """The parts staff and tests care about: bank BIN, account, amount, reference, crc_ok."""
    top = fields(text)
    merchant = fields(top.get("38", ""))
    beneficiary = fields(merchant.get("01", ""))
    extra = fields(top.get("62", ""))
    return {"bin": beneficiary.get("00"), "account": beneficiary.get("01"), "service": merchant.get("02"),
            "amount": int(top["54"]) if "54" in top else None, "reference": extra.get("08", ""),
            "currency": top.get("53"), "crc_ok": crc_ok(text)}


def _field(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQrError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"
