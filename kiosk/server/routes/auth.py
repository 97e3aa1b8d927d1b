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
    user = state.store.user(body.username)
    # scrypt is slow by design: check it off the event loop so other requests keep flowing.
    ok = await run_in_threadpool(accounts.credentials_ok, user, body.password)
    token = accounts.open_session(state.store, user, ok, state.queue.clock)
    reply = {"token": token, "username": user["username"], "role": user["role"],
             "expires_in": accounts.SESSION_HOURS * 3600}
    if body.cookie:
        response.set_cookie(SESSION_COOKIE, token, max_age=accounts.SESSION_HOURS * 3600, path="/",
                            httponly=True, samesite="strict", secure=is_https(request))
        reply["csrf"] = csrf_token(token)
    return reply


@router.post("/logout", status_code=204)
async def logout(request: Request, response: Response):
    token = bearer_token(request)
    if token:
        accounts.logout(request.app.state.store, token)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=is_https(request))


@router.get("/me")
async def me(who: Principal = Depends(current_principal)):
    return {"kind": who.kind, "name": who.name, "role": who.role}
