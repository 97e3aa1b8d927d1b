"""Appointments over HTTP (docs/CONTRACTS.md, "Appointments").

/api/public/appointments…: the citizen's booking page (no account; limited per address).
/api/appointments…: kiosks check in; staff book for a caller, list the next hour; a
province hub (later) books and lists bookings with a staff or admin token.
"""
from __future__ import annotations

import html
import io
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from kiosk.core.accounts import Principal
from kiosk.core.appointment_report import appointment_report
from kiosk.core.appointments import Appointments
from kiosk.core.centre import procedure_view
from kiosk.server.auth import KIOSK, READERS, STAFF, require
from kiosk.server.booking_limits import BookingLimits

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"
_DAY = r"^\d{4}-\d{2}-\d{2}$"
CHECK_IN_DEVICE = ":lich-hen"


class BookingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    procedure_code: str = Field(min_length=1, max_length=64)
    day: str = Field(pattern=_DAY)
    slot: str = Field(pattern=r"^\d{2}:\d{2}$")
    phone: str | None = Field(default=None, max_length=20)


class CheckInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=300, description="the code typed, or the QR text scanned")
    priority: str | None = Field(default=None, pattern=r"^(elderly|disability|pregnant|child)$")


def attach(state) -> None:
    """At start-up: the bookings of the writing queue, and the reader's estimates."""
    state.appointments = Appointments(state.store, state.queue, state.config)
    Appointments(state.reader.store, state.reader, state.config)
    state.booking_limits = BookingLimits(state.config.appointments.per_address_per_day)


# -- the citizen's booking page ------------------------------------------------------------

@router.get("/dat-lich", response_class=HTMLResponse, include_in_schema=False)
@router.get("/dat-lich/{code}", response_class=HTMLResponse, include_in_schema=False)
async def booking_page(request: Request, code: str = ""):
    page = (PAGES / "booking.html").read_text(encoding="utf-8")
    return HTMLResponse(page.replace("{{centre}}", html.escape(request.app.state.config.centre.name)))


@router.get("/api/public/appointments/options")
async def options(request: Request):
    """What the booking page offers: the procedures (by service) and the bookable days."""
    state = request.app.state
    procedures = [{"code": p["code"], "name": p["name"], "service": p["service"]}
                  for p in state.store.procedures(active_only=True)]
    return {"centre": state.config.centre.name, "enabled": state.config.appointments.enabled,
            "days": state.appointments.bookable_days(), "procedures": procedures,
            "services": [{"id": s["id"], "name": s["name"]} for s in state.store.services()]}


@router.get("/api/public/appointments/slots")
async def slots(request: Request, procedure_code: str = Query(min_length=1, max_length=64),
                day: str = Query(pattern=_DAY)):
    return request.app.state.appointments.slots(procedure_code, day)


@router.post("/api/public/appointments", status_code=201)
async def book_public(body: BookingRequest, request: Request):
    state = request.app.state
    address = request.client.host if request.client else "?"
    state.booking_limits.check(address)
    made = await state.writes.run(lambda: state.appointments.book(body.procedure_code, body.day, body.slot,
                                                                   body.phone, source="public"))
    state.booking_limits.booked(address)
    return _with_documents(state, made)


@router.get("/api/public/appointments/{code}")
async def find(code: str, request: Request):
    state = request.app.state
    return _with_documents(state, state.appointments.find(code))


@router.post("/api/public/appointments/{code}/cancel")
async def cancel(code: str, request: Request):
    state = request.app.state
    return await state.writes.run(lambda: state.appointments.cancel(code))


@router.get("/api/public/appointments/{code}/qr.svg", include_in_schema=False)
async def qr(code: str, request: Request):
    import qrcode
    import qrcode.image.svg
    booking = request.app.state.appointments.find(code)
    out = io.BytesIO()
    qrcode.make(booking["url"], image_factory=qrcode.image.svg.SvgPathImage, box_size=12).save(out)
    return Response(out.getvalue(), media_type="image/svg+xml")


# -- kiosks, staff, a province hub -----------------------------------------------------------

@router.post("/api/appointments/check-in")
async def check_in(body: CheckInRequest, request: Request, who: Principal = Depends(require(*KIOSK))):
    from kiosk.core.booking_codes import code_in
    state = request.app.state
    code = code_in(body.code) or body.code
    # The ticket is the server's, not in the kiosk's journal: a device name of its own keeps it
    # out of the kiosk's repair comparison (kiosk/core/repair.py).
    device = f"{who.name}{CHECK_IN_DEVICE}"
    outcome = await state.writes.run(lambda: state.appointments.check_in(code, device, body.priority))
    return JSONResponse(outcome, status_code=200 if outcome["outcome"] == "already" else 201)


@router.post("/api/appointments", status_code=201)
async def book_for_caller(body: BookingRequest, request: Request, who: Principal = Depends(require(*STAFF))):
    state = request.app.state
    made = await state.writes.run(lambda: state.appointments.book(body.procedure_code, body.day, body.slot,
                                                                   body.phone, source="staff", booked_by=who.name))
    return _with_documents(state, made)


@router.get("/api/appointments/expected")
async def expected(request: Request, minutes: int = Query(60, ge=1, le=24 * 60),
                   who: Principal = Depends(require(*STAFF, *READERS))):
    state = request.app.state
    await state.writes.run(state.appointments.release_missed)
    return state.appointments.expected(minutes)


@router.get("/api/appointments")
async def bookings(request: Request, first_day: str = Query(alias="from", pattern=_DAY),
                   last_day: str = Query(alias="to", pattern=_DAY),
                   who: Principal = Depends(require(*STAFF, *READERS))):
    """Every booking of the days (a hub's pull); phone numbers are not included."""
    state = request.app.state
    return [state.appointments.view(row) for row in state.store.appointments_of_days(first_day, last_day)]


@router.get("/api/appointments/report")
async def report(request: Request, first_day: str = Query(alias="from", pattern=_DAY),
                 last_day: str = Query(alias="to", pattern=_DAY), who: Principal = Depends(require(*READERS, *STAFF))):
    state = request.app.state
    await state.writes.run(state.appointments.release_missed)
    return appointment_report(state.store.tickets_between(first_day, last_day),
                              state.store.appointments_of_days(first_day, last_day))


def _with_documents(state, booking: dict) -> dict:
    procedure = state.store.procedure(booking["procedure"]["code"])
    booking["documents"] = procedure_view(procedure, state.config)["documents"] if procedure else []
    booking["qr_url"] = f"/api/public/appointments/{booking['code']}/qr.svg"
    return booking
