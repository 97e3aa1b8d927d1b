"""Refreshes the report PDF previews in docs/reports/ on purpose (tests never write there):
the simulated 350-visitor day and the hand-worked test day, each page as a PNG at 80 dpi.

    .venv/bin/python scripts/report_previews.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.config import load_config  # noqa: E402
from kiosk.core.centre import seed_centre  # noqa: E402
from kiosk.core.demo_day import simulate_day  # noqa: E402
from kiosk.core.reports import compute, day_period, report_for  # noqa: E402
from kiosk.reporting.export import write_report  # noqa: E402
from kiosk.reporting.pdf import place_of  # noqa: E402
from kiosk.store import open_store  # noqa: E402
from tests.core.test_reports import COUNTERS, SERVICES, hand_built_day  # noqa: E402

OUT = ROOT / "docs" / "reports"
ISSUER = "UBND phường Hòa Bình"


def demo_day(config) -> dict:
    store = open_store(None)
    seed_centre(store, config)
    simulate_day(store, config, date(2026, 11, 20), 350, 1)
    try:
        return report_for(store, day_period("2026-11-20"), centre=config.centre.name)
    finally:
        store.close()


def save_pages(report: dict, name: str, made_on: date, place: str) -> list[Path]:
    for old in OUT.glob(f"{name}-page-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as work:
        pdf = write_report(report, Path(work) / f"{name}.pdf", made_on=made_on, place=place, issuer=ISSUER)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(OUT / f"{name}-page")], check=True)
    return sorted(OUT.glob(f"{name}-page-*.png"))


def main() -> None:
    config = load_config()
    OUT.mkdir(parents=True, exist_ok=True)
    rows, issued_at = hand_built_day()
    hand_built = compute(rows, day_period("2026-11-23"), SERVICES, COUNTERS, issued_at, centre=config.centre.name)
    written = save_pages(demo_day(config), "demo-day", date(2026, 11, 22), place_of(config.centre.address))
    written += save_pages(hand_built, "hand-built-day", date(2026, 11, 23), "Hà Nội")
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
