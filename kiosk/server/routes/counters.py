"""Counters call the next citizen; kiosks read their offline number series; staff see the devices."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

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


@router.get("/series")
async def offline_series(request: Request, who: Principal = Depends(require("kiosk"))):
    """The calling kiosk's own offline series, per service, with the next number the server
    has not seen from it today. The kiosk keeps this in its journal (docs/CONTRACTS.md)."""
    queue = request.app.state.queue
    return queue.numbers.series_state(who.name, request.app.state.store.services(), queue.clock.today())


@router.get("/devices")
async def devices(request: Request, who: Principal = Depends(require(*STAFF, "manager"))):
    """Kiosks and displays with their last contact (never their token hashes)."""
    return [{k: device[k] for k in ("name", "role", "active", "slot", "created_at", "last_seen")} | {"active": bool(device["active"])}
            for device in request.app.state.store.devices()]
