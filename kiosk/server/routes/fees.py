"""Fees at the counter (docs/CONTRACTS.md "Fees"): rules, charging, receipts, voids, the ledger.

- GET  /api/procedures/{code}/fee              public: text, rule, status, worked example
- GET  /api/tickets/{id}/fee                   staff: the same for the ticket's procedure
- PUT  /api/admin/procedures/{code}/fee-rule   admin: {rule} (null clears it)
- POST /api/fees/quote                         staff/admin: {rule | code, quantities} -> amount, example
- POST /api/tickets/{id}/receipts              staff: charge the ticket {quantities, method, amount?, reason?}
- GET  /api/tickets/{id}/receipts              staff
- GET  /api/receipts/{id}                      staff, manager, admin
- POST /api/receipts/{id}/print                staff: on the server's (counter's) thermal printer
- GET  /api/receipts/{id}/receipt.pdf | .png   A5 PDF | thermal preview; vietqr.png the transfer code
- POST /api/receipts/{id}/confirm-transfer     staff, by hand (no bank connection)
- POST /api/receipts/{id}/void                 manager/admin: {reason}
- GET  /api/fees/ledger?period=...             manager/admin; /export?format=xlsx|csv|pdf
- GET  /api/fees/receipts/export?format=csv|xml&period=...   for e-receipt software (docs/fees.md)
- GET  /phieu-thu/{public_id}                  public verification page (the receipt's QR code)
"""
from __future__ import annotations

import io
from html import escape
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from kiosk.core import fees, receipts
from kiosk.core.accounts import Principal
from kiosk.core.errors import not_found
from kiosk.core.fee_ledger import ledger_for
from kiosk.core.fee_rules import rule_view, save_rule
from kiosk.core.reports import parse_period
from kiosk.reporting.export import MEDIA_TYPES
from kiosk.server.auth import ADMIN, READERS, STAFF, require
from kiosk.server.ids import PathId

router = APIRouter()
PAGES = Path(__file__).resolve().parent.parent / "pages"
MANAGERS = ("manager", "admin")
Quantity = Field(default=None, ge=1, le=fees.MAX_QUANTITY)


class QuantitiesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    copies: int | None = Quantity
    pages: int | None = Quantity
    signatures: int | None = Quantity

    def given(self) -> dict:
        return self.model_dump(exclude_none=True)


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: dict | None


class QuoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: dict | None = None
    code: str | None = Field(default=None, max_length=64)
    quantities: QuantitiesIn = QuantitiesIn()


class ChargeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantities: QuantitiesIn = QuantitiesIn()
    method: Literal["cash", "transfer"] = "cash"
    amount: int | None = Field(default=None, ge=0, le=fees.MAX_AMOUNT, description="an override of the computed fee")
    reason: str | None = Field(default=None, max_length=receipts.REASON_MAX)


class VoidIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(max_length=receipts.REASON_MAX)


# -- rules ---------------------------------------------------------------------------
@router.get("/api/procedures/{code}/fee")
async def procedure_fee(code: str, request: Request):
    store = request.app.state.store
    procedure = store.procedure(code)
    if procedure is None:
        raise not_found("code", f"no procedure {code!r}", "Không tìm thấy thủ tục.")
    return rule_view(store, procedure)


