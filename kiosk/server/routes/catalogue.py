"""Read-only views of the centre: procedures, services, counters and the live queue."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from kiosk.core.accounts import Principal
from kiosk.core.centre import procedure_view
from kiosk.core.errors import not_found
from kiosk.core.fee_rules import example_fields
from kiosk.server.audience import overview_for, viewer

router = APIRouter(prefix="/api")


@router.get("/procedures")
async def procedures(request: Request, include_retired: bool = False):
    state = request.app.state
    rules = state.store.fee_rules()
    return [procedure_view(row, state.config) | example_fields((rules.get(row["code"]) or {}).get("rule"))
            for row in state.store.procedures(active_only=not include_retired)]


@router.get("/procedures/{code}")
async def procedure(code: str, request: Request):
    state = request.app.state
    row = state.store.procedure(code)
    if row is None:
        raise not_found("code", f"unknown procedure code {code!r}", "Không tìm thấy thủ tục này.")
    return procedure_view(row, state.config) | example_fields((state.store.fee_rule(code) or {}).get("rule"))


@router.get("/services")
async def services(request: Request):
    return [{k: v for k, v in s.items() if k != "sort"} for s in request.app.state.store.services()]


@router.get("/counters")
async def counters(request: Request):
    return [{k: v for k, v in c.items() if k != "priority_streak"} for c in request.app.state.store.counters()]


@router.get("/queue")
async def queue_overview(request: Request, who: Principal = Depends(viewer)):
    """The public sees numbers and a priority flag; staff also the priority kind and procedure."""
    return overview_for(who, request.app.state.queue.overview())
