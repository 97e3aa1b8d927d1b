"""The wall poster: one A4 page per field, each procedure's name with a QR code to its
official portal page, so people can look it up from home. Drawn with Pillow and the
bundled Noto Sans; saved as a PDF (one image per page)."""
from __future__ import annotations

import io
import math
from itertools import groupby

import qrcode
from PIL import Image, ImageDraw, ImageFont

from kiosk import ASSETS
from kiosk.core.collation import sort_key

DPI = 200
A4 = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))   # 1654 x 2339 dots
MARGIN = round(12 / 25.4 * DPI)
COLUMNS = 3
INK, MUTED, LINE = (16, 42, 67), (51, 78, 104), (190, 200, 210)
FONT_REGULAR = ASSETS / "fonts" / "NotoSans-Regular.ttf"
FONT_BOLD = ASSETS / "fonts" / "NotoSans-Bold.ttf"


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size)


def qr_image(url: str, size: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    modules = image.width
    scale = max(1, size // modules)
    return image.resize((modules * scale, modules * scale), Image.NEAREST)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if font.getlength(trial) <= width:
            line = trial
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and font.getlength(lines[-1] + "…") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "…"
    return lines


def poster_page(field: str, procedures: list[dict], centre_name: str) -> Image.Image:
    """procedures: dicts with name, code and portal_url."""
    page = Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(page)
    width, height = A4
    y = MARGIN
    draw.text((MARGIN, y), centre_name, font=_font(34), fill=MUTED)
    y += 56
    draw.text((MARGIN, y), f"Lĩnh vực: {field}", font=_font(62, bold=True), fill=INK)
    y += 92
    draw.text((MARGIN, y), "Quét mã QR bằng điện thoại để xem thủ tục trên Cổng Dịch vụ công quốc gia.",
              font=_font(32), fill=MUTED)
    y += 60
    draw.line((MARGIN, y, width - MARGIN, y), fill=LINE, width=3)
    y += 24
    columns, cell_w, cell_h, qr_size = _grid(len(procedures), width - 2 * MARGIN, height - MARGIN - 40 - y)
    name_font = _font(30 if cell_h >= 420 else 26, bold=True)
    code_font = _font(24)
    line_h = int(name_font.size * 1.3)
    for index, procedure in enumerate(procedures):
        column, row = index % columns, index // columns
        x0, y0 = MARGIN + column * cell_w, y + row * cell_h
        qr = qr_image(procedure["portal_url"], qr_size)
        draw.rectangle((x0 + 8, y0 + 4, x0 + cell_w - 8, y0 + cell_h - 12), outline=LINE, width=2)
        page.paste(qr, (x0 + (cell_w - qr.width) // 2, y0 + 14))
        text_y = y0 + 14 + qr.height + 6
        draw.text((x0 + cell_w // 2, text_y), procedure["code"], font=code_font, fill=MUTED, anchor="ma")
        text_y += 36
        free_lines = max(1, (y0 + cell_h - 24 - text_y) // line_h)
        for line in wrap(procedure["name"], name_font, cell_w - 44, min(4, free_lines)):
            draw.text((x0 + cell_w // 2, text_y), line, font=name_font, fill=INK, anchor="ma")
            text_y += line_h
    draw.text((width // 2, height - MARGIN // 2 - 20), "dichvucong.gov.vn", font=_font(26), fill=MUTED, anchor="ma")
    return page


def _grid(count: int, width: int, height: int) -> tuple[int, int, int, int]:
    """The column count (2 to 4) that gives the biggest QR codes: (columns, cell w, cell h, QR size)."""
    best = None
    for columns in (COLUMNS, 2, 4):
        rows = max(1, math.ceil(count / columns))
        cell_w = width // columns
        cell_h = min(height // rows, cell_w + 190)
        line_h = int((30 if cell_h >= 420 else 26) * 1.3)
        qr_size = max(120, min(cell_w - 80, cell_h - line_h * 2 - 84))
        if best is None or qr_size > best[3] * 1.15:   # three columns unless clearly worse
            best = (columns, cell_w, cell_h, qr_size)
    return best


def poster_pdf(procedures: list[dict], centre_name: str) -> bytes:
    """Active procedures grouped by field, one page each (fields in Vietnamese alphabetical order)."""
    active = sorted((p for p in procedures if p.get("active", True)),
                    key=lambda p: (sort_key(p["field"]), sort_key(p["name"])))
    pages = [poster_page(field, list(group), centre_name) for field, group in groupby(active, key=lambda p: p["field"])]
    if not pages:
        pages = [Image.new("RGB", A4, "white")]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=pages[1:],
                  title="Mã QR thủ tục hành chính")
    return buffer.getvalue()
