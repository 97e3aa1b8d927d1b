"""Who may call what: bearer tokens from logins (staff, admin) and devices (kiosk, display)."""
from __future__ import annotations

from fastapi import Depends, Request

from kiosk.core.accounts import Principal, authenticate
from kiosk.core.errors import QueueError

STAFF = ("staff", "admin")
KIOSK = ("kiosk", "staff", "admin")
ADMIN = ("admin",)
READERS = ("manager", "admin")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get("session") or None


async def current_principal(request: Request) -> Principal:
    state = request.app.state
    principal = authenticate(state.store, bearer_token(request), state.queue.clock)
    if principal.kind == "device":
        state.device_seen(principal)
    return principal


def require(*roles: str):
    """A dependency that lets through only principals with one of `roles`."""
    async def check(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role in roles:
            return principal
        if principal.kind == "anonymous":
            raise QueueError("unauthorized", "a bearer token is required for this request",
                             "Vui lòng đăng nhập.", "Authorization")
        raise QueueError("forbidden", f"role {principal.role!r} may not do this; needs {' or '.join(roles)}",
                         "Tài khoản không có quyền thực hiện thao tác này.", "Authorization")
    return check
