"""Bytes and build time of one receipt per printing mode, and the transfer time they imply.

    python bench/receipt.py [--runs 50]

Modes: raster-all (text, number and QR as images), raster text with the printer's own QR and
number (the default), and CP1258 text (a printer with a real Vietnamese code page).
Build = layout + drawing + ESC/POS bytes (python-escpos Dummy). "cold" is the first receipt
of a process (the font's glyphs are rasterised then; `ReceiptPrinter.warm_up()` does that
in the background at start-up), "warm" the median of the following runs.
Transfer assumptions: serial 115200 baud 8N1 = 11,520 bytes/s; USB full speed ~1 MB/s
effective for bulk transfers (the print mechanism, not USB, is then the bottleneck).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from printers import drawing  # noqa: E402
from printers.output import document_bytes  # noqa: E402
from printers.paper import paper_for  # noqa: E402
from printers.plan import RenderOptions  # noqa: E402
from printers.samples import sample_receipt  # noqa: E402

SERIAL_BYTES_PER_SECOND = 115200 / 10
USB_BYTES_PER_SECOND = 1_000_000
TARGET_BYTES, TARGET_MS = 16 * 1024, 30
MODES = {
    "raster-all": RenderOptions.raster_all(),
    "raster text + native QR": RenderOptions(),
    "CP1258 text": RenderOptions(text_mode="codepage", codepage="CP1258"),
}


def measure(options: RenderOptions, width: int, runs: int) -> tuple[float, float, int]:
    drawing.glyph.cache_clear()
    timings, size = [], 0
    for run in range(runs + 1):
        receipt = sample_receipt(number=1000 + run, people_ahead=run)
        started = time.perf_counter()
        size = len(document_bytes(receipt, paper_for(width), options))
        timings.append((time.perf_counter() - started) * 1000)
    return timings[0], statistics.median(timings[1:]), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"{'mode':<25} {'paper':>5} {'cold ms':>8} {'warm ms':>8} {'bytes':>7} "
          f"{'115200 baud':>12} {'USB ~1 MB/s':>12}")
    verdicts = []
    for name, options in MODES.items():
        for width in (58, 80):
            cold, warm, size = measure(options, width, args.runs)
            print(f"{name:<25} {width:>3}mm {cold:>8.1f} {warm:>8.1f} {size:>7,} "
                  f"{size / SERIAL_BYTES_PER_SECOND * 1000:>10.0f}ms {size / USB_BYTES_PER_SECOND * 1000:>10.1f}ms")
            if options == RenderOptions():
                verdicts.append(size <= TARGET_BYTES and warm <= TARGET_MS)
    target = f"target for raster text with QR: <= {TARGET_BYTES // 1024} KB and <= {TARGET_MS} ms (warm)"
    print(f"{target}: {'met' if all(verdicts) else 'NOT met'}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
