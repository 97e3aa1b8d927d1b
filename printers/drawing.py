"""The one drawing code: text lines, the big number, rules and QR codes as 1-bit images.

The printed raster and the PNG preview both use these images. Images are mode "1",
black ink (0) on white (1), each cropped to its ink so the printer gets few bytes.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageFont

from kiosk import ASSETS
from printers.vietnamese import nfc

FONT_FILES = {False: ASSETS / "fonts" / "NotoSans-Regular.ttf", True: ASSETS / "fonts" / "NotoSans-Bold.ttf"}
WHITE, INK = 1, 0
LINE_GAP = 3          # dots between text lines
CHECKBOX_INDENT = 30  # dots from the box to its text
LEFT_MARGIN = 6       # dots before left-aligned text
VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
_freetype = threading.Lock()   # one FreeType face must not render in two threads at once


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The bundled Noto Sans; Pillow's default font would draw Vietnamese as boxes."""
    return ImageFont.truetype(str(FONT_FILES[bold]), size)


@dataclass(frozen=True)
class Line:
    """A line image cropped to its ink, and where it sits in its line box."""
    image: Image.Image
    top: int      # blank dots above the ink inside the line box
    pitch: int    # height of the whole line box
    align: str

    @property
    def bottom_gap(self) -> int:
        return self.pitch - self.top - self.image.height


@dataclass(frozen=True)
class Glyph:
    mask: Image.Image | None   # mode "1", 1 where there is ink
    left: int                  # from the pen position to the mask
    top: int                   # from the baseline to the mask (negative: above)
    advance: float


@lru_cache(maxsize=8192)
def glyph(char: str, size: int, bold: bool) -> Glyph:
    """One rasterised glyph, kept: FreeType with Noto's hinting costs ~0.25 ms a glyph."""
    with _freetype:
        face = font(size, bold)
        advance = face.getlength(char)
        ascent, descent = face.getmetrics()
        pad = size // 2   # room for overhangs left of the pen and above the ascent
        canvas = Image.new("1", (int(advance) + 3 * pad, ascent + descent + 2 * pad), 0)
        ImageDraw.Draw(canvas).text((pad, pad + ascent), char, font=face, fill=1, anchor="ls")
    box = canvas.getbbox()      # ink is 1 here; cropping in C avoids a second FreeType call
    if box is None:
        return Glyph(None, 0, 0, advance)
    left, top, right, bottom = box
    return Glyph(canvas.crop(box), left - pad, top - pad - ascent, advance)


def warm_up(sizes: list[int]) -> None:
    """Rasterise the Vietnamese alphabet, digits and punctuation ahead of the first receipt."""
    characters = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "0123456789 .,:;–-()/?!%"
    for size in sizes:
        for bold in (False, True):
            for char in characters:
                glyph(char, size, bold)


def text_width(text: str, size: int, bold: bool = False) -> float:
    return sum(glyph(char, size, bold).advance for char in text)


def wrap(text: str, size: int, bold: bool, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word longer than the line is split."""
    lines: list[str] = []
    current = ""
    for word in nfc(text).split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, bold) > width:
            cut = _longest_fitting_prefix(current, size, bold, width)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines or [""]


def _longest_fitting_prefix(word: str, size: int, bold: bool, width: int) -> int:
    cut = len(word) - 1
    while cut > 1 and text_width(word[:cut], size, bold) > width:
        cut -= 1
    return cut


def draw_paragraph(text: str, size: int, bold: bool, align: str, paper_dots: int,
                   checkbox: bool = False) -> list[Line]:
    indent = (LEFT_MARGIN if align == "left" else 0) + (CHECKBOX_INDENT if checkbox else 0)
    lines = wrap(text, size, bold, paper_dots - indent)
    return [
        draw_line(line, size, bold, align, paper_dots, indent, checkbox=checkbox and index == 0)
        for index, line in enumerate(lines)
    ]


def draw_line(text: str, size: int, bold: bool, align: str, paper_dots: int,
              indent: int = 0, checkbox: bool = False) -> Line:
    """One line of text in its line box (ascent + descent + gap), then cropped to its ink."""
    ascent, descent = font(size, bold).getmetrics()
    canvas = Image.new("1", (paper_dots, ascent + descent), WHITE)
    width = text_width(text, size, bold)
    pen = float(indent) if align == "left" else max(0.0, (paper_dots - width) / 2)
    for char in text:
        shape = glyph(char, size, bold)
        if shape.mask is not None:
            canvas.paste(INK, (round(pen) + shape.left, ascent + shape.top), shape.mask)
        pen += shape.advance
    if checkbox:
        _draw_checkbox(ImageDraw.Draw(canvas), ascent, size)
    return _crop_to_ink(canvas, align, ascent + descent + LINE_GAP)


def _draw_checkbox(draw: ImageDraw.ImageDraw, baseline: int, size: int) -> None:
    side = round(size * 0.62)
    draw.rectangle((LEFT_MARGIN, baseline - side, LEFT_MARGIN + side, baseline), outline=INK, width=2)


def _crop_to_ink(canvas: Image.Image, align: str, pitch: int) -> Line:
    box = ink_box(canvas)
    if box is None:
        return Line(Image.new("1", (8, 1), WHITE), 0, pitch, align)
    left, top, right, bottom = box
    if align == "left":
        left = 0
    return Line(canvas.crop((left, top, right, bottom)), top, pitch, align)


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    return ImageChops.invert(image.convert("L")).getbbox()   # invert() mishandles mode "1"


def draw_big_number(text: str, scale: int, paper_dots: int) -> Line:
    """The ticket number in bold, about as tall as the printer's own GS ! scale x scale digits."""
    line = draw_line(text, 26 * scale, True, "center", paper_dots)
    return Line(line.image, line.top, max(line.pitch, 24 * scale), "center")


def draw_rule(paper_dots: int, thickness: int = 2) -> Line:
    width = paper_dots * 7 // 8 // 8 * 8
    return Line(Image.new("1", (width, thickness), INK), 6, thickness + 12, "center")


def draw_qr(data: str, module: int) -> Image.Image:
    """The QR code as an image, module x module dots per module, no quiet zone (the paper has one)."""
    matrix = qr_matrix_image(data)
    return matrix.resize((matrix.width * module, matrix.height * module), Image.Resampling.NEAREST)


def qr_matrix_image(data: str) -> Image.Image:
    """One pixel per module; medium error correction, as the native command asks for."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.new("1", (len(matrix), len(matrix)), WHITE)
    image.putdata([INK if dark else WHITE for row in matrix for dark in row])
    return image
