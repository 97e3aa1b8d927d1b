"""The A5 payment receipt: real text, and QR codes that decode once printed (rendered by poppler)."""
import subprocess

import pytest

from kiosk.reporting.receipt_pdf import receipt_pdf
from printers.fee_receipt import FeeReceipt
from tests.printers.test_fee_receipt import VIEW, zbar
from tests.support import pdf_text


def test_a5_receipt_has_the_lines_and_both_codes(tmp_path):
    pdf = tmp_path / "phieu-thu.pdf"
    pdf.write_bytes(receipt_pdf(FeeReceipt.from_view(VIEW)))
    text = pdf_text(pdf)
    for line in ("PHIẾU THU LỆ PHÍ", "0000012", "Mười bốn nghìn đồng", "14.000 đ", "PHI 2001 0412", "Người thu tiền",
                 "không phải biên lai điện tử"):
        assert line in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "419.53 x 595.28 pts" in info                      # A5
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    assert set(zbar(tmp_path / "page.png")) == {VIEW["verify_url"], VIEW["transfer_qr"]}


def test_a_voided_receipt_says_so():
    assert "ĐÃ HỦY" in pdf_text(receipt_pdf(FeeReceipt.from_view({**VIEW, "voided": True})))
