"""The fee ledger (sổ thu phí) as tables, XLSX, CSV and PDF; and the cashier's closing sheet
(bảng kê thu lệ phí) for signature at the end of the day."""
from __future__ import annotations

from datetime import date

from kiosk.reporting.export import tables_csv, tables_xlsx
from kiosk.reporting.pdf import date_line
from kiosk.reporting.pdf_layout import MARGIN_LEFT, Doc, font
from kiosk.reporting.tables import Table
from printers.fee_receipt import issued_text, quantities_text

LEDGER_TITLE = "SỔ THU PHÍ, LỆ PHÍ"
CLOSING_TITLE = "BẢNG KÊ THU LỆ PHÍ"
RECEIPT_HEADERS = ["Ký hiệu", "Số", "Thời gian", "Số thứ tự", "Thủ tục", "Số lượng", "Số tiền (đ)",
                   "Hình thức", "Người thu", "Ghi chú"]


def ledger_tables(ledger: dict) -> list[Table]:
    def totals(key, title, heading, rows):
        body = [[r["label"] or r["key"], r["count"], r["amount"]] for r in rows]
        return Table(key, title, [heading, "Số phiếu", "Số tiền (đ)"], body + [["Tổng cộng", ledger["count"], ledger["total"]]])

    voided = [_receipt_row(r)[:8] + [r["voided_by"], r["void_reason"]] for r in ledger["voided"]]
    return [
        totals("by_procedure", "Theo thủ tục", "Thủ tục", ledger["by_procedure"]),
        totals("by_method", "Theo hình thức thu", "Hình thức", ledger["by_method"]),
        totals("by_cashier", "Theo người thu", "Người thu", ledger["by_cashier"]),
        Table("receipts", "Phiếu thu", RECEIPT_HEADERS, [_receipt_row(r) for r in ledger["receipts"]]),
        Table("voided", "Phiếu thu đã hủy", RECEIPT_HEADERS[:8] + ["Người hủy", "Lý do hủy"], voided),
    ]


def _receipt_row(r: dict) -> list:
    note = r["override_reason"] or ""
    if r["method"] == "transfer" and not r["transfer_confirmed_at"]:
        note = (note + "; " if note else "") + "chưa xác nhận chuyển khoản"
    return [r["series"], r["number"], issued_text(r["issued_at"]), r["ticket_number"], r["procedure_name"],
            quantities_text(r["quantities"]), r["amount"], {"cash": "Tiền mặt", "transfer": "Chuyển khoản"}[r["method"]],
            r["cashier"], note]


def ledger_bytes(ledger: dict, fmt: str, made_on: date | None = None, place: str = "") -> bytes:
    tables = ledger_tables(ledger)
    if fmt == "xlsx":
        return tables_xlsx(ledger["centre"], LEDGER_TITLE, ledger["period"]["label"], tables)
    if fmt == "csv":
        return tables_csv(ledger["centre"], LEDGER_TITLE, ledger["period"]["label"], tables).encode("utf-8-sig")
    if fmt == "pdf":
        return ledger_pdf(ledger, LEDGER_TITLE, made_on or date.today(), place)
    raise ValueError(f"unknown ledger format {fmt!r}")


def ledger_pdf(ledger: dict, title: str, made_on: date, place: str = "", cashier: str | None = None) -> bytes:
    """The ledger, or (with `cashier`) one cashier's closing sheet with the signature lines."""
    doc = Doc(title)
    doc.text((ledger["centre"] or "").upper(), font(11, bold=True), "center")
    doc.text(date_line(place, made_on), font(11), "center")
    doc.y += 3
    doc.text(title, font(14, bold=True), "center")
    doc.text(f"Kỳ: {ledger['period']['label']}" + (f" – người thu: {cashier}" if cashier else ""), font(12), "center")
    doc.y += 4
    tables = {t.key: t for t in ledger_tables(ledger)}
    sections = ["receipts", "by_procedure", "by_method", "voided"] + ([] if cashier else ["by_cashier"])
    for number, key in enumerate(sections, start=1):
        table = tables[key]
        doc.heading(f"{number}. {table.title.upper()}")
        widths = [1.2, 0.9, 2.2, 1, 3, 1.6, 1.3, 1.4, 1.2, 1.8] if len(table.headers) == 10 else [4, 1, 1.5]
        doc.table(table.headers, _money_cells(table) or [["–"] + [""] * (len(table.headers) - 1)], widths,
                  size=8 if len(table.headers) == 10 else 10)
    doc.text(f"Tổng số tiền đã thu: {ledger['total']:,} đồng ({ledger['count']} phiếu); "
             f"phiếu đã hủy: {len(ledger['voided'])}.".replace(",", "."), font(11, bold=True))
    _signatures(doc, cashier)
    return doc.output()


def _money_cells(table: Table) -> list[list]:
    """Amounts with the thousands dot in print ("14.000"); the spreadsheets keep numbers."""
    money = {i for i, header in enumerate(table.headers) if "(đ)" in header}
    return [[f"{v:,}".replace(",", ".") if i in money and isinstance(v, int) else v for i, v in enumerate(row)]
            for row in table.rows]


def _signatures(doc: Doc, cashier: str | None) -> None:
    doc.room(30)
    doc.y += 6
    top, half = doc.y, doc.width / 2
    doc.text("NGƯỜI LẬP BẢNG KÊ" if cashier else "NGƯỜI GHI SỔ", font(11, bold=True), "center", MARGIN_LEFT, half)
    doc.text("(Ký, ghi rõ họ tên)", font(10), "center", MARGIN_LEFT, half)
    doc.y = top
    doc.text("KẾ TOÁN / THỦ QUỸ", font(11, bold=True), "center", MARGIN_LEFT + half, half)
    doc.text("(Ký, ghi rõ họ tên)", font(10), "center", MARGIN_LEFT + half, half)
