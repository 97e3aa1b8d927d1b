"""Logging in and out."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from kiosk.core import accounts
from kiosk.core.accounts import Principal
from kiosk.server.auth import SESSION_COOKIE, bearer_token, csrf_token, current_principal, is_https

router = APIRouter(prefix="/api/auth")


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    cookie: bool = Field(default=False, description="also set the HttpOnly session cookie (web pages)")


@router.post("/login")
async def login(body: Login, request: Request, response: Response):
    state = request.app.state
    address = request.client.host if request.client else "unknown"
    state.throttle.check_login(body.username, address)  # 429 + Retry-After while locked
    user = state.store.user(body.username)
    # scrypt is slow by design: check it off the event loop so other requests keep flowing.
    ok = await run_in_threadpool(accounts.credentials_ok, user, body.password)
    if not ok:
        locked = state.throttle.login_failed(body.username, address)
        await _audit_login(state, "auth.login.failure", body.username, user, address, locked)
    token = accounts.open_session(state.store, user, ok, state.queue.clock)
    state.throttle.login_succeeded(body.username)
    await _audit_login(state, "auth.login.success", body.username, user, address)
    reply = {"token": token, "username": user["username"], "role": user["role"],
             "expires_in": accounts.SESSION_HOURS * 3600}
    if body.cookie:
        response.set_cookie(SESSION_COOKIE, token, max_age=accounts.SESSION_HOURS * 3600, path="/",
                            httponly=True, samesite="strict", secure=is_https(request))
        reply["csrf"] = csrf_token(token)
    return reply


async def _audit_login(state, action: str, username: str, user: dict | None, address: str,
                       locked: bool = False) -> None:
    """Successes and failures go to the audit log (/admin/audit); an unknown username is
    recorded as the entity, never as an actor."""
    outcome = "thành công" if action.endswith("success") else "sai" + (" (tạm khóa)" if locked else "")
    entry = {"at": state.queue.clock.now().isoformat(timespec="seconds"), "actor": user["username"] if user else None,
             "action": action, "entity": "login", "entity_id": username, "before": None,
             "after": {"address": address, "known_user": user is not None, "locked": locked},
             "summary": f"Đăng nhập {outcome}: {username} từ {address}"}
    await state.writes.run(lambda: state.store.add_audit(entry))


@router.post("/logout", status_code=204)
async def logout(request: Request, response: Response):
    token = bearer_token(request)
    if token:
        accounts.logout(request.app.state.store, token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=is_https(request))


@router.get("/me")
async def me(who: Principal = Depends(current_principal)):
    return {"kind": who.kind, "name": who.name, "role": who.role}
