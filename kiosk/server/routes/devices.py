"""Devices: pairing by code, heartbeats, the Devices page's data and the console's banners.

POST /api/pair is the one write open to anyone (limits.ANONYMOUS_EXACT): a device with no
token yet sends its 6-digit code. Wrong codes are counted per address (throttle.py)."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from kiosk.admin import people
from kiosk.admin.context import AdminContext
from kiosk.core import device_health, pairing
from kiosk.core.accounts import DEVICE_ROLES, Principal
from kiosk.core.errors import QueueError
from kiosk.core.events import append_centre_event
from kiosk.server.auth import STAFF, require
from kiosk.server.routes.admin import admin_context

router = APIRouter()


class PairRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=20)


class PairingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal[DEVICE_ROLES] = "kiosk"  # type: ignore[valid-type]


class Heartbeat(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field("", max_length=40)
    outbox: int | None = Field(None, ge=0, le=10 ** 7)
    printer: Literal[device_health.PRINTER_STATES] = "unknown"  # type: ignore[valid-type]
    speech_ok: bool | None = None
    speech_problem: str = Field("", max_length=300)
    disk_free_bytes: int | None = Field(None, ge=0)
    clock_offset_ms: int | None = Field(None, ge=-10 ** 11, le=10 ** 11, description="server minus device clock")


@router.post("/api/pair")
async def pair(body: PairRequest, request: Request):
    """A pairing code for the device's token, once: {"token", "device": {"name", "role", "slot"}}."""
    state = request.app.state
    address = request.client.host if request.client else "unknown"
    state.throttle.check_pairing(address)
    now = state.queue.clock.now().isoformat(timespec="seconds")

    def exchange():
        paired = pairing.exchange(state.store, body.code, state.queue.clock, state.config.sync.kiosk_slots)
        append_centre_event(state.store, device_health.DEVICE_PAIRED, now, paired.device["name"],
                            {"device": paired.device["name"]})
        return paired
    try:
        paired = await state.writes.run(exchange)
    except QueueError as error:
        if error.field == "code":
            state.throttle.pairing_failed(address)
        raise
    return {"token": paired.token, "device": paired.device, "server_time": _server_time(state)}


@router.post("/api/admin/devices/{name}/pairing", status_code=201)
async def pairing_code(name: str, body: PairingRequest, request: Request, ctx: AdminContext = Depends(admin_context)):
    """A new pairing code for device `name` (registered if new) with its QR code."""
    device = people.create_device(ctx, name, body.role)
    return {**device, **await run_in_threadpool(pairing_qr, str(request.base_url).rstrip("/"), device["code"])}


def pairing_qr(server_url: str, code: str) -> dict:
    """What the QR code says (the server and the code, for a device that can scan) and the
    picture as a data: URL the admin page shows."""
    import base64
    import io
    from kiosk.admin.poster import qr_image
    text = f"lobbykiosk:pair?server={server_url}&code={code}"
    buffer = io.BytesIO()
    qr_image(text, 240).save(buffer, format="PNG")
    return {"qr_text": text, "qr_png": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()}


@router.post("/api/devices/heartbeat")
async def heartbeat(body: Heartbeat, request: Request, who: Principal = Depends(require(*DEVICE_ROLES))):
    """What the device reports each sync round; answers the server's time (for its clock offset)."""
    state = request.app.state
    now = state.queue.clock.now()

    def record():
        device = state.store.device(who.name)
        before = device_health.device_view(device, now)
        state.store.save_device_status(who.id, body.model_dump(), now.isoformat(timespec="seconds"))
        after = device_health.device_view(state.store.device(who.name), now)
        if before["status_at"] is None or before["offline"] or \
                device_health.notable(before) != device_health.notable(after):
            append_centre_event(state.store, device_health.DEVICE_CHANGED, now.isoformat(timespec="seconds"),
                                who.name, {"device": who.name})
    await state.writes.run(record)
    return {"server_time": _server_time(state)}


@router.get("/api/devices/alerts")
async def alerts(request: Request, who: Principal = Depends(require(*STAFF, "manager"))):
    """The console's banners: kiosks offline over 2 minutes or out of paper; tickets to review."""
    state = request.app.state
    now = state.queue.clock.now()
    views = [device_health.device_view(d, now) for d in state.store.devices()]
    return {"alerts": device_health.alerts(views), "review": state.store.tickets_for_review(state.queue.clock.today())}


def _server_time(state) -> str:
    return state.queue.clock.now().isoformat(timespec="milliseconds")
