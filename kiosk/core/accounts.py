"""Staff and admin accounts, kiosk and display devices, and the bearer tokens they use.

Passwords are stored as scrypt hashes (hashlib, memory-hard); tokens are random and only
their SHA-256 is stored, so a copied database reveals neither.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from kiosk.clock import Clock
from kiosk.config import Sync
from kiosk.core.errors import QueueError, invalid
from kiosk.core.numbering import token_for_slot
from kiosk.store import Store

USER_ROLES = ("admin", "staff", "manager")
DEVICE_ROLES = ("kiosk", "display")
SESSION_HOURS = 12
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
_SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


@dataclass(frozen=True)
class Principal:
    """Who is asking: a logged-in user, a device, or nobody."""

    kind: str          # user | device | anonymous
    name: str
    role: str          # admin | staff | manager | kiosk | display | anonymous
    id: int | None = None
    revoked: bool = False   # a revoked device: may only upload its queued offline tickets (for review)


ANONYMOUS = Principal("anonymous", "", "anonymous")


def unauthorized(reason: str, message: str = "Vui lòng đăng nhập lại.") -> QueueError:
    return QueueError("unauthorized", reason, message, "Authorization")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return "scrypt${n}${r}${p}$".format(**_SCRYPT) + f"{_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(actual, _unb64(digest))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(store: Store, username: str, password: str, role: str, clock: Clock) -> dict:
    if not _USERNAME.match(username or ""):
        raise invalid("username", "username must be 2-32 lowercase letters, digits, '.', '_' or '-'",
                      "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm hoặc gạch.")
    if role not in USER_ROLES:
        raise invalid("role", f"role must be one of {', '.join(USER_ROLES)}", "Vai trò không hợp lệ.")
    if len(password or "") < 8:
        raise invalid("password", "password must be at least 8 characters", "Mật khẩu cần ít nhất 8 ký tự.")
    with store.write():
        return store.save_user({"username": username, "password_hash": hash_password(password), "role": role,
                                "active": 1, "created_at": clock.now().isoformat(timespec="seconds")})


def add_device(store: Store, name: str, role: str, clock: Clock, kiosk_slots: int = Sync().kiosk_slots) -> str:
    """Register (or re-key) a device; return its new token, shown once. A kiosk keeps (or gets)
    a slot: its own offline number series (kiosk/core/numbering.py), named in its token."""
    if not _USERNAME.match(name or ""):
        raise invalid("name", "device name must be 2-32 lowercase letters, digits, '.', '_' or '-'",
                      "Tên thiết bị không hợp lệ.")
    if role not in DEVICE_ROLES:
        raise invalid("role", f"role must be one of {', '.join(DEVICE_ROLES)}", "Vai trò không hợp lệ.")
    with store.write():
        slot = _kiosk_slot(store, name, kiosk_slots) if role == "kiosk" else None
        secret = secrets.token_urlsafe(24)
        token = token_for_slot(slot, secret) if slot else f"{role}-{secret}"
        store.save_device({"name": name, "role": role, "token_hash": token_hash(token), "active": 1, "slot": slot,
                           "created_at": clock.now().isoformat(timespec="seconds")})
    return token


def _kiosk_slot(store: Store, name: str, kiosk_slots: int) -> int:
    """The device's slot if it has one; else the lowest never-used slot; else the slot of a
    revoked kiosk (which can no longer upload anything from it)."""
    taken = store.kiosk_slots()
    for slot, device in taken.items():
        if device["name"] == name and slot <= kiosk_slots:
            return slot
    free = [slot for slot in range(1, kiosk_slots + 1) if slot not in taken]
    revoked = [slot for slot, device in sorted(taken.items()) if slot <= kiosk_slots and not device["active"]]
    if not free and not revoked:
        raise invalid("role", f"all {kiosk_slots} kiosk slots are taken; raise sync.kiosk_slots in the config "
                      "(each slot is an offline number series) or revoke a kiosk",
                      f"Đã đủ {kiosk_slots} máy lấy số. Hãy thu hồi một máy cũ hoặc tăng sync.kiosk_slots.")
    slot = free[0] if free else revoked[0]
    if not free:
        store.save_device({"name": taken[slot]["name"], "slot": None})
    return slot


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def credentials_ok(user: dict | None, password: str) -> bool:
    """The slow part of a login (scrypt); safe to run off the event loop. An unknown or
    disabled account is hashed against a dummy, so it takes as long as a known one and the
    time of a refusal does not tell which usernames exist."""
    if not (user and user["active"]):
        verify_password(password or "", _dummy_hash())
        return False
    return verify_password(password or "", user["password_hash"])


def open_session(store: Store, user: dict | None, ok: bool, clock: Clock) -> str:
    if not ok:
        raise unauthorized("wrong username or password, or the account is disabled",
                           "Sai tên đăng nhập hoặc mật khẩu.")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with store.write():
        store.save_session({"token_hash": token_hash(token), "user_id": user["id"],
                            "created_at": now.isoformat(timespec="seconds"),
                            "expires_at": (now + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")})
    return token


def login(store: Store, username: str, password: str, clock: Clock) -> tuple[str, dict]:
    user = store.user(username or "")
    return open_session(store, user, credentials_ok(user, password), clock), user


def logout(store: Store, token: str) -> None:
    with store.write():
        store.delete_session(token_hash(token))


def authenticate(store: Store, token: str | None, clock: Clock) -> Principal:
    """The principal behind a bearer token; ANONYMOUS when there is no token."""
    if not token:
        return ANONYMOUS
    hashed = token_hash(token)
    device = store.device_by_token_hash(hashed)
    if device:
        return Principal("device", device["name"], device["role"], device["id"])
    device = store.revoked_device_by_token_hash(hashed)
    if device:
        return Principal("device", device["name"], device["role"], device["id"], revoked=True)
    session = store.session(hashed)
    if session is None:
        role = next((r for r in DEVICE_ROLES if token.startswith((f"{r}-", f"{r}."))), None)
        if role:                      # kiosk tokens read kiosk.<slot>.<secret>, displays display-<secret>
            raise unknown_device_token(store, role)
        raise unauthorized("unknown or revoked token")
    if session["expires_at"] < clock.now().isoformat(timespec="seconds"):
        raise unauthorized("the session has expired", "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.")
    user = store.user_by_id(session["user_id"])
    if not user or not user["active"]:
        raise unauthorized("the account is disabled", "Tài khoản đã bị khóa.")
    return Principal("user", user["username"], user["role"], user["id"])


class RevokedDevice(QueueError):
    """A revoked device's token: 401 everywhere, even where a bad token gets the public view."""


def revoked_device(name: str) -> QueueError:
    return RevokedDevice("unauthorized", f"device {name!r} was revoked; pair it again (main.py device add {name})",
                         "Thiết bị này đã bị thu hồi quyền kết nối. Vui lòng báo cán bộ kỹ thuật để ghép nối lại.",
                         "Authorization")


def unknown_device_token(store: Store, role: str) -> QueueError:
    """A device token this database never issued: most often one made with `device add` on
    another database file (e.g. data/centre.db while the demo serves data/demo.db)."""
    path = store.file() or "in memory"
    return unauthorized(f"device token not known to this server's database ({path}): made for another database, "
                        f"or revoked; make one with: main.py device add NAME --role {role} --db {path}",
                        "Mã thiết bị không có trong cơ sở dữ liệu của máy chủ này (có thể được tạo cho cơ sở "
                        "dữ liệu khác hoặc đã bị thu hồi). Vui lòng báo cán bộ kỹ thuật.")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)