@router.get("/api/tickets/{ticket_id}/fee")
async def ticket_fee(ticket_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    """The fee of the ticket's procedure, for the console's "Thu phí"."""
    state = request.app.state
    ticket = state.store.ticket(ticket_id)
    procedure = state.store.procedure(ticket["procedure_code"] or "") if ticket else None
    if procedure is None:
        raise not_found("ticket_id", f"no ticket {ticket_id} with a procedure", "Không tìm thấy phiếu hoặc thủ tục.")
    return rule_view(state.store, procedure)


@router.put("/api/admin/procedures/{code}/fee-rule")
async def put_fee_rule(code: str, body: RuleIn, request: Request, who: Principal = Depends(require(*ADMIN))):
    state = request.app.state
    return await state.writes.run(lambda: save_rule(state.store, state.queue.clock, code, body.rule, who.name))


@router.post("/api/fees/quote")
async def quote_fee(body: QuoteIn, request: Request, who: Principal = Depends(require(*STAFF))):
    rule = body.rule
    if rule is None and body.code:
        rule = (request.app.state.store.fee_rule(body.code) or {}).get("rule")
    if rule is not None:
        fees.check_rule(rule)
    q = fees.Quantities.of(body.quantities.given())
    computable = fees.is_computable(rule)
    return {"rule": rule, "needs": list(fees.needs(rule)) if rule else [], "computable": computable,
            "amount": fees.amount(rule, q) if computable else None, "example": fees.example(rule, q),
            "default_example": fees.example(rule)}


# -- receipts ------------------------------------------------------------------------
@router.post("/api/tickets/{ticket_id}/receipts", status_code=201)
async def charge(ticket_id: PathId, body: ChargeIn, request: Request, who: Principal = Depends(require(*STAFF))):
    state = request.app.state
    receipt = await state.writes.run(lambda: receipts.charge(
        state.store, state.config, state.queue.clock, ticket_id, body.quantities.given(), body.method, who.name,
        body.amount, body.reason))
    return receipts.view(state.config, receipt)


@router.get("/api/tickets/{ticket_id}/receipts")
async def ticket_receipts(ticket_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    state = request.app.state
    return [receipts.view(state.config, r) for r in state.store.receipts_for_ticket(ticket_id)]


@router.get("/api/receipts/{receipt_id}")
async def get_receipt(receipt_id: PathId, request: Request, who: Principal = Depends(require(*STAFF, *READERS))):
    return _view(request, receipt_id)


@router.post("/api/receipts/{receipt_id}/print")
async def print_receipt(receipt_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    from kiosk.server.routes.staff import _printer
    from printers.fee_receipt import FeeReceipt

    document = FeeReceipt.from_view(_view(request, receipt_id))
    outcome = await run_in_threadpool(_printer(request.app.state).print_document, document)
    return {"ok": outcome.ok, "code": outcome.code, "message": outcome.message, "warning": outcome.warning}


@router.get("/api/receipts/{receipt_id}/receipt.pdf")
async def receipt_pdf(receipt_id: PathId, request: Request, who: Principal = Depends(require(*STAFF, *READERS))):
    from kiosk.reporting.receipt_pdf import receipt_pdf as make_pdf
    from printers.fee_receipt import FeeReceipt

    view = _view(request, receipt_id)
    data = await run_in_threadpool(make_pdf, FeeReceipt.from_view(view))
    return _file(data, "application/pdf", f"phieu-thu-{view['series']}-{view['number_text']}.pdf", inline=True)


@router.get("/api/receipts/{receipt_id}/receipt.png")
async def receipt_png(receipt_id: PathId, request: Request, who: Principal = Depends(require(*STAFF, *READERS))):
    from printers import render_png
    from printers.fee_receipt import FeeReceipt

    image = await run_in_threadpool(render_png, FeeReceipt.from_view(_view(request, receipt_id)),
                                    request.app.state.config.printer.paper_width)
    return Response(_png(image), media_type="image/png")


@router.get("/api/receipts/{receipt_id}/vietqr.png")
async def vietqr_png(receipt_id: PathId, request: Request, who: Principal = Depends(require(*STAFF, *READERS))):
    from kiosk.admin.poster import qr_image

    view = _view(request, receipt_id)
    if not view["transfer_qr"]:
        raise not_found("receipt_id", "the receipt is not paid by transfer", "Phiếu thu này không thu chuyển khoản.")
    return Response(_png(qr_image(view["transfer_qr"], 320)), media_type="image/png")


@router.post("/api/receipts/{receipt_id}/confirm-transfer")
async def confirm_transfer(receipt_id: PathId, request: Request, who: Principal = Depends(require(*STAFF))):
    state = request.app.state
    receipt = await state.writes.run(lambda: receipts.confirm_transfer(state.store, state.queue.clock, receipt_id,
                                                                       who.name))
    return receipts.view(state.config, receipt)


@router.post("/api/receipts/{receipt_id}/void")
async def void(receipt_id: PathId, body: VoidIn, request: Request, who: Principal = Depends(require(*MANAGERS))):
    state = request.app.state
    receipt = await state.writes.run(lambda: receipts.void(state.store, state.queue.clock, receipt_id, who.name,
                                                           body.reason))
    return receipts.view(state.config, receipt)


# -- ledger and exports --------------------------------------------------------------
def _ledger(request: Request, period, date, month, quarter, first, last) -> dict:
    state = request.app.state
    chosen = parse_period(period, state.queue.clock.now().date(), date, month, quarter, first, last)
    return ledger_for(state.store, chosen, state.config.centre.name)


@router.get("/api/fees/ledger")
async def get_ledger(request: Request, period: str = "day", date: str | None = None, month: str | None = None,
                     quarter: str | None = None, first: str | None = Query(None, alias="from"),
                     last: str | None = Query(None, alias="to"), who: Principal = Depends(require(*READERS))):
    from kiosk.reporting.fee_ledger import ledger_tables

    ledger = _ledger(request, period, date, month, quarter, first, last)
    tables = [{"key": t.key, "title": t.title, "headers": t.headers, "rows": t.rows} for t in ledger_tables(ledger)]
    return {"ledger": ledger, "tables": tables}


@router.get("/api/fees/ledger/export")
async def export_ledger(request: Request, format: Literal["xlsx", "csv", "pdf"] = "xlsx", period: str = "day",
                        date: str | None = None, month: str | None = None, quarter: str | None = None,
                        first: str | None = Query(None, alias="from"), last: str | None = Query(None, alias="to"),
                        who: Principal = Depends(require(*READERS))):
    from kiosk.reporting.fee_ledger import ledger_bytes
    from kiosk.reporting.pdf import place_of

    state = request.app.state
    ledger = _ledger(request, period, date, month, quarter, first, last)
    data = await run_in_threadpool(ledger_bytes, ledger, format, state.queue.clock.now().date(),
                                   place_of(state.config.centre.address))
    return _file(data, MEDIA_TYPES[format], f"so-thu-phi-{ledger['period']['slug']}.{format}")


@router.get("/api/fees/receipts/export")
async def export_receipts(request: Request, format: Literal["csv", "xml"] = "csv", period: str = "day",
                          date: str | None = None, month: str | None = None, quarter: str | None = None,
                          first: str | None = Query(None, alias="from"), last: str | None = Query(None, alias="to"),
                          who: Principal = Depends(require(*READERS))):
    from kiosk.reporting.receipt_export import receipts_csv, receipts_xml

    state = request.app.state
    chosen = parse_period(period, state.queue.clock.now().date(), date, month, quarter, first, last)
    rows = state.store.receipts_between(chosen.first.isoformat(), chosen.last.isoformat())
    if format == "csv":
        return _file(receipts_csv(rows), "text/csv; charset=utf-8", f"phieu-thu-{chosen.slug}.csv")
    data = receipts_xml(rows, state.config.centre.name, chosen.first.isoformat(), chosen.last.isoformat())
    return _file(data, "application/xml", f"phieu-thu-{chosen.slug}.xml")


@router.get("/reports/fees", response_class=HTMLResponse, include_in_schema=False)
async def ledger_page():
    return HTMLResponse((PAGES / "fees.html").read_text(encoding="utf-8"), headers={"Cache-Control": "no-cache"})


# -- the public verification page ----------------------------------------------------
@router.get("/phieu-thu/{public_id}", response_class=HTMLResponse, include_in_schema=False)
async def verify_page(public_id: str, request: Request):
    from printers.fee_receipt import FeeReceipt

    state = request.app.state
    receipt = state.store.receipt_by_public_id(public_id)
    if receipt is None:
        return HTMLResponse(_page("Không tìm thấy phiếu thu",
                                  "<p class='bad'>Mã này không phải phiếu thu của trung tâm.</p>"), status_code=404)
    view = receipts.view(state.config, receipt)
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in FeeReceipt.from_view(view).lines())
    status = (f"<p class='bad' id='status'>ĐÃ HỦY lúc {escape(receipt['voided_at'])}: {escape(receipt['void_reason'])}</p>"
              if receipt["voided"] else "<p class='good' id='status'>Phiếu thu còn hiệu lực.</p>")
    return HTMLResponse(_page(f"Phiếu thu {view['series']} {view['number_text']}",
                              f"<p>{escape(view['centre'])}</p>{status}<table>{rows}</table>"))


def _page(title: str, body: str) -> str:
    return ("<!doctype html><html lang='vi'><head><meta charset='utf-8'><meta name='viewport' "
            "content='width=device-width, initial-scale=1'><title>" + escape(title) + "</title>"
            "<link rel='stylesheet' href='/static/base.css'><style>body{font-family:'Noto Sans',sans-serif;"
            "max-width:640px;margin:24px auto;padding:0 14px}th{text-align:left;padding:4px 12px 4px 0;"
            "vertical-align:top}.good{color:#14632a;font-weight:700}.bad{color:#a11;font-weight:700}</style>"
            f"</head><body><h1>{escape(title)}</h1>{body}</body></html>")


def _view(request: Request, receipt_id: int) -> dict:
    state = request.app.state
    receipt = state.store.receipt(receipt_id)
    if receipt is None:
        raise not_found("receipt_id", f"no receipt {receipt_id}", "Không tìm thấy phiếu thu.")
    return receipts.view(state.config, receipt)


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _file(data: bytes, media_type: str, name: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f"{disposition}; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"})
