"""Satisfaction ratings (ticket page and counter tablet) and reports (admin and manager).

Ratings:
- GET  /api/ratings/options                      faces and reasons, public
- GET  /api/public/tickets/{public_id}/rating    may this ticket be rated, and its rating
- POST /api/public/tickets/{public_id}/rating    {rating, reason?}; only once the ticket is done
- POST /api/public/tickets/{public_id}/rating/reason  {reason}; once
- GET  /api/counters/{id}/rating                 the ticket just finished there (204 when none);
                                                 device token with role `display` (the tablet)
- POST /api/counters/{id}/rating                 {ticket_id, rating, reason?}
- POST /api/counters/{id}/rating/reason          {ticket_id, reason}
Reports (admin or manager):
- GET /api/reports?period=day|week|month|quarter|custom&date=&month=&quarter=&from=&to=
- GET /api/reports/export?format=xlsx|csv|pdf&...  the same as a file
- GET /reports                                    the page
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict

from kiosk.core.accounts import Principal
from kiosk.core.reports import compute, parse_period, report_inputs
from kiosk.core.satisfaction import REASONS, RATINGS, Satisfaction, options
from kiosk.reporting.charts import report_charts
from kiosk.reporting.export import MEDIA_TYPES, file_name, report_bytes
from kiosk.reporting.pdf import place_of
from kiosk.reporting.tables import report_tables
from kiosk.server.auth import READERS, require
from kiosk.server.ids import BodyId, PathId

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"
TABLET = ("display",)

Rating = Literal[RATINGS]  # type: ignore[valid-type]
Reason = Literal[REASONS]  # type: ignore[valid-type]


class WebRating(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rating: Rating
    reason: Reason | None = None


class ReasonOnly(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class CounterRating(WebRating):
    ticket_id: BodyId


class CounterReason(ReasonOnly):
    ticket_id: BodyId


def _satisfaction(request: Request) -> Satisfaction:
    return Satisfaction(request.app.state.queue)


# -- ratings ------------------------------------------------------------------------------
@router.get("/api/ratings/options")
async def rating_options():
    return options()


@router.get("/api/public/tickets/{public_id}/rating")
async def web_rating_state(public_id: str, request: Request):
    return _satisfaction(request).state_by_public_id(public_id)


@router.post("/api/public/tickets/{public_id}/rating", status_code=201)
async def web_rate(public_id: str, body: WebRating, request: Request):
    return _satisfaction(request).rate_by_public_id(public_id, body.rating, body.reason)


@router.post("/api/public/tickets/{public_id}/rating/reason")
async def web_reason(public_id: str, body: ReasonOnly, request: Request):
    return _satisfaction(request).add_reason_by_public_id(public_id, body.reason)


@router.get("/api/counters/{counter_id}/rating", responses={204: {"description": "nothing to rate now"}})
async def counter_pending(counter_id: PathId, request: Request, who: Principal = Depends(require(*TABLET))):
    pending = _satisfaction(request).pending_at_counter(counter_id)
    return pending if pending is not None else Response(status_code=204)


@router.post("/api/counters/{counter_id}/rating", status_code=201)
async def counter_rate(counter_id: PathId, body: CounterRating, request: Request,
                       who: Principal = Depends(require(*TABLET))):
    return _satisfaction(request).rate_at_counter(counter_id, body.ticket_id, body.rating, body.reason,
                                                  device=who.name)


@router.post("/api/counters/{counter_id}/rating/reason")
async def counter_reason(counter_id: PathId, body: CounterReason, request: Request,
                         who: Principal = Depends(require(*TABLET))):
    return _satisfaction(request).add_reason_at_counter(counter_id, body.ticket_id, body.reason, device=who.name)


# -- reports ------------------------------------------------------------------------------
async def _report(request: Request, period: str, date: str | None, month: str | None, quarter: str | None,
                  first: str | None, last: str | None) -> dict:
    """Read the rows on the event loop's thread (it owns the database connection), then
    compute off it: a quarter of events takes a moment and must not stall the live streams."""
    state = request.app.state
    chosen = parse_period(period, state.queue.clock.now().date(), date, month, quarter, first, last)
    inputs = report_inputs(state.store, chosen)
    return await run_in_threadpool(lambda: compute(**inputs, centre=state.config.centre.name))


@router.get("/api/reports")
async def get_report(request: Request, period: str = "day", date: str | None = None, month: str | None = None,
                     quarter: str | None = None, first: str | None = Query(None, alias="from"),
                     last: str | None = Query(None, alias="to"), who: Principal = Depends(require(*READERS))):
    report = await _report(request, period, date, month, quarter, first, last)
    tables = [{"key": t.key, "title": t.title, "headers": t.headers, "rows": t.rows} for t in report_tables(report)]
    charts = await run_in_threadpool(report_charts, report)
    return {"report": report, "tables": tables, "charts": charts}


@router.get("/api/reports/export")
async def export_report(request: Request, format: Literal["xlsx", "csv", "pdf"] = "xlsx", period: str = "day",
                        date: str | None = None, month: str | None = None, quarter: str | None = None,
                        first: str | None = Query(None, alias="from"), last: str | None = Query(None, alias="to"),
                        who: Principal = Depends(require(*READERS))):
    state = request.app.state
    report = await _report(request, period, date, month, quarter, first, last)
    options = {"made_on": state.queue.clock.now().date(), "place": place_of(state.config.centre.address)} \
        if format == "pdf" else {}
    data = await run_in_threadpool(report_bytes, report, format, **options)
    name = file_name(report, format)
    return Response(data, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})


@router.get("/reports", response_class=HTMLResponse)
async def reports_page():
    return HTMLResponse((PAGES / "reports.html").read_text(encoding="utf-8"))
