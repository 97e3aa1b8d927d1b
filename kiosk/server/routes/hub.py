"""The centre admin's view of the province hub: push state, versions pulled, and the conflicts
(catalogue fields, voice clips, hub bookings over a full slot)."""
from __future__ import annotations

from fastapi import APIRouter, Body, Depends, Request

from kiosk.admin.context import AdminContext
from kiosk.server.auth import ADMIN, require
from kiosk.server.ids import PathId
from kiosk.store.hub import open_conflicts
from kiosk.sync.hub_bookings import bookings_version
from kiosk.sync.hub_catalogue import catalogue_version
from kiosk.sync.hub_conflicts import settle
from kiosk.sync.hub_voice import VERSION_KEY as VOICE_VERSION

router = APIRouter(prefix="/api/admin/hub")


@router.get("")
async def hub_state(request: Request, who=Depends(require(*ADMIN))):
    state = request.app.state
    sync = getattr(state, "hub_sync", None)
    return {"configured": sync is not None, "url": state.config.hub.url,
            "push": sync.status() if sync else None, "catalogue_version": catalogue_version(state.store),
            "voice_pack_version": int(state.store.meta(VOICE_VERSION, "0") or 0),
            "bookings_version": bookings_version(state.store),
            "conflicts": open_conflicts(state.store)}


@router.post("/conflicts/{conflict_id}")
async def settle_conflict(request: Request, conflict_id: PathId, body: dict = Body(...), who=Depends(require(*ADMIN))):
    state = request.app.state
    ctx = AdminContext(state.store, state.config, state.queue.clock, state.queue.listeners, who.name)
    return await state.writes.run(lambda: settle(ctx, conflict_id, body.get("keep")))
