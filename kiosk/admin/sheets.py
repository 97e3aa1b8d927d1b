"""Reading an uploaded table (CSV or XLSX) within limits, whatever the file claims.

An XLSX is a zip: its members' unpacked sizes and compression ratios are checked before
anything is parsed, and the sheet is read row by row in openpyxl's read-only mode with its
declared dimensions ignored (a sheet may declare A1:XFD1048576 and hold one cell), stopping
at the row limit. A CSV is read the same way, row by row.
"""
from __future__ import annotations

import csv
import io
import zipfile
from typing import Any, Iterable

from kiosk.config import Limits

RATIO_CHECK_FROM_BYTES = 1024 * 1024   # small XML members legitimately compress very well


class SheetRefused(Exception):
    """The file is over a limit: `reason` precise English, `message` Vietnamese."""

    def __init__(self, reason: str, message: str):
        super().__init__(reason)
        self.reason, self.message = reason, message


def file_size_ok(content: bytes, limits: Limits) -> None:
    if len(content) > limits.import_mb * 1024 * 1024:
        raise SheetRefused(f"the file is {len(content) / 1024 / 1024:.1f} MB, over the {limits.import_mb} MB limit",
                           f"Tệp quá lớn (tối đa {limits.import_mb} MB).")


def check_archive(content: bytes, limits: Limits) -> None:
    """Refuse a zip whose members would unpack too big, or too far beyond their packed size."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except zipfile.BadZipFile:
        return  # openpyxl reports an unreadable workbook with its own message
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_CHECK_FROM_BYTES and ratio > limits.import_ratio:
            raise SheetRefused(f"workbook member {member.filename!r} unpacks {ratio:.0f} times its packed size "
                               f"(limit {limits.import_ratio}); a zip bomb?",
                               "Tệp Excel bị nén bất thường, không thể đọc an toàn.")
    if total > limits.import_unpacked_mb * 1024 * 1024:
        raise SheetRefused(f"the workbook unpacks to {total / 1024 / 1024:.0f} MB, over the "
                           f"{limits.import_unpacked_mb} MB limit",
                           f"Tệp Excel quá lớn khi giải nén (tối đa {limits.import_unpacked_mb} MB).")


def xlsx_rows(content: bytes, limits: Limits) -> list[list[Any]]:
    """The first sheet's rows (raises SheetRefused, or what openpyxl raises for a broken file)."""
    from openpyxl import load_workbook
    check_archive(content, limits)
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # never trust the declared <dimension ref=...>
        return bounded(sheet.iter_rows(values_only=True), limits)
    finally:
        workbook.close()


def csv_rows(text: str, limits: Limits) -> list[list[Any]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return bounded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True), limits)


def bounded(rows: Iterable[Iterable[Any]], limits: Limits) -> list[list[Any]]:
    """The rows as lists, refusing a table past the row or column limit (the header row is
    not counted). Blank cells past the column limit are dropped, blank rows past the row
    limit ignored: only data out of bounds refuses the file."""
    table: list[list[Any]] = []
    for number, row in enumerate(rows, start=1):
        cells = list(row)
        if len(cells) > limits.import_columns:
            if any(not _blank(v) for v in cells[limits.import_columns:]):
                raise SheetRefused(f"row {number} has data beyond column {limits.import_columns} (the limit)",
                                   f"Dòng {number} có dữ liệu vượt quá {limits.import_columns} cột cho phép.")
            cells = cells[:limits.import_columns]
        if number > limits.import_rows + 1:
            if any(not _blank(v) for v in cells):
                raise SheetRefused(f"the file has more than {limits.import_rows} rows (the limit); split it",
                                   f"Tệp có hơn {limits.import_rows} dòng; vui lòng chia thành nhiều tệp nhỏ hơn.")
            continue
        table.append(cells)
    return table


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
