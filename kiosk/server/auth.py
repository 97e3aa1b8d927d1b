"""Who may call what: bearer tokens from logins (staff, admin) and devices (kiosk, display)."""
from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

from kiosk.core.accounts import Principal, authenticate, revoked_device
from kiosk.core.errors import QueueError

STAFF = ("staff", "admin")
KIOSK = ("kiosk", "staff", "admin")
ADMIN = ("admin",)
READERS = ("manager", "admin")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SESSION_COOKIE = "session"
CSRF_HEADER = "X-CSRF-Token"
AUTHENTICATED = "principal"   # request.state key: the body guard (kiosk/server/limits.py) already authenticated
REVOKED_MAY = ("/api/tickets", "/api/tickets/batch")   # POST only: a revoked kiosk's queued offline tickets


def check_not_revoked(principal: Principal, method: str, path: str) -> None:
    """A revoked device is cut off (401) except for uploading the offline tickets it queued
    before it knew: those are accepted and marked for review (routes/tickets.py)."""
    if principal.revoked and not (method == "POST" and path in REVOKED_MAY):
        raise revoked_device(principal.name)


def csrf_token(session_token: str) -> str:
    """The CSRF token of a cookie session: derived from the session token, which scripts
    cannot read (HttpOnly), so another site can neither read nor guess it."""
    return hmac.new(session_token.encode(), b"csrf", hashlib.sha256).hexdigest()[:40]


def cookie_session(request: Request) -> str | None:
    """The session token when the request authenticates with the cookie, not a bearer header."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return None
    return request.cookies.get(SESSION_COOKIE) or None


def is_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE) or None


async def current_principal(request: Request) -> Principal:
    state = request.app.state
    principal = getattr(request.state, AUTHENTICATED, None) or authenticate(state.store, bearer_token(request),
                                                                             state.queue.clock)
    check_not_revoked(principal, request.method, request.scope["path"])
    session = cookie_session(request)
    if session and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token(session).encode()):
            raise QueueError("forbidden", f"a request authenticated by the session cookie needs the {CSRF_HEADER} "
                             "header (from the login response or the page)",
                             "Phiên làm việc không hợp lệ, vui lòng tải lại trang.", CSRF_HEADER)
    if principal.kind == "device":
        state.device_seen(principal)
    return principal


def require(*roles: str):
    """A dependency that lets through only principals with one of `roles`. It calls
    current_principal itself rather than through Depends: one dependency to solve per request."""
    async def check(request: Request) -> Principal:
        principal = await current_principal(request)
        if principal.role in roles:
            return principal
        if principal.kind == "anonymous":
            raise QueueError("unauthorized", "a bearer token is required for this request",
                             "Vui lòng đăng nhập.", "Authorization")
        raise QueueError("forbidden", f"role {principal.role!r} may not do this; needs {' or '.join(roles)}",
                         "Tài khoản không có quyền thực hiện thao tác này.", "Authorization")
    return check
