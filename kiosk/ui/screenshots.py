"""Regenerate docs/screens/kiosk-*.png: every screen, portrait and landscape, Vietnamese and English.

    xvfb-run -a -s "-screen 0 1920x1920x24" python -m kiosk.ui.screenshots [--out docs/screens]

Uses a canned server (no network) so the pictures are the same on every run, plus two fault
pictures: the printer out of paper, and the server unreachable.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.ui.harness import Harness, prepare_kivy

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}

TICKET = {
    "id": 12, "public_id": "Xk3J9qLm", "client_id": "demo", "day": "2026-11-23", "number": 1023,
    "service": {"id": "HT", "name": "Hộ tịch", "name_en": "Civil status", "waiting_area": "Khu A"},
    "procedure": {"code": "1.001193", "name": "Đăng ký khai sinh"}, "priority": None, "status": "waiting",
    "counter": None, "counters": [{"id": 1, "name": "Quầy 1"}, {"id": 2, "name": "Quầy 2"}],
    "issued_at": "2026-11-23T08:15:03+07:00", "people_ahead": 4, "estimated_wait_minutes": 12,
    "public_url": "http://127.0.0.1:8000/t/Xk3J9qLm", "offline": False, "recalls": 0,
}
QUEUE = {"services": [
    {"id": "HT", "name": "Hộ tịch", "name_en": "Civil status", "waiting_count": 4, "estimated_wait_minutes": 12},
    {"id": "CT", "name": "Chứng thực", "name_en": "Certification", "waiting_count": 2, "estimated_wait_minutes": 6},
    {"id": "XH", "name": "Bảo trợ xã hội – Người có công", "name_en": "Social protection – Meritorious people",
     "waiting_count": 0, "estimated_wait_minutes": 0},
    {"id": "KD", "name": "Hộ kinh doanh – Đất đai", "name_en": "Household business – Land", "waiting_count": 1,
     "estimated_wait_minutes": 8},
    {"id": "VH", "name": "Văn hóa – Lĩnh vực khác", "name_en": "Culture – Other fields", "waiting_count": 0,
     "estimated_wait_minutes": 0},
]}


class CannedClient:
    def __init__(self, online: bool = True):
        self.online = online

    def _check(self):
        if not self.online:
            from kiosk.sync.client import ServerUnavailable
            raise ServerUnavailable("canned: offline")

    def issue_ticket(self, procedure_code, priority, client_id):
        self._check()
        return {**TICKET, "priority": priority}

    def procedures(self):
        self._check()
        return []            # keep the bundled catalogue

    def queue(self):
        self._check()
        return QUEUE

    def report_print_failed(self, ticket_id, reason):
        return None


def capture(out: Path) -> list[Path]:
    prepare_kivy(*SIZES["portrait"])
    from kiosk.config import load_config
    from kiosk.speech import DummySpeaker
    from kiosk.ui import flow as F
    from kiosk.ui.app import KioskApp
    from printers import DummyReceiptPrinter
    from printers.printer import PrinterFault

    config = load_config()
    saved: list[Path] = []
    for orientation, size in SIZES.items():
        for lang in ("vi", "en"):
            for variant in ("normal", "faults"):
                printer = DummyReceiptPrinter(fault=PrinterFault("paper_out", "out of paper")) \
                    if variant == "faults" else DummyReceiptPrinter()
                app = KioskApp(config, client=CannedClient(online=variant == "normal"), speaker=DummySpeaker(),
                               printer=printer, tap_guard_seconds=0)
                h = Harness(app)
                h.resize(*size)
                h.start()
                try:
                    h.wait_until(lambda: app.queue_rows or not app.online, what="the first poll")
                    app.lang = lang
                    app.screens[app.screen].refresh()

                    def shot(name):
                        h.settle()
                        h.pump(4)
                        saved.append(h.screenshot(out / f"kiosk-{name}-{orientation}-{lang}.png"))

                    if variant == "normal":
                        shot("home")
                        app.open_fields(); shot("fields")
                        app.open_field("Hộ tịch"); shot("field")
                        app.open_search()
                        for letter in "khai sinh":
                            app.screens[F.SEARCH].key(letter)
                        shot("search")
                        app.go_home()
                        app.open_procedure("2.000815"); shot("procedure")
                        app.ask_priority(); shot("priority")
                        app.issue(None)
                        h.wait_until(lambda: app.screen == F.TICKET and app.screens[F.TICKET].print_state == "printed",
                                     what="the ticket")
                        shot("ticket")
                        app.show(app.flow.attract())
                        shot("attract")
                    else:
                        app.open_procedure("1.001193")
                        app.ask_priority()
                        app.issue(None)
                        h.wait_until(lambda: app.flow.issue.status == "failed", what="the failed issue")
                        shot("priority-offline")
                        app.client.online = True
                        app.issue("elderly")
                        h.wait_until(lambda: app.screens[F.TICKET].print_state == "failed", what="printer fault")
                        shot("ticket-printer-failed")
                finally:
                    h.stop()
    return saved


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(PROJECT_ROOT / "docs" / "screens"))
    args = parser.parse_args(argv)
    for path in capture(Path(args.out)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
