"""Charging a fee at the counter: the receipt (phiếu thu), its transfer QR, confirming a
transfer by hand, and voiding. A core function takes the store and returns data.

A receipt's number comes from its series inside the same transaction as its row, so
numbers never repeat and never skip; a void is a second record and the receipt stays.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core import fees, vietqr
from kiosk.core.errors import conflict, invalid, not_found
from kiosk.store import Store

METHODS = {"cash": "Tiền mặt", "transfer": "Chuyển khoản"}
CHARGEABLE = ("called", "serving", "done")
REASON_MAX = 300


def charge(store: Store, config: Config, clock: Clock, ticket_id: int, quantities: dict, method: str,
           cashier: str, override: int | None = None, reason: str | None = None) -> dict:
    """Compute the fee of the ticket's procedure and issue its receipt."""
    if method not in METHODS:
        raise invalid("method", f"method must be one of {', '.join(METHODS)}", "Hình thức thu không hợp lệ.")
    if method == "transfer" and not (config.fees.bank_bin and config.fees.account_number):
        raise invalid("method", "fees.bank_bin and fees.account_number are not set in the config",
                      "Trung tâm chưa khai báo tài khoản nhận chuyển khoản.")
    reason = (reason or "").strip()
    with store.write():
        ticket = store.ticket(ticket_id)
        if ticket is None:
            raise not_found("ticket_id", f"no ticket {ticket_id}", "Không tìm thấy phiếu.")
        if ticket["status"] not in CHARGEABLE:
            raise conflict(f"ticket {ticket_id} is {ticket['status']}, not being or been served",
                           "Chỉ thu phí cho lượt đang hoặc đã được phục vụ.", "ticket_id")
        rule = (store.fee_rule(ticket["procedure_code"] or "") or {"rule": None})["rule"]
        q = fees.Quantities.of(quantities)
        computed = fees.amount(rule, q) if fees.is_computable(rule) else None
        amount = _final_amount(computed, override, reason)
        now = clock.now()
        receipt = store.insert_receipt({
            "public_id": secrets.token_urlsafe(9), "series": config.fees.series,
            "number": store.next_receipt_number(config.fees.series), "day": now.date().isoformat(),
            "issued_at": now.isoformat(timespec="seconds"), "cashier": cashier, "counter_id": ticket["counter_id"],
            "ticket_id": ticket_id, "ticket_number": ticket["number"], "procedure_code": ticket["procedure_code"],
            "procedure_name": ticket["procedure_name"], "quantities": q.as_dict(fees.needs(rule) if rule else ()),
            "computed_amount": computed, "amount": amount, "override_reason": reason or None, "method": method,
            "transfer_reference": transfer_reference(config, ticket, now) if method == "transfer" else None})
        if amount != computed:
            store.add_audit({"at": _now(clock), "actor": cashier, "action": "fee.override", "entity": "receipt",
                             "entity_id": f"{receipt['series']}-{receipt['number']}", "summary": reason,
                             "before": {"computed": computed}, "after": {"amount": amount}})
    return receipt


def _final_amount(computed: int | None, override: int | None, reason: str) -> int:
    if override is None:
        if computed is None:
            raise conflict("the procedure has no computable fee rule; enter the amount with a reason",
                           "Thủ tục chưa có cách tính lệ phí: nhập số tiền và lý do.", "amount")
        return computed
    if not isinstance(override, int) or isinstance(override, bool) or not 0 <= override <= fees.MAX_AMOUNT:
        raise invalid("amount", f"amount is a whole number of đồng from 0 to {fees.MAX_AMOUNT}", "Số tiền không hợp lệ.")
    if override != computed and not 3 <= len(reason) <= REASON_MAX:
        raise invalid("reason", "an amount other than the computed one needs a reason (3 to 300 characters)",
                      "Vui lòng ghi lý do khi sửa số tiền.")
    return override


def transfer_reference(config: Config, ticket: dict, moment: datetime) -> str:
    """PHI 2001 0412: the ticket's number and day, so staff match the transfer on the bank's app."""
    return config.fees.reference.format(ticket=ticket["number"], ddmm=moment.strftime("%d%m"))


def transfer_payload(config: Config, receipt: dict) -> str | None:
    if receipt["method"] != "transfer":
        return None
    return vietqr.payload(config.fees.bank_bin, config.fees.account_number, receipt["amount"],
                          receipt["transfer_reference"])


def confirm_transfer(store: Store, clock: Clock, receipt_id: int, by: str) -> dict:
    receipt = _receipt(store, receipt_id)
    with store.write():
        if not store.confirm_transfer(receipt_id, _now(clock), by):
            raise conflict("not a transfer, or confirmed already", "Phiếu này không chờ xác nhận chuyển khoản.")
    return store.receipt(receipt["id"])


def void(store: Store, clock: Clock, receipt_id: int, by: str, reason: str) -> dict:
    """A manager voids a receipt with a reason; the receipt and the void both stay."""
    reason = (reason or "").strip()
    if not 3 <= len(reason) <= REASON_MAX:
        raise invalid("reason", "a void needs a reason (3 to 300 characters)", "Vui lòng ghi lý do hủy phiếu thu.")
    receipt = _receipt(store, receipt_id)
    with store.write():
        if not store.insert_void(receipt_id, _now(clock), by, reason):
            raise conflict("the receipt is voided already", "Phiếu thu này đã bị hủy trước đó.")
        store.add_audit({"at": _now(clock), "actor": by, "action": "receipt.void", "entity": "receipt",
                         "entity_id": f"{receipt['series']}-{receipt['number']}", "summary": reason,
                         "before": {"voided": False}, "after": {"voided": True}})
    return store.receipt(receipt_id)


def view(config: Config, receipt: dict) -> dict:
    """The receipt as the API, the printers and the verification page show it."""
    return {**receipt, "number_text": f"{receipt['number']:07d}", "amount_text": fees.money(receipt["amount"]),
            "amount_words": fees.amount_in_words(receipt["amount"], config.speech.region),
            "method_label": METHODS[receipt["method"]], "centre": config.centre.name,
            "verify_url": f"{config.server.public_url.rstrip('/')}/phieu-thu/{receipt['public_id']}",
            "transfer_qr": transfer_payload(config, receipt)}


def _receipt(store: Store, receipt_id: int) -> dict:
    receipt = store.receipt(receipt_id)
    if receipt is None:
        raise not_found("receipt_id", f"no receipt {receipt_id}", "Không tìm thấy phiếu thu.")
    return receipt


def _now(clock: Clock) -> str:
    return clock.now().isoformat(timespec="seconds")
