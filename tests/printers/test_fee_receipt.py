"""The payment receipt through python-escpos's Dummy: the bytes replayed to a PNG that zbar reads."""
import os
import subprocess
from pathlib import Path

import pytest

from kiosk.core import vietqr
from printers import DummyReceiptPrinter, RenderOptions, paper_for, render_png
from printers.fee_receipt import FeeReceipt, quantities_text
from tests.printers.test_preview import replay

VIEW = {
    "centre": "Trung tâm Phục vụ hành chính công phường Hòa Bình", "series": "PT", "number": 12, "number_text": "0000012",
    "issued_at": "2026-12-04T09:41:07+07:00", "cashier": "lan", "procedure_name": "Chứng thực bản sao từ bản chính",
    "quantities": {"copies": 2, "pages": 5}, "amount_text": "14.000 đ", "amount_words": "Mười bốn nghìn đồng",
    "method_label": "Chuyển khoản", "ticket_number": 2001, "voided": False, "override_reason": None,
    "verify_url": "http://127.0.0.1:8000/phieu-thu/Qm3kX9aZ0pLw", "transfer_reference": "PHI 2001 0412",
    "transfer_qr": vietqr.payload("970405", "1500201012345", 14000, "PHI 2001 0412"),
}


def zbar(path: Path) -> list[str]:
    try:
        done = subprocess.run(["zbarimg", "--raw", "-q", str(path)], capture_output=True, text=True, timeout=20)
    except FileNotFoundError:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed")
    return done.stdout.strip().splitlines()


def test_receipt_lines_carry_everything_the_issue_lists():
    lines = dict(FeeReceipt.from_view(VIEW).lines())
    assert lines == {"Ký hiệu": "PT", "Số": "0000012", "Thời gian": "09:41 ngày 04/12/2026", "Người thu": "lan",
                     "Số thứ tự": "2001", "Thủ tục": "Chứng thực bản sao từ bản chính", "Số lượng": "5 trang × 2 bản",
                     "Số tiền": "14.000 đ", "Bằng chữ": "Mười bốn nghìn đồng", "Hình thức": "Chuyển khoản",
                     "Nội dung CK": "PHI 2001 0412"}
    assert quantities_text({}) == ""


@pytest.mark.parametrize("width", [58, 80])
def test_printed_receipt_decodes_to_the_verification_link_and_the_vietqr(width, tmp_path):
    printer = DummyReceiptPrinter(paper=paper_for(width), options=RenderOptions.raster_all())
    outcome = printer.print_document(FeeReceipt.from_view(VIEW))
    assert outcome.ok and printer.jobs
    printed = replay(printer.output, paper_for(width).dots)
    path = Path(os.environ.get("FEE_RECEIPT_PNG_DIR") or tmp_path) / f"fee-receipt-{width}mm.png"
    printed.save(path)
    assert printed.height > 600
    decoded = zbar(path)
    assert set(decoded) == {VIEW["verify_url"], VIEW["transfer_qr"]}
    assert vietqr.crc_ok(next(text for text in decoded if text.startswith("0002")))


def test_preview_of_a_voided_cash_receipt_has_only_the_verification_code(tmp_path):
    view = {**VIEW, "method_label": "Tiền mặt", "transfer_qr": None, "transfer_reference": None, "voided": True}
    path = tmp_path / "voided.png"
    render_png(FeeReceipt.from_view(view), 80).save(path)
    assert zbar(path) == [VIEW["verify_url"]]
