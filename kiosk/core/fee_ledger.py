"""The fee ledger (sổ thu phí) of a period, from its receipts: totals by procedure, payment
method and cashier over the receipts that stand; voided receipts listed apart, never counted."""
from __future__ import annotations

from kiosk.core.receipts import METHODS
from kiosk.core.reports import Period


def ledger(receipts: list[dict], period: Period, centre: str = "") -> dict:
    standing = [r for r in receipts if not r["voided"]]
    voided = [r for r in receipts if r["voided"]]
    return {
        "centre": centre, "period": period.as_dict(),
        "total": sum(r["amount"] for r in standing), "count": len(standing),
        "by_procedure": _totals(standing, lambda r: (r["procedure_code"] or "", r["procedure_name"] or "")),
        "by_method": _totals(standing, lambda r: (r["method"], METHODS[r["method"]])),
        "by_cashier": _totals(standing, lambda r: (r["cashier"] or "", r["cashier"] or "")),
        "receipts": [_line(r) for r in standing],
        "voided": [_line(r) | {"voided_at": r["voided_at"], "voided_by": r["voided_by"], "void_reason": r["void_reason"]}
                   for r in voided],
        "voided_total": sum(r["amount"] for r in voided),
        "pending_transfers": [_line(r) for r in standing if r["method"] == "transfer" and not r["transfer_confirmed_at"]],
    }


def _totals(receipts: list[dict], key) -> list[dict]:
    rows: dict[tuple, dict] = {}
    for receipt in receipts:
        ident, label = key(receipt)
        row = rows.setdefault(ident, {"key": ident, "label": label, "count": 0, "amount": 0})
        row["count"] += 1
        row["amount"] += receipt["amount"]
    return sorted(rows.values(), key=lambda r: (-r["amount"], r["key"]))


def _line(receipt: dict) -> dict:
    return {name: receipt[name] for name in (
        "id", "series", "number", "issued_at", "cashier", "ticket_number", "procedure_code", "procedure_name",
        "quantities", "amount", "computed_amount", "override_reason", "method", "transfer_reference",
        "transfer_confirmed_at")}


def ledger_for(store, period: Period, centre: str = "", cashier: str | None = None) -> dict:
    """The ledger of the period's receipts (one cashier's only, for a closing sheet)."""
    first, last = period.first.isoformat(), period.last.isoformat()
    rows = [r for r in store.receipts_between(first, last) if cashier is None or r["cashier"] == cashier]
    return ledger(rows, period, centre)
