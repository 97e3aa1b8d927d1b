"""PNG previews: the same images the printer gets in raster mode, stacked on a paper strip."""
from __future__ import annotations

from PIL import Image, ImageDraw

from printers.paper import Paper, paper_for
from printers.plan import CutPaper, Feed, Raster, RenderOptions, plan

PAPER_WHITE, INK, CUT_GREY = 255, 0, 170
CUT_FEED = 40     # dots fed before the cut line, like the printer's feed to its cutter
MARGIN = 16       # white margin above the first line


def render_png(document, paper_width: int = 80) -> Image.Image:
    """Preview a Receipt or Leaflet; mode "L", one pixel per printer dot."""
    paper = paper_for(paper_width)
    return compose(plan(document.blocks(), paper, RenderOptions.raster_all()), paper)


def render_receipt_png(receipt, paper_width: int = 80) -> Image.Image:
    return render_png(receipt, paper_width)


def render_leaflet_png(leaflet, paper_width: int = 80) -> Image.Image:
    return render_png(leaflet, paper_width)


def compose(pieces, paper: Paper) -> Image.Image:
    height = MARGIN + sum(_height(piece) for piece in pieces)
    strip = Image.new("L", (paper.dots, height), PAPER_WHITE)
    y = MARGIN
    for piece in pieces:
        if isinstance(piece, Raster):
            strip.paste(piece.image.convert("L"), (_x(piece, paper), y))
        elif isinstance(piece, CutPaper):
            _draw_cut_line(strip, y + CUT_FEED)
        elif not isinstance(piece, Feed):
            raise TypeError(f"a preview shows raster pieces only, not {piece!r}")
        y += _height(piece)
    return strip


def _height(piece) -> int:
    if isinstance(piece, Raster):
        return piece.image.height
    if isinstance(piece, Feed):
        return piece.dots
    if isinstance(piece, CutPaper):
        return CUT_FEED + 1
    return 0


def _x(piece: Raster, paper: Paper) -> int:
    """Where the printer puts it: GS v 0 pads the width to whole bytes, ESC a centres that."""
    if piece.align != "center":
        return 0
    padded = (piece.image.width + 7) // 8 * 8
    return max(0, (paper.dots - padded) // 2)


def _draw_cut_line(strip: Image.Image, y: int) -> None:
    draw = ImageDraw.Draw(strip)
    for x in range(0, strip.width, 12):
        draw.line((x, y, x + 6, y), fill=CUT_GREY)
