"""Receipt printers: all job logic on one base, a real python-escpos one and a dummy.

`print_receipt` blocks (with a timeout) and returns a PrintOutcome; `print_async` runs the
same off the calling (UI) thread and hands the outcome to a callback. Neither raises:
a printer fault must never stop a ticket from being issued.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Dummy

from printers import drawing
from printers.backends import BackendError, MissingLibrary, open_backend
from printers.output import UnknownProfile, attach_profile, make_profile, usable_dots, write_document
from printers.paper import Paper, paper_for
from printers.plan import RenderOptions
from printers.status import PrinterStatus, read_cover, read_status

log = logging.getLogger(__name__)

# code -> Vietnamese message for citizens and staff
MESSAGES = {
    "printed": "Đã in phiếu.",
    "not_found": "Không tìm thấy máy in. Vui lòng báo cán bộ.",
    "offline": "Máy in chưa sẵn sàng (đang tắt, mở nắp hoặc bị lỗi). Vui lòng báo cán bộ.",
    "paper_out": "Máy in đã hết giấy. Vui lòng báo cán bộ.",
    "timeout": "Máy in không phản hồi. Vui lòng báo cán bộ.",
    "busy": "Máy in đang bận in phiếu khác. Vui lòng thử lại.",
    "missing_library": "Máy tính chưa cài đủ phần mềm cho máy in. Vui lòng báo cán bộ kỹ thuật.",
    "config": "Cấu hình máy in chưa đúng. Vui lòng báo cán bộ kỹ thuật.",
    "error": "Không in được phiếu. Vui lòng báo cán bộ.",
}
PAPER_LOW_WARNING = "Máy in sắp hết giấy, cần thay cuộn giấy mới."


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    reason: str = ""           # precise English, for logs and admins
    message: str = ""          # Vietnamese, for citizens and staff
    code: str = "printed"      # printed | not_found | offline | paper_out | timeout | busy | ...
    warning: str = ""          # Vietnamese, set when printed but e.g. paper is low
    bytes_sent: int = 0

    @classmethod
    def printed(cls, bytes_sent: int, warning: str = "") -> "PrintOutcome":
        return cls(True, "printed", MESSAGES["printed"], "printed", warning, bytes_sent)

    @classmethod
    def failed(cls, code: str, reason: str) -> "PrintOutcome":
        return cls(False, reason, MESSAGES[code], code)


class PrinterFault(Exception):
    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code = code


class ReceiptPrinter:
    """Renders documents and sends them; subclasses supply the python-escpos device."""

    def __init__(self, paper: Paper, options: RenderOptions = RenderOptions(), profile: str | None = None,
                 timeout_seconds: float = 8.0, check_status: bool = True):
        self.paper = paper
        self.options = options
        self.profile = profile
        self.timeout_seconds = timeout_seconds
        self.check_status = check_status
        self._one_job_at_a_time = threading.Lock()
        self._last_state = "unknown"

    # --- what callers use ---------------------------------------------------------------
    def print_receipt(self, receipt) -> PrintOutcome:
        return self.print_document(receipt)

    def print_leaflet(self, leaflet) -> PrintOutcome:
        return self.print_document(leaflet)

    def print_async(self, document, on_done=None) -> threading.Thread:
        """Print in a background thread; `on_done(outcome)` is called from that thread."""
        def job():
            outcome = self.print_document(document)
            if on_done is not None:
                try:
                    on_done(outcome)
                except Exception:
                    log.exception("print callback failed")
        worker = threading.Thread(target=job, name="print-job", daemon=True)
        worker.start()
        return worker

    def print_document(self, document) -> PrintOutcome:
        """Blocking; gives up after timeout_seconds (the stuck transfer is left to its thread)."""
        result: list[PrintOutcome] = []
        worker = threading.Thread(target=lambda: result.append(self._print_guarded(document)),
                                  name="print-transfer", daemon=True)
        started = time.monotonic()
        worker.start()
        worker.join(self.timeout_seconds)
        if result:
            return result[0]
        waited = time.monotonic() - started
        return PrintOutcome.failed("timeout", f"{self.describe()}: no completion after {waited:.1f} s")

    def job_bytes(self, document) -> bytes:
        """The ESC/POS bytes this printer would receive for a Receipt or Leaflet."""
        recorder = attach_profile(Dummy(), make_profile(self.profile, self.paper))
        write_document(recorder, document, self.paper, self.options)
        return recorder.output

    def status(self) -> PrinterStatus:
        device = self.open_device()
        try:
            device.open()
            return self.device_status(device)
        finally:
            _close_quietly(device)

    def report_state(self) -> str:
        """The printer's state in one word (PrinterStatus.state) for the device heartbeat.
        Never raises; while a job runs it answers the last state rather than wait."""
        if not self._one_job_at_a_time.acquire(blocking=False):
            return self._last_state
        try:
            device = self.open_device()
            try:
                device.open()
                status = self.device_status(device)
                if status.online is False and status.cover_open is None:
                    status = replace(status, cover_open=read_cover(device))
            finally:
                _close_quietly(device)
            self._last_state = status.state()
        except Exception as error:     # not found, unplugged, a transport error: not printing
            log.debug("printer state: %s", error)
            self._last_state = "offline"
        finally:
            self._one_job_at_a_time.release()
        return self._last_state

    def describe(self) -> str:
        return f"{type(self).__name__} ({self.paper.mm} mm, {self.options.text_mode} text)"

    def warm_up(self) -> threading.Thread:
        """Rasterise the font's glyphs in the background so the first receipt is fast too."""
        sizes = [self.paper.body_px, self.paper.title_px, self.paper.small_px]
        worker = threading.Thread(target=drawing.warm_up, args=(sizes,), name="glyph-warm-up", daemon=True)
        worker.start()
        return worker

    # --- what subclasses supply -----------------------------------------------------------
    def open_device(self) -> Escpos:
        raise NotImplementedError

    def device_status(self, device: Escpos) -> PrinterStatus:
        return read_status(device)

    # --- one job ------------------------------------------------------------------------
    def _print_guarded(self, document) -> PrintOutcome:
        if not self._one_job_at_a_time.acquire(timeout=self.timeout_seconds / 2):
            return PrintOutcome.failed("busy", f"{self.describe()}: an earlier job is still running")
        try:
            return self._print_now(document)
        except PrinterFault as fault:
            return PrintOutcome.failed(fault.code, f"{self.describe()}: {fault}")
        except MissingLibrary as error:
            return PrintOutcome.failed("missing_library", str(error))
        except (BackendError, UnknownProfile) as error:
            return PrintOutcome.failed("config", str(error))
        except DeviceNotFoundError as error:
            return PrintOutcome.failed("not_found", f"{self.describe()}: {_one_line(error)}")
        except Exception as error:   # a transport error must become an outcome, never a crash
            log.exception("printing failed")
            return PrintOutcome.failed("error", f"{self.describe()}: {type(error).__name__}: {_one_line(error)}")
        finally:
            self._one_job_at_a_time.release()

    def _print_now(self, document) -> PrintOutcome:
        data = self.job_bytes(document)
        device = self.open_device()
        try:
            device.open()
            status = self.device_status(device) if self.check_status else PrinterStatus()
            if status.online is False:
                raise PrinterFault("offline", "printer reports offline (cover open, paper out or error)")
            if status.paper == "out":
                raise PrinterFault("paper_out", "printer reports the paper roll is empty")
            device._raw(data)
        finally:
            _close_quietly(device)
        return PrintOutcome.printed(len(data), PAPER_LOW_WARNING if status.paper == "low" else "")


