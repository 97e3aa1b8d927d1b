"""Issuing tickets (kiosks) and acting on them (staff)."""
from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kiosk.core.accounts import Principal, revoked_device
from kiosk.core.events import append_centre_event
from kiosk.core.errors import QueueError, invalid
from kiosk.core.review import hold_for_review
from kiosk.server.auth import KIOSK, STAFF, require
from kiosk.server.errors import STATUS
from kiosk.server.ids import BodyId, PathId
from kiosk.server.json_response import PlainJSONResponse
from kiosk.server.routes.issue_fast_path import IssueFastPath
from kiosk.server.ticket_access import check_readable, shown_to, without_secrets
from kiosk.server.throttle import TooMany

log = logging.getLogger("kiosk.server")
KIOSK_THROTTLED = "kiosk.throttled"
router = APIRouter(prefix="/api/tickets")


class TicketRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    procedure_code: str = Field(min_length=1, max_length=64)
    priority: Literal["elderly", "disability", "pregnant", "child"] | None = None
    client_id: str | None = Field(default=None, min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")
    number: int | None = Field(default=None, ge=1, le=99999, description="offline tickets only")
    issued_at: str | None = Field(default=None, max_length=40,
                                  description="offline tickets only (with number): ISO 8601 with its zone")


class StaffAction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    counter_id: BodyId | None = None


class TransferRequest(StaffAction):
    service_id: str = Field(min_length=1, max_length=8)


class PrintFailure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=300)


may_issue = require(*KIOSK)


@router.post("", status_code=201)
async def issue_ticket(body: TicketRequest, request: Request, who: Principal = Depends(may_issue)):
    # Ordinary requests are answered by fast_path (routes/issue_fast_path.py), through _issue too.
    return await _issue(request, body, who)


async def _issue(request: Request, body: TicketRequest, who: Principal) -> JSONResponse:
    queue = request.app.state.queue
    if body.number is None:  # an offline upload (number + issued_at) is never slowed
        if who.revoked:
            raise revoked_device(who.name)
        request.app.state.repair_hold.check()      # after a torn WAL (kiosk/server/repair_hold.py)
        await _within_issue_rate(request, who)
    ticket, replayed = await request.app.state.writes.run(lambda: _reviewed(queue, who, queue.issue_or_replay(
        body.procedure_code, body.priority, body.client_id, device=who.name, number=body.number,
        issued_at=body.issued_at)))
    # The ticket is plain JSON data already; FastAPI's re-encoding would only cost time here.
    return PlainJSONResponse(ticket, status_code=200 if replayed else 201)


fast_path = IssueFastPath(TicketRequest, may_issue, _issue)


def _reviewed(queue, who: Principal, issued: tuple[dict, bool]) -> tuple[dict, bool]:
    """A revoked kiosk's queued offline ticket is kept (the citizen holds its number) but held
    for staff to review (kiosk/core/review.py); inside the write that stored it."""
    ticket, replayed = issued
    if who.revoked and not replayed:
        ticket = hold_for_review(queue.store, ticket, who.name, queue.clock.now().isoformat(timespec="seconds"))
    return ticket, replayed


async def _within_issue_rate(request: Request, who: Principal) -> None:
    """429 + Retry-After for a kiosk issuing faster than a human could; staff are told once
    a minute per kiosk by a `kiosk.throttled` event and the server log."""
    state = request.app.state
    try:
        state.throttle.check_issue(who.name)
    except TooMany as error:
        if error.tell_staff:
            log.warning("kiosk %s issues tickets faster than %s; slowed", who.name, state.config.limits.kiosk_issue_rate)
            data = {"device": who.name, "rate": state.config.limits.kiosk_issue_rate}
            now = state.queue.clock.now().isoformat(timespec="seconds")
            await state.writes.run(lambda: append_centre_event(state.store, KIOSK_THROTTLED, now, who.name, data))
        raise


class TicketBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tickets: list[TicketRequest] = Field(min_length=1, max_length=100)


