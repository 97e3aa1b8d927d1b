"""The device's heartbeat: what it is like now, sent to the server every sync round it is
online (at most every `every_seconds`), and the clock offset measured on the way.

Reports version, outbox size, printer state (printers: PrinterStatus.state), whether speech
works, free disk beside the journal, and the offset (kiosk/sync/clock_offset.py). The
printer and the speaker come from `parts()`: the kiosk UI makes them after its first frame,
so they may still be None."""
from __future__ import annotations

import functools
import logging
import shutil
import time
from typing import Callable

from kiosk import PROJECT_ROOT
from kiosk.clock import OffsetClock
from kiosk.sync.client import ApiError, ServerUnavailable
from kiosk.sync.clock_offset import measure_offset_ms, save_offset

log = logging.getLogger(__name__)


@functools.cache
def app_version() -> str:
    import tomllib
    try:
        return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"


class Heartbeat:
    """`client`: a SyncClient, or anything with `server` (ServerClient), `clock` and `journal`
    (None for a display, which has no journal)."""

    def __init__(self, client, parts: Callable[[], tuple] = lambda: (None, None), every_seconds: float = 30.0,
                 monotonic: Callable[[], float] = time.monotonic):
        self.client = client          # a SyncClient (its journal, its server connection, its clock)
        self.parts = parts            # () -> (printer | None, speaker | None)
        self.every_seconds = every_seconds
        self.monotonic = monotonic
        self.offset_ms: int | None = None
        self._sent_at = -1e9

    def due(self) -> bool:
        return self.monotonic() - self._sent_at >= self.every_seconds

    def report(self) -> dict:
        printer, speaker = self.parts()
        state = printer.report_state() if hasattr(printer, "report_state") else ("unknown" if printer else "none")
        problem = getattr(speaker, "problem", "") if speaker is not None else ""
        journal = self.client.journal       # None on a display: no outbox
        return {"version": app_version(), "outbox": journal.counts().get("outbox", 0) if journal else None,
                "printer": state, "speech_ok": None if speaker is None else not problem,
                "speech_problem": problem or "",
                "disk_free_bytes": _free_bytes(journal.path.parent if journal else PROJECT_ROOT),
                "clock_offset_ms": self.offset_ms}

    def send(self) -> bool:
        """One heartbeat (and offset measurement); False when the server did not take it."""
        report = self.report()
        clock = self.client.clock
        own = clock.base if isinstance(clock, OffsetClock) else clock
        sent = own.now()
        try:
            answer = self.client.server.heartbeat(report)
        except (ServerUnavailable, ApiError, AttributeError) as error:   # AttributeError: a server double without it
            log.debug("heartbeat not sent: %s", error)
            return False
        self._sent_at = self.monotonic()
        if answer and answer.get("server_time"):
            self._adopt_offset(measure_offset_ms(sent, own.now(), answer["server_time"]))
        return True

    def _adopt_offset(self, offset_ms: int) -> None:
        if self.client.journal and (self.offset_ms is None or abs(offset_ms - self.offset_ms) >= 50):
            save_offset(self.client.journal, offset_ms)
        if abs(offset_ms) > 60_000 and (self.offset_ms is None or abs(offset_ms - self.offset_ms) > 1000):
            log.warning("this device's clock is %.0f s off the server's; tickets use the server's time",
                        -offset_ms / 1000)
        self.offset_ms = offset_ms
        if isinstance(self.client.clock, OffsetClock):
            self.client.clock.offset_seconds = offset_ms / 1000


def _free_bytes(folder) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None
