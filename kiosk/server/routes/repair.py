"""Repair from the kiosks (kiosk/core/repair.py): compare the day's tickets, re-adopt lost ones."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from kiosk.core.accounts import Principal
from kiosk.core.repair import MAX_TICKETS, Repair
from kiosk.server.auth import require

router = APIRouter(prefix="/api/repair")
DAY = r"^\d{4}-\d{2}-\d{2}$"


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: str = Field(pattern=DAY)
    count: int = Field(ge=0, le=100_000)
    digest: str = Field(min_length=32, max_length=32, pattern=r"^[0-9a-f]+$")


class HeldTicket(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9-]+$")
    service_id: str = Field(min_length=1, max_length=8)
    number: int = Field(ge=1, le=99999)
    issued_at: str = Field(min_length=10, max_length=40)
    procedure_code: str = Field(min_length=1, max_length=64)
    procedure_name: str | None = Field(default=None, max_length=500)
    priority: Literal["elderly", "disability", "pregnant", "child"] | None = None
    offline: bool = False
    public_id: str | None = Field(default=None, max_length=64)


class HeldTickets(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day: str = Field(pattern=DAY)
    tickets: list[HeldTicket] = Field(max_length=MAX_TICKETS)
    unshown: list[str] = Field(default=[], max_length=10, description="client_ids given online, not shown yet")


@router.post("/compare")
async def compare(body: Comparison, request: Request, who: Principal = Depends(require("kiosk"))):
    """{"day", "match", "count", "digest"}: the server's count and hash of this kiosk's tickets that day."""
    outcome = Repair(request.app.state.queue).compare(body.day, who.name, body.count, body.digest)
    if outcome["match"]:
        request.app.state.repair_hold.reconciled(who.name)
    return outcome


@router.post("/tickets")
async def adopt(body: HeldTickets, request: Request, who: Principal = Depends(require("kiosk"))):
    """Re-adopt the listed tickets the server does not hold, with their numbers and times."""
    repair = Repair(request.app.state.queue)
    tickets = [t.model_dump() for t in body.tickets]
    outcome = await request.app.state.writes.run(lambda: repair.adopt(body.day, who.name, tickets, body.unshown))
    request.app.state.repair_hold.reconciled(who.name)
    return outcome
