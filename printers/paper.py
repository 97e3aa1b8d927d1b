"""Paper sizes the layout supports: 58 mm (384 dots) and 80 mm (576 dots) at 203 dpi."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    mm: int
    dots: int             # printable width in dots
    columns: int          # characters per line in the printer's Font A (12 x 24 dots)
    qr_module: int        # QR module size in dots
    number_scale: int     # GS ! magnification of the big ticket number (1..8)
    body_px: int          # bundled-font pixel size of ordinary lines
    title_px: int         # ... of the header and titles
    small_px: int         # ... of footnotes


PAPERS = {
    58: Paper(mm=58, dots=384, columns=32, qr_module=5, number_scale=4, body_px=21, title_px=22, small_px=18),
    80: Paper(mm=80, dots=576, columns=48, qr_module=5, number_scale=5, body_px=23, title_px=24, small_px=20),
}


def paper_for(width_mm: int) -> Paper:
    try:
        return PAPERS[int(width_mm)]
    except (KeyError, ValueError):
        raise ValueError(f"paper width must be 58 or 80 (mm), not {width_mm!r}") from None
