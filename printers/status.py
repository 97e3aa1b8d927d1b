"""Ask the printer whether it is online and has paper (ESC/POS DLE EOT), where it can answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from escpos.constants import DLE, EOT, RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.escpos import Escpos

OFFLINE_BIT = 0x08        # DLE EOT 1, bit 3
PAPER_END_BITS = 0x60     # DLE EOT 4, bits 5-6: roll paper end
PAPER_NEAR_END_BITS = 0x0C  # DLE EOT 4, bits 2-3: roll paper near end
RT_STATUS_OFFLINE_CAUSE = DLE + EOT + b"\x02"
COVER_OPEN_BIT = 0x04      # DLE EOT 2, bit 2


@dataclass(frozen=True)
class PrinterStatus:
    online: bool | None = None                          # None: the backend cannot tell
    paper: Literal["ok", "low", "out"] | None = None    # None: the backend cannot tell
    cover_open: bool | None = None                      # asked only when offline

    def state(self) -> str:
        """One word for the Devices page (kiosk/core/device_health.PRINTER_STATES)."""
        if self.online is None and self.paper is None:
            return "unknown"
        if self.paper == "out":
            return "paper_out"
        if self.cover_open:
            return "cover_open"
        if self.online is False:
            return "offline"
        return "paper_low" if self.paper == "low" else "online"

    def describe(self) -> str:
        online = {True: "online", False: "offline", None: "online state unknown"}[self.online]
        paper = {"ok": "paper ok", "low": "paper low", "out": "paper out", None: "paper state unknown"}[self.paper]
        return f"{online}, {paper}"


def can_read(device: Escpos) -> bool:
    """File, Dummy and LP cannot read answers; asking would only write status requests into the job."""
    return type(device)._read is not Escpos._read


def read_status(device: Escpos) -> PrinterStatus:
    if not can_read(device):
        return PrinterStatus()
    online = _ask(device, RT_STATUS_ONLINE)
    if type(device).__name__ == "CupsPrinter":      # CUPS reports its queue, not the paper
        return PrinterStatus(online=_online(online))
    return PrinterStatus(online=_online(online), paper=_paper(_ask(device, RT_STATUS_PAPER)))


def read_cover(device: Escpos) -> bool | None:
    """Is the cover open? (DLE EOT 2, where the backend can answer.)"""
    if not can_read(device):
        return None
    answer = _ask(device, RT_STATUS_OFFLINE_CAUSE)
    return None if not answer else bool(answer[0] & COVER_OPEN_BIT)


def _ask(device: Escpos, request: bytes) -> bytes:
    try:
        return bytes(device.query_status(request))
    except (NotImplementedError, TimeoutError):
        return b""
    except OSError as error:     # a read timeout on a socket or serial port: no answer
        if "timed out" in str(error).lower():
            return b""
        raise


def _online(answer: bytes) -> bool | None:
    return None if not answer else not answer[0] & OFFLINE_BIT


def _paper(answer: bytes) -> str | None:
    if not answer:
        return None
    if answer[0] & PAPER_END_BITS:
        return "out"
    if answer[0] & PAPER_NEAR_END_BITS:
        return "low"
    return "ok"
