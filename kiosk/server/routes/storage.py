"""The disk holding the database, for staff: a storage fault or free space below the threshold."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from kiosk.core.accounts import Principal
from kiosk.server.auth import STAFF, require

router = APIRouter()


@router.get("/api/storage")
async def storage(request: Request, who: Principal = Depends(require(*STAFF, "manager"))):
    """{"status": "ok" | "low" | "full" | "io", "free_mb", "warn_free_mb", "message", "fault"}"""
    return request.app.state.storage.state()
