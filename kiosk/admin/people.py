"""Staff and admin accounts, kiosk and display devices, as admins manage them.
Password hashes and token hashes never leave this module, nor reach the audit log."""
from __future__ import annotations

from kiosk.admin.context import AdminContext
from kiosk.core import accounts, pairing
from kiosk.core.device_health import DEVICE_REVOKED, device_view
from kiosk.core.errors import conflict, not_found

_USER_PUBLIC = ("id", "username", "role", "active", "created_at")
_DEVICE_PUBLIC = ("id", "name", "role", "active", "slot", "created_at", "last_seen")


def _user_view(user: dict | None) -> dict | None:
    return None if user is None else {k: (bool(user[k]) if k == "active" else user.get(k)) for k in _USER_PUBLIC}


def _device_view(device: dict | None) -> dict | None:
    return None if device is None else {k: (bool(device[k]) if k == "active" else device.get(k)) for k in _DEVICE_PUBLIC}


def users(ctx: AdminContext) -> list[dict]:
    return [_user_view(u) for u in ctx.store.users()]


def devices(ctx: AdminContext) -> list[dict]:
    """Every device with what it last reported (kiosk/core/device_health.py)."""
    now = ctx.clock.now()
    return [device_view(d, now) for d in ctx.store.devices()]


def _user(ctx: AdminContext, username: str) -> dict:
    user = ctx.store.user(username)
    if user is None:
        raise not_found("username", f"no account named {username!r}", "Không tìm thấy tài khoản này.")
    return user


def create_user(ctx: AdminContext, username: str, password: str, role: str) -> dict:
    with ctx.change() as change:
        if ctx.store.user(username or ""):
            raise conflict(f"an account named {username!r} already exists", "Tên đăng nhập này đã có.", "username")
        user = accounts.add_user(ctx.store, username, password, role, ctx.clock)
        change.audit("user.create", "user", username, None, _user_view(user), summary=f"{username} ({role})")
    return _user_view(ctx.store.user(username))


def set_user_active(ctx: AdminContext, username: str, active: bool) -> dict:
    with ctx.change() as change:
        user = _user(ctx, username)
        if not active:
            if username == ctx.actor:
                raise conflict("you cannot disable your own account", "Không thể tự khóa tài khoản đang dùng.", "username")
            admins = [u for u in ctx.store.users() if u["role"] == "admin" and u["active"] and u["username"] != username]
            if user["role"] == "admin" and not admins:
                raise conflict("the last active admin cannot be disabled", "Không thể khóa quản trị viên cuối cùng.",
                               "username")
        ctx.store.save_user({"username": username, "active": int(active)})
        if not active:
            ctx.store.delete_user_sessions(user["id"])
        change.audit("user.enable" if active else "user.disable", "user", username, _user_view(user),
                     _user_view(ctx.store.user(username)), summary=username)
    return _user_view(ctx.store.user(username))


def reset_password(ctx: AdminContext, username: str, password: str) -> dict:
    with ctx.change() as change:
        user = _user(ctx, username)
        accounts.add_user(ctx.store, username, password, user["role"], ctx.clock)
        ctx.store.save_user({"username": username, "created_at": user["created_at"], "active": user["active"]})
        ctx.store.delete_user_sessions(user["id"])
        change.audit("user.password", "user", username, None, None, summary=f"{username}: đặt lại mật khẩu")
    return _user_view(ctx.store.user(username))


def create_device(ctx: AdminContext, name: str, role: str) -> dict:
    """Register a device (or prepare an existing one for pairing again): a 6-digit pairing
    code, valid 10 minutes, single use, that the device exchanges for its token. The token
    itself never passes through the admin's hands (kiosk/core/pairing.py)."""
    with ctx.change() as change:
        before = _device_view(ctx.store.device(name or ""))
        code = pairing.new_code(ctx.store, name, role, ctx.clock, ctx.config.sync.kiosk_slots)
        after = _device_view(ctx.store.device(name))
        change.audit("device.pairing" if before else "device.create", "device", name, before, after,
                     summary=f"{name} ({role}): mã ghép nối đến {code.expires_at[11:16]}")
    return {**after, "code": code.code, "expires_at": code.expires_at}


def revoke_device(ctx: AdminContext, name: str) -> dict:
    with ctx.change() as change:
        device = ctx.store.device(name)
        if device is None:
            raise not_found("name", f"no device named {name!r}", "Không tìm thấy thiết bị này.")
        ctx.store.save_device({"name": name, "active": 0})
        ctx.store.drop_pairing_codes(name)
        change.event(DEVICE_REVOKED, {"device": name})     # wakes the event streams: the device's close
        change.audit("device.revoke", "device", name, _device_view(device), _device_view(ctx.store.device(name)),
                     summary=name)
    return _device_view(ctx.store.device(name))
