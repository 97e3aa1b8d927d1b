"""Public pages: health, and the citizen's ticket page opened from the receipt's QR code."""
from __future__ import annotations

import html
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from kiosk.core.centre import catalogue_version, procedure_view
from kiosk.core.errors import QueueError
from kiosk.server.routes import citizen
from kiosk.server.backups import health_fields
from kiosk.server.inline_json import script_json
from kiosk.core.wording import vietnamese, wait_minutes_message

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"
_PRIVATE = ("client_id",)


@router.get("/api/health")
async def health(request: Request):
    state = request.app.state
    return {"status": "ok", "centre": state.config.centre.name, "time": state.queue.clock.now().isoformat(),
            "day": state.queue.clock.today(), "last_event_id": state.store.last_event_id(),
            "schema_version": state.store.db.execute("PRAGMA user_version").fetchone()[0],
            "catalogue_version": catalogue_version(state.store), "storage": state.storage.state()["status"],
            "numbering": state.queue.numbers.state(state.store.services(), state.queue.clock.today()),
            **health_fields(state.db_path, state.started)}


@router.get("/api/public/tickets/{public_id}")
async def public_ticket(public_id: str, request: Request):
    state = request.app.state
    ticket = state.queue.ticket_by_public_id(public_id)
    procedure = state.store.procedure(ticket["procedure"]["code"])
    view = {k: v for k, v in ticket.items() if k not in _PRIVATE}
    view["documents"] = procedure_view(procedure, state.config)["documents"] if procedure else []
    view["centre"] = state.config.centre.name
    view["day_over"] = ticket["day"] != state.queue.clock.today()   # a no-show is re-queued the same day only
    view["wait_text"] = vietnamese(wait_minutes_message(ticket.get("estimated_wait_minutes")))
    return view


@router.get("/t/{public_id}", response_class=HTMLResponse)
async def ticket_page(public_id: str, request: Request):
    from printers.receipt import TEST_PUBLIC_ID
    state = request.app.state
    if public_id == TEST_PUBLIC_ID:
        return citizen.printer_test_page(request)
    try:
        ticket = await public_ticket(public_id, request)
    except QueueError as error:
        if error.kind != "not_found":
            raise
        return citizen.missing_ticket_page(request)
    if ticket["status"] == "expired":
        return citizen.expired_ticket_page(request, ticket)
    page = (PAGES / "ticket.html").read_text(encoding="utf-8")
    return HTMLResponse(page.replace("{{centre}}", html.escape(state.config.centre.name))
                        .replace("{{number}}", str(ticket["number"]))
                        .replace("{{initial}}", script_json(ticket)))
