"""Who calls the hub: a centre (its token from `hub centre add`) or a province account
(`hub user add`, role manager or admin). Tokens are stored hashed."""
from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request

from kiosk.hub.db import token_hash


@dataclass(frozen=True)
class Caller:
    kind: str          # "centre" | "manager" | "admin"
    id: int
    name: str


def refusal(status: int, field: str | None, reason: str, message: str) -> HTTPException:
    return HTTPException(status, {"field": field, "reason": reason, "message": message})


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer ") or not header[7:].strip():
        raise refusal(401, "Authorization", "a bearer token is required", "Cần mã truy cập.")
    return header[7:].strip()


def caller(request: Request) -> Caller:
    digest = token_hash(_bearer(request))
    with request.app.state.pool.connection() as conn:
        row = conn.execute("SELECT id, code AS name, 'centre' AS kind FROM centres WHERE token_hash = %s "
                           "UNION ALL SELECT id, name, role FROM accounts WHERE token_hash = %s", [digest, digest]).fetchone()
    if row is None:
        raise refusal(401, "Authorization", "unknown token", "Mã truy cập không đúng.")
    return Caller(row["kind"], row["id"], row["name"])


def require(*kinds: str):
    def check(who: Caller = Depends(caller)) -> Caller:
        if who.kind not in kinds:
            raise refusal(403, "Authorization", f"this needs the role {' or '.join(kinds)}, not {who.kind}",
                          "Tài khoản này không có quyền thực hiện thao tác này.")
        return who
    return check
