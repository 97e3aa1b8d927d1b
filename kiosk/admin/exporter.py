"""Exporting the catalogue to CSV, XLSX or JSON, in the shapes the importer reads back
unchanged (export, then import the export: no changes)."""
from __future__ import annotations

import csv
import io
import json

from kiosk.admin.importer import TABLE_COLUMNS
from kiosk.admin.records import canonical
from kiosk.store import Store

FORMATS = ("csv", "xlsx", "json")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "json": "application/json"}


def export_records(store: Store) -> list[dict]:
    """Every procedure, retired ones too, as contract records sorted by code."""
    return sorted((canonical(row) for row in store.procedures(active_only=False)), key=lambda r: r["code"])


def table_row(record: dict) -> dict:
    row = {}
    for column in TABLE_COLUMNS:
        if column == "documents":
            row[column] = "\n".join(f"{d['name']} | {d['originals']} | {d['copies']} | "
                                    f"{'có' if d['required'] else 'không'}" for d in record["documents"])
        elif column == "documents_en":
            names = [d["name_en"] for d in record["documents"]]
            row[column] = "\n".join(names) if any(names) else ""
        elif column in ("most_requested", "active"):
            row[column] = "có" if record[column] else "không"
        elif column == "formality_id":
            row[column] = record[column] or ""
        else:
            row[column] = record[column]
    return row


def export_bytes(store: Store, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    records = export_records(store)
    if fmt == "json":
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=TABLE_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(table_row(r) for r in records)
        return "\ufeff".encode() + buffer.getvalue().encode("utf-8")   # BOM: Excel then reads UTF-8
    return _xlsx(records)


def _xlsx(records: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Thủ tục"
    sheet.append(list(TABLE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in records:
        sheet.append([table_row(record)[c] for c in TABLE_COLUMNS])
    widths = {"code": 24, "name": 50, "documents": 70, "guidance": 60, "fee": 40, "processing_time": 20}
    for index, column in enumerate(TABLE_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(column, 18)
        for cell in sheet[letter][1:]:
            cell.number_format = "@"   # codes stay text: 2.000460 must never become 2.00046
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