@router.post("/batch")
async def issue_batch(body: TicketBatch, request: Request, who: Principal = Depends(require(*KIOSK))):
    """A kiosk's outbox, in order, in one request and one commit. Each ticket is handled
    exactly like POST /api/tickets (idempotent by client_id) and gets its own status; one
    refused ticket does not undo the others. {"results": [{"client_id", "status", "ticket" | "detail"}]}"""
    queue = request.app.state.queue

    def issue_all() -> list[dict]:
        results = []
        for item in body.tickets:
            try:
                if who.revoked and item.number is None:
                    raise revoked_device(who.name)
                ticket, replayed = _reviewed(queue, who, queue.issue_or_replay(
                    item.procedure_code, item.priority, item.client_id, device=who.name, number=item.number,
                    issued_at=item.issued_at))
            except QueueError as error:
                results.append({"client_id": item.client_id, "status": STATUS[error.kind], "detail": error.as_detail()})
                continue
            results.append({"client_id": item.client_id, "status": 200 if replayed else 201, "ticket": ticket})
        return results
    return {"results": await request.app.state.writes.run(issue_all)}


@router.get("/{ticket_id}")
async def get_ticket(ticket_id: PathId, request: Request, who: Principal = Depends(require(*KIOSK, "manager"))):
    """A kiosk reads only the tickets it issued; public_id and client_id only go back to it."""
    state = request.app.state
    check_readable(state.store, who, ticket_id)
    return shown_to(who, state.queue.ticket(ticket_id), state.store)


def _staff_action(name: str, method: str):
    async def action(ticket_id: PathId, request: Request, body: StaffAction | None = None,
                     who: Principal = Depends(require(*STAFF))):
        counter_id = body.counter_id if body else None
        operation = getattr(request.app.state.queue, method)
        return without_secrets(await request.app.state.writes.run(
            lambda: operation(ticket_id, staff=who.name, counter_id=counter_id)))
    action.__name__ = f"ticket_{method}"
    router.add_api_route(f"/{{ticket_id}}/{name}", action, methods=["POST"], name=f"ticket {name}")


for _name, _method in (("recall", "recall"), ("no-show", "no_show"), ("finish", "finish"), ("start", "start"),
                       ("undo-no-show", "undo_no_show"), ("requeue", "requeue")):
    _staff_action(_name, _method)


@router.post("/{ticket_id}/cancel")
async def cancel_ticket(ticket_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    queue = request.app.state.queue
    return without_secrets(await request.app.state.writes.run(lambda: queue.cancel(ticket_id, staff=who.name)))


@router.post("/{ticket_id}/transfer")
async def transfer_ticket(ticket_id: PathId, body: TransferRequest, request: Request,
                          who: Principal = Depends(require(*STAFF))):
    queue = request.app.state.queue
    return without_secrets(await request.app.state.writes.run(
        lambda: queue.transfer(ticket_id, body.service_id, staff=who.name, counter_id=body.counter_id)))


@router.post("/{ticket_id}/call")
async def call_ticket(ticket_id: PathId, body: StaffAction, request: Request, who: Principal = Depends(require(*STAFF))):
    if body.counter_id is None:
        raise invalid("counter_id", "counter_id is required to call a specific ticket", "Vui lòng chọn quầy.")
    queue = request.app.state.queue
    return without_secrets(await request.app.state.writes.run(
        lambda: queue.call(ticket_id, body.counter_id, staff=who.name)))


@router.post("/{ticket_id}/print-failed")
async def print_failed(ticket_id: PathId, body: PrintFailure, request: Request,
                       who: Principal = Depends(require(*KIOSK))):
    state = request.app.state
    check_readable(state.store, who, ticket_id)
    ticket = await state.writes.run(lambda: state.queue.mark_print_failed(ticket_id, body.reason, device=who.name))
    return shown_to(who, ticket, state.store)


@router.post("/{ticket_id}/printed")
async def printed(ticket_id: PathId, request: Request, who: Principal = Depends(require(*KIOSK))):
    state = request.app.state
    check_readable(state.store, who, ticket_id)
    ticket = await state.writes.run(lambda: state.queue.mark_printed(ticket_id, device=who.name))
    return shown_to(who, ticket, state.store)
