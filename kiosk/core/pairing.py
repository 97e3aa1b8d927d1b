"""Pairing a kiosk or display by a 6-digit code instead of copying its token.

An admin (`main.py device add`, the admin Devices page) asks for a code for a device; the
device sends the code once (POST /api/pair) and gets its token back. A code is valid
CODE_MINUTES, single use, and only a salted hash of it is kept, so a copied database does
not hold usable codes. Exchanging re-keys the device (accounts.add_device): a kiosk keeps its
offline series slot, which its new token names (`kiosk.<slot>.<secret>`).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from kiosk.clock import Clock
from kiosk.core import accounts
from kiosk.core.errors import invalid
from kiosk.store import Store

CODE_MINUTES = 10
CODE_DIGITS = 6


@dataclass(frozen=True)
class PairingCode:
    code: str
    device: str
    role: str
    expires_at: str


@dataclass(frozen=True)
class Paired:
    token: str
    device: dict


def _hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def new_code(store: Store, name: str, role: str, clock: Clock, kiosk_slots: int) -> PairingCode:
    """A fresh code for device `name` (registered now if new, with a token nobody holds);
    earlier unused codes of the device stop working. An existing device keeps its token until
    the code is exchanged."""
    now = clock.now()
    with store.write():
        existing = store.device(name or "")
        if existing is None:
            accounts.add_device(store, name, role, clock, kiosk_slots)   # validates name and role
        elif existing["role"] != role:
            raise invalid("role", f"device {name!r} is a {existing['role']}, not a {role}",
                          "Thiết bị này đã được đăng ký với loại khác.")
        store.drop_pairing_codes(name)
        live = [row for row in store.pairing_codes_since(now.isoformat(timespec="seconds")) if not row["used_at"]]
        code = _unused_code(live)
        salt = secrets.token_hex(8)
        expires = (now + timedelta(minutes=CODE_MINUTES)).isoformat(timespec="seconds")
        store.add_pairing_code({"device": name, "role": role, "salt": salt, "code_hash": _hash(salt, code),
                                "created_at": now.isoformat(timespec="seconds"), "expires_at": expires})
    return PairingCode(code, name, role, expires)


def _unused_code(live: list[dict]) -> str:
    while True:
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        if not any(hmac.compare_digest(row["code_hash"], _hash(row["salt"], code)) for row in live):
            return code


def exchange(store: Store, code: str, clock: Clock, kiosk_slots: int) -> Paired:
    """The device's new token for a valid code, once. Raises QueueError (field "code") for a
    malformed, wrong, expired or already used code."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != CODE_DIGITS or not code.isdigit():
        raise invalid("code", f"a pairing code is {CODE_DIGITS} digits", f"Mã ghép nối gồm {CODE_DIGITS} chữ số.")
    now = clock.now().isoformat(timespec="seconds")
    with store.write():
        recent = store.pairing_codes_since((clock.now() - timedelta(days=1)).isoformat(timespec="seconds"))
        row = next((r for r in reversed(recent) if hmac.compare_digest(r["code_hash"], _hash(r["salt"], code))), None)
        if row is None:
            raise invalid("code", "no pairing code matches", "Mã ghép nối không đúng. Vui lòng kiểm tra lại.")
        if row["used_at"]:
            raise invalid("code", f"this pairing code was already used at {row['used_at']}",
                          "Mã ghép nối này đã được dùng. Vui lòng xin mã mới.")
        if row["expires_at"] < now:
            raise invalid("code", f"this pairing code expired at {row['expires_at']}",
                          "Mã ghép nối đã hết hạn. Vui lòng xin mã mới.")
        if not store.use_pairing_code(row["id"], now):
            raise invalid("code", "this pairing code was just used", "Mã ghép nối này đã được dùng. Vui lòng xin mã mới.")
        token = accounts.add_device(store, row["device"], row["role"], clock, kiosk_slots)
        device = store.device(row["device"])
    return Paired(token, {"name": device["name"], "role": device["role"], "slot": device["slot"]})
