"""The payment receipt as an A5 PDF (fpdf2, Noto Sans embedded): the same lines as the
thermal receipt, the verification QR code, and the transfer VietQR for a transfer."""
from __future__ import annotations

from fpdf import FPDF
from PIL.Image import Resampling

NEAREST = Resampling.NEAREST

from kiosk import ASSETS
from printers.drawing import qr_matrix_image
from printers.fee_receipt import FeeReceipt

FAMILY = "NotoSans"
QR_MM = 32


def receipt_pdf(receipt: FeeReceipt) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format=(148, 210))   # A5
    pdf.add_font(FAMILY, "", str(ASSETS / "fonts" / "NotoSans-Regular.ttf"))
    pdf.add_font(FAMILY, "B", str(ASSETS / "fonts" / "NotoSans-Bold.ttf"))
    pdf.set_title(f"Phiếu thu {receipt.series} {receipt.number}")
    pdf.set_lang("vi")
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(True, 14)
    pdf.add_page()
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 5, receipt.centre.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, "PHIẾU THU LỆ PHÍ" + (" – ĐÃ HỦY" if receipt.voided else ""), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, value in receipt.lines():
        pdf.set_font(FAMILY, "B", 10.5)
        pdf.cell(32, 6.5, label)
        pdf.set_font(FAMILY, "B" if label in ("Số", "Số tiền") else "", 10.5)
        pdf.multi_cell(0, 6.5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    top = pdf.get_y()
    _qr(pdf, receipt.verify_url, pdf.l_margin, top, "Kiểm tra phiếu thu")
    if receipt.transfer_qr:
        _qr(pdf, receipt.transfer_qr, pdf.w - pdf.r_margin - QR_MM, top, "VietQR chuyển khoản")
    pdf.set_y(top + QR_MM + 10)
    pdf.set_font(FAMILY, "", 10)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.cell(half, 6, "Người nộp tiền", align="C")
    pdf.cell(half, 6, "Người thu tiền", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 8.5)
    pdf.cell(half, 5, "(ký, ghi rõ họ tên)", align="C")
    pdf.cell(half, 5, "(ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.multi_cell(0, 4.5, "Phiếu thu lệ phí do phần mềm xếp hàng in ra; không phải biên lai điện tử đã đăng ký "
                           "theo Nghị định 123/2020/NĐ-CP.", align="C")
    return bytes(pdf.output())


def _qr(pdf: FPDF, data: str, x: float, y: float, caption: str) -> None:
    image = qr_matrix_image(data).convert("L")
    border = 4
    framed = image.resize(((image.width + 2 * border) * 8, (image.height + 2 * border) * 8), NEAREST)
    framed.paste(255, (0, 0, framed.width, framed.height))
    framed.paste(image.resize((image.width * 8, image.height * 8), NEAREST), (border * 8, border * 8))
    pdf.image(framed, x=x, y=y, w=QR_MM, h=QR_MM)
    pdf.set_xy(x - 6, y + QR_MM + 1)
    pdf.set_font(FAMILY, "", 8)
    pdf.cell(QR_MM + 12, 4, caption, align="C")
