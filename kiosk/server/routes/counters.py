"""Counters call the next citizen; kiosks lease number blocks for offline issuing; staff see the devices."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kiosk.core.accounts import Principal
from kiosk.server.auth import STAFF, require
from kiosk.server.ids import PathId
from kiosk.server.ticket_access import without_secrets

router = APIRouter(prefix="/api")


@router.post("/counters/{counter_id}/next", responses={204: {"description": "nobody is waiting"}})
async def call_next(counter_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    queue = request.app.state.queue
    ticket = await request.app.state.writes.run(lambda: queue.call_next(counter_id, staff=who.name))
    return JSONResponse(without_secrets(ticket)) if ticket is not None else Response(status_code=204)


class BlockRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service_id: str = Field(min_length=1, max_length=8)
    size: int = Field(ge=1, le=1000)


@router.post("/blocks", status_code=201)
async def lease_block(body: BlockRequest, request: Request, who: Principal = Depends(require("kiosk", "admin"))):
    queue = request.app.state.queue
    return await request.app.state.writes.run(lambda: queue.lease_block(body.service_id, body.size, device=who.name))


@router.get("/devices")
async def devices(request: Request, who: Principal = Depends(require(*STAFF, "manager"))):
    """Kiosks and displays with their last contact (never their token hashes)."""
    return [{k: device[k] for k in ("name", "role", "active", "created_at", "last_seen")} | {"active": bool(device["active"])}
            for device in request.app.state.store.devices()]
