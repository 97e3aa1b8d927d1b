"""The QR poster: one A4 page per field; each QR code decodes (zbarimg) to the procedure's page."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from kiosk.admin.poster import poster_pdf
from kiosk.core.centre import procedure_view
from kiosk.core.collation import sorted_vi


def test_one_a4_page_per_field_and_the_qr_codes_decode(full_ctx, tmp_path):
    views = [procedure_view(row, full_ctx.config) for row in full_ctx.store.procedures()]
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(poster_pdf(views, full_ctx.config.centre.name))
    fields = {v["field"] for v in views}
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(fields)}" in info
    assert "595.44 x 842.04 pts (A4)" in info
    # Pages follow the Vietnamese order of the fields ("Đất đai" after "Dân tộc", before "Giảm nghèo");
    # the page of "Người có công" holds exactly its two procedures
    ordered = sorted_vi(fields)
    assert ordered.index("Đất đai") < ordered.index("Giảm nghèo") < ordered.index("Văn hóa")
    page = ordered.index("Người có công") + 1
    subprocess.run(["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    [png] = tmp_path.glob("p*.png")
    if not shutil.which("zbarimg"):
        pytest.skip("zbarimg is not installed")
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True).stdout.split()
    expected = {v["portal_url"] for v in views if v["field"] == "Người có công"}
    assert set(decoded) == expected and len(decoded) == 2
    assert all(url.startswith("https://dichvucong.gov.vn/") for url in decoded)


def test_retired_procedures_are_left_off(full_ctx):
    views = [procedure_view(row, full_ctx.config) for row in full_ctx.store.procedures(active_only=False)]
    views = [{**v, "active": v["field"] != "Văn hóa"} for v in views]
    fields = {v["field"] for v in views if v["active"]}
    pdf = poster_pdf(views, "Trung tâm")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == len(fields) == 7
