"""XLSX and CSV exports of a report, with Vietnamese headers; `write_report` picks by extension."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from kiosk.reporting.tables import REPORT_TITLE, report_tables

FORMATS = ("xlsx", "csv", "pdf")
MEDIA_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


def xlsx_bytes(report: dict) -> bytes:
    return tables_xlsx(report["centre"], REPORT_TITLE, report["period"]["label"], report_tables(report))


def tables_xlsx(centre: str, title: str, period_label: str, tables) -> bytes:
    """One sheet per table, under the centre, the title and the period."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append([centre])
        sheet.append([title])
        sheet.append([f"Kỳ báo cáo: {period_label}"])
        sheet.append([])
        sheet.append(table.headers)
        for cell in sheet[1] + sheet[2]:
            cell.font = Font(bold=True)
        for cell in sheet[5]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "B6"
        for index, header in enumerate(table.headers, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows if r[index - 1] is not None])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(10, width + 2), 45)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(report: dict) -> str:
    return tables_csv(report["centre"], REPORT_TITLE, report["period"]["label"], report_tables(report))


def tables_csv(centre: str, title: str, period_label: str, tables) -> str:
    """Every table one after another, each under its title, separated by an empty row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([centre])
    writer.writerow([title])
    writer.writerow([f"Kỳ báo cáo: {period_label}"])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title.upper()])
        writer.writerow(table.headers)
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    return out.getvalue()


def csv_bytes(report: dict) -> bytes:
    # UTF-8 with a byte order mark, so Excel opens the Vietnamese text correctly.
    return csv_text(report).encode("utf-8-sig")


def report_bytes(report: dict, fmt: str, **pdf_options) -> bytes:
    if fmt == "xlsx":
        return xlsx_bytes(report)
    if fmt == "csv":
        return csv_bytes(report)
    if fmt == "pdf":
        from kiosk.reporting.pdf import pdf_bytes
        return pdf_bytes(report, **pdf_options)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def format_of(path: str | Path) -> str:
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{path}: the file name must end in .xlsx, .csv or .pdf")
    return fmt


def write_report(report: dict, path: str | Path, **pdf_options) -> Path:
    path = Path(path)
    data = report_bytes(report, format_of(path), **pdf_options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def file_name(report: dict, fmt: str) -> str:
    return f"bao-cao-{report['period']['slug']}.{fmt}"
