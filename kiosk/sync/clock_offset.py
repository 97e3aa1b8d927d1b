"""A device's clock offset to the server, measured whenever it is online and kept in the journal.

offset = server time − the device's time at the middle of the round trip (the server stamped
its answer somewhere in between; half the round trip is the best guess, and the error is at
most half of it). The kiosk's OffsetClock adds it, so the issue times of offline tickets are
the server's time even on a PC whose clock is hours off."""
from __future__ import annotations

from datetime import datetime

OFFSET_META = "clock_offset_ms"


def measure_offset_ms(sent: datetime, received: datetime, server_time: str) -> int:
    """Server minus device, in ms, from the device's clock before and after one request and
    the server's time in the answer (ISO 8601 with its zone)."""
    middle = sent + (received - sent) / 2
    return round((datetime.fromisoformat(server_time) - middle).total_seconds() * 1000)


def saved_offset_seconds(journal) -> float:
    try:
        return int(journal.meta(OFFSET_META) or 0) / 1000
    except ValueError:
        return 0.0


def save_offset(journal, offset_ms: int) -> None:
    journal.set_meta(OFFSET_META, str(offset_ms))
