"""Hostile import files, built in memory: the attacks of issue 13 §1."""
from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

HEADER = ["code", "name", "field", "service", "documents", "processing_time", "fee", "guidance"]


def _row(i: int) -> list:
    return [f"9.{i:06d}", f"Thủ tục {i}", "Hộ tịch", "HT", "Tờ khai | 1 | 0", "1 ngày", "Miễn", "Hướng dẫn."]


def workbook(rows: int = 2) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for i in range(rows):
        book.active.append(_row(i))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(content: bytes, change) -> bytes:
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            out.writestr(member.filename, data)
    return target.getvalue()


def declared_huge(with_far_cell: bool = True, rows: int = 2) -> bytes:
    """A few KB declaring <dimension ref="A1:XFD1048576"/>, optionally with one cell at XFD1048576."""
    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        if with_far_cell:
            xml = xml.replace("</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
                                              "</c></row></sheetData>")
        return xml
    return _rewrite_sheet(workbook(rows), change)


def zip_bomb(unpacked_mb: int = 60) -> bytes:
    """A valid workbook whose sheet carries megabytes of whitespace that deflate ~1000:1."""
    padding = " " * (unpacked_mb * 1024 * 1024)
    return _rewrite_sheet(workbook(), lambda xml: xml.replace("</sheetData>", "</sheetData>" + padding, 1))


def long_csv(rows: int = 100_000) -> bytes:
    lines = [",".join(HEADER)] + [",".join(_row(i)) for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()
