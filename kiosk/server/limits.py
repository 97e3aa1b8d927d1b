"""Request bodies: who may send one, how big, how slowly.

Before a single body byte is read, a request that must be authenticated is checked (401
at once for a missing or bad token, 403 for a non-admin on /api/admin), and a declared
Content-Length over the route class's limit is refused (413). While the body streams in,
the bytes are counted and the request is refused the moment it passes the limit, so a
client can neither make the server buffer a huge body nor hold it with one that trickles
in (408 after `body_timeout_seconds` without a complete body).
"""
from __future__ import annotations

import asyncio

from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request

from kiosk.core.accounts import authenticate
from kiosk.core.errors import QueueError
from kiosk.server.auth import AUTHENTICATED, bearer_token, check_not_revoked
from kiosk.server.errors import STATUS, detail

BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ANONYMOUS_PATHS = ("/api/auth/login", "/api/auth/logout", "/api/public/")
ANONYMOUS_EXACT = ("/api/pair",)   # exactly: a device exchanging its pairing code has no token yet
CLOSE = {"Connection": "close"}


def body_limit(path: str, limits) -> int:
    """Bytes a request body to `path` may have (its route class)."""
    if path.startswith(("/api/admin/import", "/api/admin/voice")):  # uploaded files: catalogues, recordings
        return limits.import_mb * 1024 * 1024
    if path.startswith("/api/admin/"):
        return limits.admin_body_kb * 1024
    if path == "/api/tickets/batch":
        return limits.batch_body_kb * 1024
    if path.startswith("/api/repair/"):
        return limits.repair_body_kb * 1024
    return limits.body_kb * 1024


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        size = f"{limit // 1024 // 1024} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
        super().__init__(413, detail(None, f"the request body is larger than {size} allowed here",
                                     f"Dữ liệu gửi lên quá lớn (tối đa {size}).")["detail"], headers=CLOSE)


class BodyTooSlow(HTTPException):
    def __init__(self, seconds: float):
        super().__init__(408, detail(None, f"the request body did not arrive within {seconds:g} s",
                                     "Kết nối quá chậm, vui lòng gửi lại.")["detail"], headers=CLOSE)


class BodyGuard:
    """ASGI middleware; the limits come from the app's config (`limits:` in config.yaml)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            return await self.app(scope, receive, send)
        state = scope["app"].state
        limits = state.config.limits
        limit = body_limit(scope["path"], limits)
        refusal = self._refusal_before_body(scope, state, limit)
        if refusal is not None:
            return await refusal(scope, receive, send)
        await self.app(scope, _counting(receive, limit, limits.body_timeout_seconds), send)

    def _refusal_before_body(self, scope, state, limit: int):
        path = scope["path"]
        if not (path.startswith(ANONYMOUS_PATHS) or path in ANONYMOUS_EXACT) and getattr(state, "store", None) is not None:
            refused = _who_may_not(scope, state, path)
            if refused is not None:
                return refused
        declared = next((v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"content-length"), "")
        if declared.isdigit() and int(declared) > limit:
            error = BodyTooLarge(limit)
            return JSONResponse({"detail": error.detail}, status_code=413, headers=CLOSE)
        return None


def _who_may_not(scope, state, path: str) -> JSONResponse | None:
    try:
        principal = authenticate(state.store, bearer_token(Request(scope)), state.queue.clock)
        check_not_revoked(principal, scope["method"], path)
    except QueueError as error:
        return _error_response(error)
    scope.setdefault("state", {})[AUTHENTICATED] = principal      # the route's auth reuses it
    if principal.kind == "anonymous":
        return _error_response(QueueError("unauthorized", "a bearer token is required for this request",
                                          "Vui lòng đăng nhập.", "Authorization"))
    if path.startswith("/api/admin/") and principal.role != "admin":
        return _error_response(QueueError("forbidden", f"role {principal.role!r} may not do this; needs admin",
                                          "Tài khoản không có quyền thực hiện thao tác này.", "Authorization"))
    return None


def _error_response(error: QueueError) -> JSONResponse:
    extra = {"WWW-Authenticate": "Bearer"} if error.kind == "unauthorized" else {}
    return JSONResponse({"detail": error.as_detail()}, status_code=STATUS[error.kind], headers={**CLOSE, **extra})


def _counting(receive, limit: int, timeout: float):
    received = 0
    complete = False
    deadline = None

    async def counted():
        nonlocal received, complete, deadline
        if complete:
            return await receive()  # after the body: only the disconnect is left to wait for
        deadline = deadline or asyncio.get_running_loop().time() + timeout
        try:
            async with asyncio.timeout_at(deadline):      # no task per message, unlike wait_for
                message = await receive()
        except TimeoutError:
            raise BodyTooSlow(timeout) from None
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            complete = not message.get("more_body", False)
            if received > limit:
                raise BodyTooLarge(limit)
        return message
    return counted
