import socket
import threading

from escpos.exceptions import DeviceNotFoundError

from printers.backends import MissingLibrary
from printers.paper import paper_for
from printers.plan import RenderOptions
from printers.printer import (DummyReceiptPrinter, EscposReceiptPrinter, PrintOutcome, make_printer)
from printers.samples import sample_leaflet, sample_receipt
from printers.status import PrinterStatus
from printers.stream import parse
from kiosk.config import Printer


def test_dummy_records_the_job_and_the_bytes():
    printer = DummyReceiptPrinter()
    receipt = sample_receipt()
    outcome = printer.print_receipt(receipt)
    assert outcome == PrintOutcome.printed(len(printer.output))
    assert printer.jobs == [receipt]
    assert printer.output == printer.job_bytes(receipt)
    assert parse(printer.output)[-1].name == "cut"


def test_leaflets_print_too():
    printer = DummyReceiptPrinter()
    assert printer.print_leaflet(sample_leaflet()).ok
    assert printer.jobs == [sample_leaflet()]


def test_paper_out_fails_with_a_vietnamese_message_and_sends_nothing():
    printer = DummyReceiptPrinter(status=PrinterStatus(online=True, paper="out"))
    outcome = printer.print_receipt(sample_receipt())
    assert (outcome.ok, outcome.code) == (False, "paper_out")
    assert "hết giấy" in outcome.message
    assert "paper roll is empty" in outcome.reason
    assert printer.output == b""


def test_offline_printer_fails():
    outcome = DummyReceiptPrinter(status=PrinterStatus(online=False)).print_receipt(sample_receipt())
    assert (outcome.ok, outcome.code) == (False, "offline")


def test_paper_low_prints_with_a_warning():
    outcome = DummyReceiptPrinter(status=PrinterStatus(online=True, paper="low")).print_receipt(sample_receipt())
    assert outcome.ok and "sắp hết giấy" in outcome.warning


def test_status_check_can_be_switched_off():
    printer = DummyReceiptPrinter(status=PrinterStatus(online=False), check_status=False)
    assert printer.print_receipt(sample_receipt()).ok


def test_missing_printer_and_missing_library_become_outcomes():
    not_found = DummyReceiptPrinter(fault=DeviceNotFoundError("USB device (1046, 20497) not found"))
    assert not_found.print_receipt(sample_receipt()).code == "not_found"
    missing = DummyReceiptPrinter(fault=MissingLibrary("pip install .[usb]"))
    outcome = missing.print_receipt(sample_receipt())
    assert (outcome.code, outcome.reason) == ("missing_library", "pip install .[usb]")


def test_unexpected_transport_errors_become_outcomes():
    outcome = DummyReceiptPrinter(fault=OSError(5, "Input/output error")).print_receipt(sample_receipt())
    assert (outcome.ok, outcome.code) == (False, "error")
    assert "Input/output error" in outcome.reason


class GatedPrinter(DummyReceiptPrinter):
    """Holds every job at the device until the test opens the gate."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.gate = threading.Event()

    def open_device(self):
        self.gate.wait(5)
        return super().open_device()


def test_a_hanging_printer_times_out():
    printer = GatedPrinter(timeout_seconds=0.2)
    outcome = printer.print_receipt(sample_receipt())
    printer.gate.set()
    assert (outcome.ok, outcome.code) == (False, "timeout")
    assert "Máy in không phản hồi" in outcome.message


def test_a_second_job_behind_a_hanging_one_is_refused_as_busy():
    printer = GatedPrinter(timeout_seconds=0.4)
    first = printer.print_async(sample_receipt())
    second = printer.print_receipt(sample_receipt())
    printer.gate.set()
    first.join(5)
    assert second.code in ("busy", "timeout")
    assert not second.ok


def test_print_async_returns_before_the_job_and_reports_to_the_callback():
    printer = GatedPrinter()
    outcomes = []
    worker = printer.print_async(sample_receipt(), on_done=outcomes.append)
    assert outcomes == [] and worker.is_alive()       # the job is still held at the gate
    printer.gate.set()
    worker.join(5)
    assert [outcome.ok for outcome in outcomes] == [True]


def test_a_failing_callback_does_not_escape():
    def explode(outcome):
        raise RuntimeError("UI gone")
    worker = DummyReceiptPrinter().print_async(sample_receipt(), on_done=explode)
    worker.join(5)
    assert not worker.is_alive()


def test_file_backend_writes_the_real_byte_stream(tmp_path):
    target = tmp_path / "lp0"
    printer = EscposReceiptPrinter("file", {"path": str(target)}, paper=paper_for(58))
    outcome = printer.print_receipt(sample_receipt())
    assert outcome.ok
    written = target.read_bytes()
    assert written == printer.job_bytes(sample_receipt())      # no status request mixed in
    commands = parse(written)
    assert commands[0].name == "init" and commands[-1].name == "cut"
    assert max(c.width for c in commands if c.name == "raster") <= 384


class FakeNetworkPrinter:
    """A TCP port 9100 printer on localhost: answers DLE EOT, keeps what it receives."""

    def __init__(self, online: bytes = b"\x12", paper: bytes = b"\x12"):
        self.answers = {b"\x10\x04\x01": online, b"\x10\x04\x04": paper}
        self.received = b""
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        connection, _ = self.server.accept()
        with connection:
            while chunk := connection.recv(65536):
                self.received += chunk
                if chunk in self.answers:
                    connection.sendall(self.answers[chunk])
        self.server.close()


def network_printer(fake):
    return EscposReceiptPrinter("network", {"host": "127.0.0.1", "port": fake.port}, paper=paper_for(80),
                                timeout_seconds=5)


def test_network_printer_is_asked_its_status_then_gets_the_receipt():
    fake = FakeNetworkPrinter()
    printer = network_printer(fake)
    outcome = printer.print_receipt(sample_receipt())
    fake.thread.join(5)
    assert outcome.ok
    assert fake.received == b"\x10\x04\x01\x10\x04\x04" + printer.job_bytes(sample_receipt())


def test_network_printer_out_of_paper_gets_no_receipt():
    fake = FakeNetworkPrinter(paper=b"\x72")
    outcome = network_printer(fake).print_receipt(sample_receipt())
    fake.thread.join(5)
    assert outcome.code == "paper_out"
    assert fake.received == b"\x10\x04\x01\x10\x04\x04"


def test_make_printer_follows_the_config(tmp_path):
    dummy = make_printer(Printer())
    assert isinstance(dummy, DummyReceiptPrinter) and dummy.paper.dots == 576
    real = make_printer(Printer(backend="file", paper_width=58, text_mode="codepage", native_qr=False,
                                file={"path": str(tmp_path / "out")}))
    assert isinstance(real, EscposReceiptPrinter) and real.paper.dots == 384
    assert real.options == RenderOptions(text_mode="codepage", native_qr=False)


def test_an_unknown_profile_is_reported_when_printing_not_raised_at_start():
    printer = make_printer(Printer(profile="No-Such-Printer"))
    outcome = printer.print_receipt(sample_receipt())
    assert (outcome.code, outcome.ok) == ("config", False)
    assert "No-Such-Printer" in outcome.reason
