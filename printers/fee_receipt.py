"""The payment receipt (phiếu thu lệ phí) on the counter's thermal printer.

Built from the receipt view of kiosk/core/receipts.py (`view`); printed through the same
printers as the queue receipt (`printer.print_document(FeeReceipt.from_view(view))`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.core.fees import UNITS
from printers.layout import Block, Cut, Qr, Rule, Space, Text
from printers.vietnamese import nfc


def quantities_text(quantities: dict) -> str:
    """{"pages": 5, "copies": 2} -> "5 trang × 2 bản" ("" when the fee takes none)."""
    order = ("pages", "copies", "signatures")
    return " × ".join(f"{quantities[name]} {UNITS[name]}" for name in order if name in quantities)


def issued_text(issued_at: str) -> str:
    moment = datetime.fromisoformat(issued_at)
    return moment.strftime("%H:%M ngày %d/%m/%Y")


@dataclass(frozen=True)
class FeeReceipt:
    centre: str
    series: str
    number: str
    issued: str
    cashier: str
    procedure: str
    quantities: str
    amount: str
    amount_words: str
    method: str
    ticket_number: str
    verify_url: str
    transfer_qr: str | None = None
    transfer_reference: str | None = None
    voided: bool = False
    override_reason: str | None = None

    @classmethod
    def from_view(cls, view: dict) -> "FeeReceipt":
        return cls(centre=nfc(view["centre"]), series=view["series"], number=view["number_text"],
                   issued=issued_text(view["issued_at"]), cashier=nfc(view["cashier"] or ""),
                   procedure=nfc(view["procedure_name"] or ""), quantities=quantities_text(view["quantities"]),
                   amount=view["amount_text"], amount_words=view["amount_words"], method=view["method_label"],
                   ticket_number=str(view["ticket_number"]), verify_url=view["verify_url"],
                   transfer_qr=view.get("transfer_qr"), transfer_reference=view.get("transfer_reference"),
                   voided=bool(view.get("voided")), override_reason=view.get("override_reason"))

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) in print order; the A5 PDF uses the same lines."""
        lines = [("Ký hiệu", self.series), ("Số", self.number), ("Thời gian", self.issued),
                 ("Người thu", self.cashier), ("Số thứ tự", self.ticket_number), ("Thủ tục", self.procedure)]
        if self.quantities:
            lines.append(("Số lượng", self.quantities))
        lines += [("Số tiền", self.amount), ("Bằng chữ", self.amount_words), ("Hình thức", self.method)]
        if self.transfer_reference:
            lines.append(("Nội dung CK", self.transfer_reference))
        if self.override_reason:
            lines.append(("Ghi chú", self.override_reason))
        return lines

    def blocks(self) -> list[Block]:
        blocks: list[Block] = [Text(self.centre, "small"), Text("PHIẾU THU LỆ PHÍ", "title", bold=True)]
        if self.voided:
            blocks.append(Text("ĐÃ HỦY", "title", bold=True))
        blocks.append(Rule())
        for label, value in self.lines():
            bold = label in ("Số", "Số tiền")
            blocks.append(Text(f"{label}: {value}", bold=bold, align="left"))
        if self.transfer_qr:
            blocks += [Space(12), Text("Quét mã VietQR để chuyển khoản", "small", bold=True), Qr(self.transfer_qr)]
        blocks += [Space(28), Qr(self.verify_url), Space(4),
                   Text("Quét mã QR để kiểm tra phiếu thu", "small"),
                   Text("Phiếu thu lệ phí, không phải biên lai điện tử.", "small"), Cut()]
        return blocks
