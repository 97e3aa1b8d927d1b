"""Which day the reports page opens on: `GET /api/reports/days` (admin or manager) ->
`{"today", "latest"}`, `latest` being the last day with any ticket (null when none yet)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from kiosk.core.accounts import Principal
from kiosk.server.auth import READERS, require

router = APIRouter()


@router.get("/api/reports/days")
async def report_days(request: Request, who: Principal = Depends(require(*READERS))):
    state = request.app.state
    today = state.queue.clock.today()
    return {"today": today, "latest": state.store.latest_ticket_day(today)}