class EscposReceiptPrinter(ReceiptPrinter):
    """A real printer on the transport config.yaml names (usb, serial, network, file, cups)."""

    def __init__(self, backend: str, settings: dict, **kwargs):
        super().__init__(**kwargs)
        self.backend = backend
        self.settings = dict(settings or {})

    def open_device(self) -> Escpos:
        device = open_backend(self.backend, self.settings, self.timeout_seconds)
        return attach_profile(device, make_profile(self.profile, self.paper))

    def describe(self) -> str:
        where = ", ".join(f"{key}={_shown(value)}" for key, value in self.settings.items())
        return f"{self.backend} printer ({where or 'defaults'}; {self.paper.mm} mm, {self.options.text_mode} text)"


class DummyReceiptPrinter(ReceiptPrinter):
    """Records what it was asked; sends the real bytes to a python-escpos Dummy.

    `status` and `fault` simulate a printer that is offline, out of paper or missing.
    """

    def __init__(self, paper: Paper | None = None, options: RenderOptions = RenderOptions(),
                 status: PrinterStatus = PrinterStatus(online=True, paper="ok"),
                 fault: PrinterFault | Exception | None = None, delay_seconds: float = 0.0, **kwargs):
        super().__init__(paper or paper_for(80), options, **kwargs)
        self.simulated_status = status
        self.fault = fault
        self.delay_seconds = delay_seconds
        self.jobs: list = []
        self.escpos = Dummy()

    @property
    def output(self) -> bytes:
        """All bytes sent so far."""
        return self.escpos.output

    def print_document(self, document) -> PrintOutcome:
        self.jobs.append(document)
        return super().print_document(document)

    def open_device(self) -> Escpos:
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.fault is not None:
            raise self.fault
        return attach_profile(self.escpos, make_profile(self.profile, self.paper))

    def device_status(self, device: Escpos) -> PrinterStatus:
        return self.simulated_status


def make_printer(config) -> ReceiptPrinter:
    """The printer config.yaml's `printer` section describes; never raises for a bad printer."""
    paper = paper_for(config.paper_width)
    paper = replace(paper, dots=usable_dots(config.profile, paper)) if _known_profile(config.profile) else paper
    common = dict(
        paper=paper,
        options=render_options(config),
        profile=config.profile,
        timeout_seconds=config.timeout_seconds,
        check_status=getattr(config, "check_status", True),
    )
    if config.backend == "dummy":
        printer = DummyReceiptPrinter(**common)
    else:
        printer = EscposReceiptPrinter(config.backend, getattr(config, config.backend), **common)
    printer.warm_up()
    return printer


def render_options(config) -> RenderOptions:
    return RenderOptions(
        text_mode=config.text_mode,
        codepage=getattr(config, "codepage", "CP1258"),
        codepage_number=getattr(config, "codepage_number", None),
        native_qr=config.native_qr,
        native_number=getattr(config, "native_number", True),
    )


def _known_profile(name: str | None) -> bool:
    try:
        make_profile(name, paper_for(80))
        return True
    except UnknownProfile:
        return False


def _close_quietly(device: Escpos) -> None:
    try:
        device.close()
    except Exception:
        log.warning("closing the printer failed", exc_info=True)


def _shown(value) -> str:
    return f"0x{value:04x}" if isinstance(value, int) and value > 255 else str(value)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())
