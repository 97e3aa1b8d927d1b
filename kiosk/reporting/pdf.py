"""A printable PDF of the report summary, laid out like an administrative report (A4).

Drawn with Pillow and the bundled Noto Sans, page by page at 200 dpi, then saved as a PDF:
no PDF library is needed and Vietnamese always renders. Layout: the issuing body and the
national motto side by side, the place and date line, the title and period, numbered
sections of tables, and the signature block.
"""
from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from kiosk import ASSETS
from kiosk.reporting.tables import REPORT_TITLE, cell_text, report_tables

DPI = 200
MM = DPI / 25.4
PAGE_W, PAGE_H = round(210 * MM), round(297 * MM)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = round(25 * MM), round(15 * MM), round(18 * MM), round(18 * MM)
INK = (16, 24, 32)
RULE = (90, 90, 90)
HEAD_FILL = (232, 238, 245)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _pt(points: float) -> int:
    return round(points * DPI / 72)


_FONTS: dict = {}


def font(size_pt: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    key = (size_pt, bold)
    if key not in _FONTS:
        name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
        _FONTS[key] = ImageFont.truetype(str(ASSETS / "fonts" / name), _pt(size_pt))
    return _FONTS[key]


def date_line(place: str, day: date) -> str:
    """'Hà Nội, ngày 22 tháng 11 năm 2026'. As administrative documents write it (Decree
    30/2020/NĐ-CP): a day below 10 and the months 1 and 2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def place_of(address: str) -> str:
    """The province or city at the end of an address ('..., phường Hòa Bình, Hà Nội' -> 'Hà Nội')."""
    parts = [p.strip() for p in (address or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


class _Doc:
    def __init__(self):
        self.pages: list[Image.Image] = []
        self.width = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
        self.new_page()

    def new_page(self) -> None:
        self.page = Image.new("RGB", (PAGE_W, PAGE_H), "white")
        self.draw = ImageDraw.Draw(self.page)
        self.pages.append(self.page)
        self.y = MARGIN_TOP

    def room(self, height: int) -> None:
        if self.y + height > PAGE_H - MARGIN_BOTTOM:
            self.new_page()

    def text_width(self, text: str, f) -> float:
        return self.draw.textlength(text, font=f)

    def wrap(self, text: str, f, width: float) -> list[str]:
        lines, line = [], ""
        for word in str(text).split():
            candidate = f"{line} {word}".strip()
            if line and self.text_width(candidate, f) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        return lines + [line] if line or not lines else lines

    def line_height(self, f) -> int:
        return round(f.size * 1.28)

    def text(self, text: str, f, align: str = "left", x0: float | None = None, width: float | None = None,
             underline: bool = False, advance: bool = True) -> int:
        x0 = MARGIN_LEFT if x0 is None else x0
        width = self.width if width is None else width
        y = self.y
        for line in self.wrap(text, f, width):
            w = self.text_width(line, f)
            x = x0 + (width - w) / 2 if align == "center" else (x0 + width - w if align == "right" else x0)
            self.draw.text((x, y), line, font=f, fill=INK)
            y += self.line_height(f)
            if underline:
                self.draw.line((x, y - round(f.size * 0.12), x + w, y - round(f.size * 0.12)), fill=INK, width=2)
        if advance:
            self.y = y
        return y

    def table(self, headers: list[str], rows: list[list], widths: list[float], size: float = 10.5) -> None:
        """A ruled table; text cells align left, numbers right, headers centre."""
        total = sum(widths)
        widths = [w * self.width / total for w in widths]
        head_font, body_font = font(size, bold=True), font(size)
        pad = round(1.0 * MM)

        def row_height(cells, f) -> int:
            return max(len(self.wrap(cell_text(c), f, w - 2 * pad)) for c, w in zip(cells, widths)) \
                * self.line_height(f) + 2 * pad

        def draw_row(cells, f, fill=None) -> None:
            h = row_height(cells, f)
            x = MARGIN_LEFT
            for i, (cell, w) in enumerate(zip(cells, widths)):
                if fill:
                    self.draw.rectangle((x, self.y, x + w, self.y + h), fill=fill)
                self.draw.rectangle((x, self.y, x + w, self.y + h), outline=RULE, width=2)
                lines = self.wrap(cell_text(cell), f, w - 2 * pad)
                ty = self.y + pad
                for line in lines:
                    lw = self.text_width(line, f)
                    if fill:
                        tx = x + (w - lw) / 2
                    elif isinstance(cell, str):
                        tx = x + pad
                    else:
                        tx = x + w - pad - lw

                    self.draw.text((tx, ty), line, font=f, fill=INK)
                    ty += self.line_height(f)
                x += w
            self.y += h

        self.room(row_height(headers, head_font) + (row_height(rows[0], body_font) if rows else 0))
        draw_row(headers, head_font, HEAD_FILL)
        for row in rows:
            if self.y + row_height(row, body_font) > PAGE_H - MARGIN_BOTTOM:
                self.new_page()
                draw_row(headers, head_font, HEAD_FILL)
            draw_row(row, body_font)
        self.y += round(3 * MM)

    def heading(self, text: str, keep: float = 45) -> None:
        """A section heading, moved to the next page unless `keep` mm of its content fit below it."""
        self.room(round((keep + 10) * MM))
        self.y += round(2 * MM)
        self.text(text, font(12, bold=True))
        self.y += round(1 * MM)


def render_pages(report: dict, made_on: date, place: str = "", issuer: str = "") -> list[Image.Image]:
    doc = _Doc()
    left_w = doc.width * 0.42
    right_x, right_w = MARGIN_LEFT + doc.width * 0.40, doc.width * 0.60
    top = doc.y
    # The issuing body (left) and the national motto (right), each centred in its column.
    if issuer:
        doc.text(issuer.upper(), font(11), "center", MARGIN_LEFT, left_w)
    end_left = doc.text((report["centre"] or "").upper(), font(11, bold=True), "center", MARGIN_LEFT, left_w)
    rule_w = left_w * 0.3
    rule_y = end_left + round(1.2 * MM)
    doc.draw.line((MARGIN_LEFT + (left_w - rule_w) / 2, rule_y, MARGIN_LEFT + (left_w + rule_w) / 2, rule_y),
                  fill=INK, width=2)
    doc.y = rule_y + round(2.5 * MM)
    end_left = doc.text("Số: ....../BC-TTPVHCC", font(11), "center", MARGIN_LEFT, left_w)
    doc.y = top
    doc.text(MOTTO[0], font(11, bold=True), "center", right_x, right_w)
    end_right = doc.text(MOTTO[1], font(12, bold=True), "center", right_x, right_w, underline=True)
    doc.y = end_right + round(3 * MM)
    end_right = doc.text(date_line(place, made_on), font(11), "center", right_x, right_w)
    doc.y = max(end_left, end_right) + round(8 * MM)

    doc.text("BÁO CÁO", font(14, bold=True), "center")
    doc.text(REPORT_TITLE[len("BÁO CÁO "):].capitalize(), font(12.5, bold=True), "center")
    doc.text(f"Kỳ báo cáo: {report['period']['label']}", font(12), "center")
    doc.y += round(5 * MM)

    tables = {t.key: t for t in report_tables(report)}
    doc.heading("I. TỔNG HỢP CHUNG")
    rows = tables["summary"].rows
    half = (len(rows) + 1) // 2
    paired = [rows[i] + (rows[half + i] if half + i < len(rows) else ["", ""]) for i in range(half)]
    doc.table(["Chỉ tiêu", "Giá trị"] * 2, paired, [3.1, 1, 3.1, 1.6], size=10)

    doc.heading("II. THEO LĨNH VỰC")
    services = tables["services"]
    pick = [0, 1, 2, 3, 4, 6, 8, 9, 12, 13]
    doc.table(["Lĩnh vực", "Cấp số", "Phục vụ", "Vắng mặt", "Chuyển đi", "Chờ TB (phút)", "Chờ P90 (phút)",
               "Phục vụ TB (phút)", "Lượt đánh giá", "Hài lòng (%)"],
              [[row[i] for i in pick] for row in services.rows], [3.2, 1, 1, 1.1, 1.1, 1.1, 1.1, 1.2, 1.1, 1.1], size=9.5)

    doc.heading("III. THEO QUẦY VÀ CÁN BỘ")
    counters = tables["counters"]
    doc.table(["Quầy", "Lượt gọi", "Phục vụ", "Vắng mặt", "Chuyển đi", "Phục vụ TB (phút)", "Phục vụ P90 (phút)",
               "Lượt đánh giá", "Hài lòng (%)", "Điểm TB"],
              [[r[i] for i in (0, 1, 2, 3, 4, 5, 7, 8, 9, 10)] for r in counters.rows],
              [1.5, 1, 1, 1.1, 1.1, 1.2, 1.2, 1.1, 1.1, 1], size=9.5)
    staff = tables["staff"]
    doc.table(["Cán bộ", "Phục vụ", "Vắng mặt", "Chuyển đi", "Phục vụ TB (phút)", "Phục vụ P90 (phút)",
               "Lượt đánh giá", "Hài lòng (%)", "Điểm TB"],
              [[r[i] for i in (0, 1, 2, 3, 4, 6, 7, 8, 9)] for r in staff.rows] or [["–"] * 9],
              [1.8, 1, 1.1, 1.1, 1.2, 1.2, 1.1, 1.1, 1], size=9.5)

    doc.heading("IV. SỐ PHIẾU THEO GIỜ VÀ ĐỐI TƯỢNG ƯU TIÊN")
    hours = report["by_hour"]
    if hours:
        doc.table(["Giờ"] + [f"{h['hour']}h" for h in hours],
                  [["Cấp số"] + [h["issued"] for h in hours], ["Phục vụ"] + [h["served"] for h in hours]],
                  [1.6] + [1] * len(hours), size=9.5)
    peak = report["peak_hour"]
    if peak:
        doc.text(f"Giờ cao điểm: {peak['hour']}:00–{peak['hour'] + 1}:00, {peak['issued']} phiếu được cấp.", font(11))
    kinds = "; ".join(f"{k['label']} {k['issued']}/{k['served']}" for k in report["priority"])
    doc.text(f"Đối tượng ưu tiên (cấp số/đã phục vụ): {kinds}.", font(11))
    doc.y += round(2 * MM)
    section = "V"
    if len(report["by_day"]) > 1:
        title, rows = _by_day_rows(report["by_day"])
        doc.heading(f"V. {title}")
        doc.table(["Ngày" if "NGÀY" in title else "Tháng", "Số phiếu cấp", "Đã phục vụ", "Vắng mặt"], rows,
                  [2, 1.2, 1.2, 1.2], size=10)
        section = "VI"

    doc.heading(f"{section}. MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN")
    sat = report["satisfaction"]
    doc.text(f"Số lượt đánh giá: {sat['count']} (trên {report['totals']['served']} lượt phục vụ). "
             f"Tỷ lệ hài lòng: {cell_text(sat['satisfied_share'])}%.", font(11))
    doc.y += round(2 * MM)
    distribution = sat["distribution"]
    doc.table(["Mức độ"] + [d["label"] for d in distribution],
              [["Số lượt"] + [d["count"] for d in distribution], ["Tỷ lệ (%)"] + [d["share"] for d in distribution]],
              [1.6] + [1.3] * len(distribution), size=10)
    reasons = "; ".join(f"{r['label']} {r['count']}" for r in sat["reasons"])
    doc.text(f"Lý do chưa hài lòng (số lượt): {reasons}.", font(11))

    # Signature block.
    doc.room(round(22 * MM))
    doc.y += round(4 * MM)
    top = doc.y
    half = doc.width / 2
    doc.text("Nơi nhận:", font(10, bold=True), x0=MARGIN_LEFT, width=half)
    doc.text("- Lãnh đạo UBND phường;", font(10), x0=MARGIN_LEFT, width=half)
    doc.text("- Lưu: VT.", font(10), x0=MARGIN_LEFT, width=half)
    doc.y = top
    doc.text("GIÁM ĐỐC", font(11.5, bold=True), "center", MARGIN_LEFT + half, half)
    doc.text("(Ký, ghi rõ họ tên)", font(10.5), "center", MARGIN_LEFT + half, half)

    for number, page in enumerate(doc.pages, start=1):
        draw = ImageDraw.Draw(page)
        label = f"Trang {number}/{len(doc.pages)}"
        f = font(9)
        draw.text((PAGE_W - MARGIN_RIGHT - draw.textlength(label, font=f), PAGE_H - MARGIN_BOTTOM + _pt(6)),
                  label, font=f, fill=RULE)
    return doc.pages


def _by_day_rows(days: list[dict]) -> tuple[str, list[list]]:
    """Working days with activity (a month), or one row per month (a longer period)."""
    if len(days) <= 31:
        rows = [[f"{d['day'][8:10]}/{d['day'][5:7]}/{d['day'][:4]}", d["issued"], d["served"], d["no_show"]]
                for d in days if d["issued"] or d["served"] or d["no_show"]]
        return "SỐ PHIẾU THEO NGÀY (NGÀY CÓ TIẾP NHẬN)", rows or [["–", 0, 0, 0]]
    months: dict[str, list[int]] = {}
    for d in days:
        row = months.setdefault(d["day"][:7], [0, 0, 0])
        row[0] += d["issued"]
        row[1] += d["served"]
        row[2] += d["no_show"]
    return "SỐ PHIẾU THEO THÁNG", [[f"Tháng {m[5:7]}/{m[:4]}", *v] for m, v in months.items()]


def pdf_bytes(report: dict, made_on: date | None = None, place: str = "", issuer: str = "") -> bytes:
    pages = render_pages(report, made_on or date.today(), place, issuer)
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    return buffer.getvalue()
