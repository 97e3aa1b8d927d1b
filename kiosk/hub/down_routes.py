"""The hub's routes for what travels down besides the catalogue: the province voice pack and
the bookings citizens make on the hub's public booking page (/dat-lich)."""
from __future__ import annotations

from pathlib import Path

from fastapi import Body, Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kiosk.hub import bookings, voice_packs
from kiosk.hub.auth import Caller, refusal, require
from kiosk.server.booking_limits import BookingLimits

PAGES = Path(__file__).resolve().parent / "pages"
# As a centre's own default (config appointments.per_address_per_day), per hub process.
BOOKINGS_PER_ADDRESS_PER_DAY = 6


class HubBooking(BaseModel):
    """No more than a centre's own booking page asks, and less: no phone number."""
    model_config = ConfigDict(extra="forbid")
    centre: str = Field(min_length=1, max_length=32)
    procedure_code: str = Field(min_length=1, max_length=64)
    day: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    slot: str = Field(pattern=r"^\d{2}:\d{2}$")


def add_down_routes(app: FastAPI) -> None:
    centre_only = require("centre")
    limits = BookingLimits(BOOKINGS_PER_ADDRESS_PER_DAY)

    def pool(request: Request):
        return request.app.state.pool

    @app.post("/api/voice-pack", status_code=201)
    async def upload_voice_pack(request: Request, who: Caller = Depends(require("admin"))):
        """Body: a pack zip as the studio's GET /api/admin/voice/pack.zip makes it."""
        data = await request.body()

        def store() -> dict:
            with pool(request).connection() as conn:
                return voice_packs.upload(conn, data, who.name)
        try:
            return await run_in_threadpool(store)     # the zip check and the write: off the event loop
        except voice_packs.PackError as error:
            raise refusal(422, "file", error.reason, error.message) from None

    @app.get("/api/voice-pack")
    def voice_pack_since(request: Request, since: int = 0, who: Caller = Depends(require("centre", "admin"))):
        with pool(request).connection() as conn:
            return voice_packs.newer_than(conn, since)

    @app.get("/api/voice-pack/{version}.zip", response_class=Response)
    def voice_pack_zip(request: Request, version: int, who: Caller = Depends(require("centre", "admin"))):
        with pool(request).connection() as conn:
            data = voice_packs.zip_of(conn, version)
        if data is None:
            raise refusal(404, "version", f"no voice pack version {version}", "Không tìm thấy gói giọng này.")
        return Response(data, media_type="application/zip")

    @app.put("/api/schedule", status_code=204, response_class=Response)
    def publish_schedule(request: Request, body: dict = Body(...), who: Caller = Depends(centre_only)):
        with pool(request).connection() as conn:
            bookings.publish(conn, who.id, body)

    @app.get("/api/bookings")
    def bookings_since(request: Request, since: int = 0, who: Caller = Depends(centre_only)):
        with pool(request).connection() as conn:
            return bookings.changes_since(conn, who.id, since)

    @app.get("/api/public/booking/centres")
    def booking_centres(request: Request):
        with pool(request).connection() as conn:
            return {"centres": bookings.bookable_centres(conn)}

    @app.get("/api/public/booking/centres/{code}")
    def booking_options(request: Request, code: str):
        with pool(request).connection() as conn:
            return bookings.options(conn, code)

    @app.post("/api/public/bookings", status_code=201)
    def book(request: Request, body: HubBooking):
        address = request.client.host if request.client else "?"
        limits.check(address)
        with pool(request).connection() as conn:
            made = bookings.book(conn, body.centre, body.procedure_code, body.day, body.slot)
        limits.booked(address)
        return made

    @app.get("/dat-lich", response_class=HTMLResponse)
    def booking_page():
        return HTMLResponse((PAGES / "booking.html").read_text(encoding="utf-8"))
