"""The staff console: its page, today's counts for a counter, and failed receipts to reprint."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from kiosk.core import console, missed
from kiosk.core.accounts import Principal
from kiosk.server.auth import READERS, STAFF, require
from kiosk.server.ids import PathId
from kiosk.server.ticket_access import without_secrets

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"


@router.get("/staff", response_class=HTMLResponse, include_in_schema=False)
async def staff_page():
    return HTMLResponse((PAGES / "staff.html").read_text(encoding="utf-8"), headers={"Cache-Control": "no-cache"})


@router.get("/api/counters/{counter_id}/today")
async def counter_today(counter_id: PathId, request: Request, who: Principal = Depends(require(*STAFF, *READERS))):
    return console.counter_today(request.app.state.queue, counter_id)


@router.get("/api/counters/{counter_id}/waiting")
async def counter_waiting(counter_id: PathId, request: Request, who: Principal = Depends(require(*STAFF, *READERS))):
    return console.waiting_for(request.app.state.queue, counter_id)


@router.get("/api/counters/{counter_id}/no-shows")
async def counter_no_shows(counter_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    """Today's no-shows of the counter's services, to undo or re-queue when the citizen comes back."""
    return missed.no_shows_for(request.app.state.queue, counter_id)


@router.get("/api/staff/print-failed")
async def print_failed(request: Request, who: Principal = Depends(require(*STAFF))):
    return [without_secrets(ticket) for ticket in console.print_failed(request.app.state.queue)]


@router.post("/api/tickets/{ticket_id}/reprint")
async def reprint(ticket_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    """Print the receipt again on the server's printer; the ticket is marked printed if it worked."""
    from printers import reprint as print_again

    state = request.app.state
    ticket = console.ticket_to_reprint(state.queue, ticket_id)
    outcome = await run_in_threadpool(print_again, ticket, state.config, _printer(state))
    return without_secrets(console.record_reprint(state.queue, ticket_id, outcome, who.name))


def _printer(state):
    """The configured receipt printer, made once per app (it keeps a warm font cache)."""
    printer = getattr(state, "printer", None)
    if printer is None:
        from printers import make_printer
        printer = state.printer = make_printer(state.config.printer)
    return printer
