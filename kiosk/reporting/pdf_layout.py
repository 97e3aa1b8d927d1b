"""The page machinery of the report PDF: an A4 fpdf2 document in millimetres with the bundled
Noto Sans embedded, so every word is real, selectable text. Wrapped text, ruled tables that
repeat their header on a new page, section headings kept with their content, page numbers."""
from __future__ import annotations

from fpdf import FPDF

from kiosk import ASSETS
from kiosk.reporting.tables import cell_text

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25.0, 15.0, 18.0, 18.0
INK = (16, 24, 32)
RULE = (90, 90, 90)
HEAD_FILL = (232, 238, 245)
FAMILY = "NotoSans"
PT = 25.4 / 72          # millimetres per typographic point
LEADING = 1.28          # line height as a multiple of the font size
ASCENT = 0.96           # baseline below the line's top, as a multiple of the font size


Font = tuple[float, bool]      # (size in points, bold)


def font(size: float, bold: bool = False) -> Font:
    return size, bold


class Doc:
    """A flowing document: `y` is the top of the next line in millimetres."""

    def __init__(self, title: str):
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
        self.pdf.add_font(FAMILY, "", str(ASSETS / "fonts" / "NotoSans-Regular.ttf"))
        self.pdf.add_font(FAMILY, "B", str(ASSETS / "fonts" / "NotoSans-Bold.ttf"))
        self.pdf.set_title(title)
        self.pdf.set_lang("vi")
        self.pdf.set_creator("lobby-kiosk")
        self.width = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
        self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.pdf.set_text_color(*INK)
        self.y = MARGIN_TOP

    def room(self, height: float) -> None:
        if self.y + height > PAGE_H - MARGIN_BOTTOM:
            self.new_page()

    def use(self, f: Font) -> None:
        self.pdf.set_font(FAMILY, "B" if f[1] else "", f[0])

    def text_width(self, text: str, f: Font) -> float:
        self.use(f)
        return self.pdf.get_string_width(text)

    def wrap(self, text: str, f: Font, width: float) -> list[str]:
        lines, line = [], ""
        for word in str(text).split():
            candidate = f"{line} {word}".strip()
            if line and self.text_width(candidate, f) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        return lines + [line] if line or not lines else lines

    @staticmethod
    def line_height(f: Font) -> float:
        return f[0] * PT * LEADING

    def put(self, x: float, top: float, text: str, f: Font) -> None:
        """One line of text whose line box starts at `top`."""
        self.use(f)
        self.pdf.text(x, top + f[0] * PT * ASCENT, text)

    def text(self, text: str, f: Font, align: str = "left", x0: float | None = None,
             width: float | None = None, underline: bool = False, advance: bool = True) -> float:
        x0 = MARGIN_LEFT if x0 is None else x0
        width = self.width if width is None else width
        y = self.y
        for line in self.wrap(text, f, width):
            w = self.text_width(line, f)
            x = x0 + (width - w) / 2 if align == "center" else (x0 + width - w if align == "right" else x0)
            self.put(x, y, line, f)
            y += self.line_height(f)
            if underline:
                self.rule(x, y - f[0] * PT * 0.12, x + w)
        if advance:
            self.y = y
        return y

    def rule(self, x1: float, y: float, x2: float, width: float = 0.25) -> None:
        self.pdf.set_draw_color(*INK)
        self.pdf.set_line_width(width)
        self.pdf.line(x1, y, x2, y)

    def table(self, headers: list[str], rows: list[list], widths: list[float], size: float = 10.5) -> None:
        """A ruled table; text cells align left, numbers right, headers centre."""
        total = sum(widths)
        widths = [w * self.width / total for w in widths]
        head, body = (size, True), (size, False)
        pad = 1.0

        def row_height(cells, f) -> float:
            return max(len(self.wrap(cell_text(c), f, w - 2 * pad)) for c, w in zip(cells, widths)) \
                * self.line_height(f) + 2 * pad

        def draw_row(cells, f, fill=None) -> None:
            h = row_height(cells, f)
            x = MARGIN_LEFT
            self.pdf.set_draw_color(*RULE)
            self.pdf.set_line_width(0.25)
            for cell, w in zip(cells, widths):
                if fill:
                    self.pdf.set_fill_color(*fill)
                self.pdf.rect(x, self.y, w, h, style="DF" if fill else "D")
                ty = self.y + pad
                for line in self.wrap(cell_text(cell), f, w - 2 * pad):
                    lw = self.text_width(line, f)
                    tx = x + (w - lw) / 2 if fill else (x + pad if isinstance(cell, str) else x + w - pad - lw)
                    self.put(tx, ty, line, f)
                    ty += self.line_height(f)
                x += w
            self.y += h

        self.room(row_height(headers, head) + (row_height(rows[0], body) if rows else 0))
        draw_row(headers, head, HEAD_FILL)
        for row in rows:
            if self.y + row_height(row, body) > PAGE_H - MARGIN_BOTTOM:
                self.new_page()
                draw_row(headers, head, HEAD_FILL)
            draw_row(row, body)
        self.y += 3

    def heading(self, text: str, keep: float = 45) -> None:
        """A section heading, moved to the next page unless `keep` mm of its content fit below it."""
        self.room(keep + 10)
        self.y += 2
        self.text(text, font(12, bold=True))
        self.y += 1

    def output(self) -> bytes:
        self._number_pages()
        return bytes(self.pdf.output())

    def _number_pages(self) -> None:
        """'Trang 1/2' at the bottom right of every page, written once the count is known."""
        total, f = self.pdf.pages_count, font(9)
        self.pdf.set_text_color(*RULE)
        for number in range(1, total + 1):
            self.pdf.page = number
            label = f"Trang {number}/{total}"
            self.put(PAGE_W - MARGIN_RIGHT - self.text_width(label, f), PAGE_H - MARGIN_BOTTOM + 6 * PT, label, f)
        self.pdf.set_text_color(*INK)
