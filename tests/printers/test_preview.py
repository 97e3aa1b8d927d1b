import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from printers.output import document_bytes
from printers.paper import paper_for
from printers.plan import RenderOptions
from printers.preview import MARGIN, render_leaflet_png, render_receipt_png
from printers.samples import PROCEDURE, TICKET, sample_leaflet, sample_receipt, write_previews
from printers.stream import parse

DOCS = Path(__file__).resolve().parents[2] / "docs" / "receipts"


@pytest.mark.parametrize("width", [58, 80])
def test_preview_is_one_pixel_per_dot_of_the_paper(width):
    image = render_receipt_png(sample_receipt(), width)
    assert image.mode == "L" and image.width == paper_for(width).dots
    assert render_leaflet_png(sample_leaflet(), width).width == paper_for(width).dots


@pytest.mark.parametrize("document", [sample_receipt(), sample_leaflet()], ids=["receipt", "leaflet"])
@pytest.mark.parametrize("width", [58, 80])
def test_preview_equals_what_the_printer_draws_from_the_raster_bytes(document, width):
    """Replay the raster-all job like a printer would; it must match the preview dot for dot."""
    paper = paper_for(width)
    printed = replay(document_bytes(document, paper, RenderOptions.raster_all()), paper.dots)
    preview = render_receipt_png(document, width)
    assert printed.height > 300
    assert ImageChops.difference(preview.crop((0, 0, paper.dots, printed.height)), printed).getbbox() is None


def replay(stream: bytes, dots: int) -> Image.Image:
    paper = Image.new("L", (dots, 4000), 255)
    y, align = MARGIN, "left"
    for command in parse(stream):
        if command.name == "align":
            align = command.align
        elif command.name == "feed_dots":
            y += command.args[0]
        elif command.name == "raster":
            ink = Image.frombytes("1", (command.width, command.height), command.data)
            x = (dots - command.width) // 2 if align == "center" else 0
            paper.paste(0, (x, y), ink)
            y += command.height
        elif command.name in ("feed_lines", "cut"):
            break
    return paper.crop((0, 0, dots, y))


def test_committed_previews_are_current(tmp_path):
    for fresh in write_previews(tmp_path):
        committed = DOCS / fresh.name
        assert committed.exists(), f"run: python -m printers.samples docs/receipts ({committed} missing)"
        assert ImageChops.difference(Image.open(fresh), Image.open(committed)).getbbox() is None, fresh.name


@pytest.mark.parametrize("name, url", [
    ("receipt-58mm.png", TICKET["public_url"]), ("receipt-80mm.png", TICKET["public_url"]),
    ("receipt-offline-58mm.png", TICKET["public_url"]),
    ("leaflet-58mm.png", PROCEDURE["portal_url"]), ("leaflet-80mm.png", PROCEDURE["portal_url"]),
])
def test_qr_code_in_the_committed_preview_decodes_to_the_link(name, url):
    try:
        result = subprocess.run(["zbarimg", "--raw", "-q", str(DOCS / name)], capture_output=True, text=True, timeout=20)
    except FileNotFoundError:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed")
    assert result.stdout.strip() == url
