"""Receipts and procedure leaflets on ESC/POS thermal printers (58 and 80 mm).

    from printers import make_printer, Receipt, Leaflet, PrintOutcome
    printer = make_printer(config.printer)
    printer.print_async(Receipt.from_ticket(ticket, config.centre.name), on_done=callback)

Vietnamese text is drawn with the bundled Noto Sans and sent as raster images cropped to
their ink; the big number and the QR code may use the printer's own commands.
"""
import os
from pathlib import Path

# python-escpos rebuilds its printer-capabilities pickle in a fresh temporary folder at every
# start unless told where to keep it; on an old kiosk PC that costs seconds of start-up.
_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lobby-kiosk" / "escpos"
try:
    _cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_cache))
except OSError:
    pass

from printers.leaflet import DocumentItem, Leaflet
from printers.paper import PAPERS, Paper, paper_for
from printers.plan import RenderOptions
from printers.preview import render_leaflet_png, render_png, render_receipt_png
from printers.printer import (
    DummyReceiptPrinter,
    EscposReceiptPrinter,
    PrintOutcome,
    ReceiptPrinter,
    make_printer,
)
from printers.receipt import Receipt
from printers.reprint import reprint
from printers.status import PrinterStatus

__all__ = [
    "DocumentItem", "DummyReceiptPrinter", "EscposReceiptPrinter", "Leaflet", "PAPERS", "Paper",
    "PrintOutcome", "PrinterStatus", "Receipt", "ReceiptPrinter", "RenderOptions", "make_printer",
    "paper_for", "render_leaflet_png", "render_png", "render_receipt_png", "reprint",
]
