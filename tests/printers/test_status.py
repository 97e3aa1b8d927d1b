from escpos.escpos import Escpos
from escpos.printer import Dummy

from printers.status import PrinterStatus, read_status


class AnsweringPrinter(Escpos):
    """Answers DLE EOT requests from a queue, like a printer on USB or serial."""

    def __init__(self, *answers: bytes):
        super().__init__()
        self.answers = list(answers)
        self.sent = b""

    def _raw(self, msg: bytes) -> None:
        self.sent += msg

    def _read(self) -> bytes:
        return self.answers.pop(0)


def test_online_with_paper():
    device = AnsweringPrinter(b"\x12", b"\x12")
    assert read_status(device) == PrinterStatus(online=True, paper="ok")
    assert device.sent == b"\x10\x04\x01\x10\x04\x04"


def test_offline_and_paper_out():
    assert read_status(AnsweringPrinter(b"\x1a", b"\x72")) == PrinterStatus(online=False, paper="out")


def test_paper_near_end():
    assert read_status(AnsweringPrinter(b"\x12", b"\x1e")).paper == "low"


def test_no_answer_means_unknown_not_offline():
    assert read_status(AnsweringPrinter(b"", b"")) == PrinterStatus(online=None, paper=None)


def test_write_only_backends_are_not_asked():
    device = Dummy()
    assert read_status(device) == PrinterStatus()
    assert device.output == b""


def test_the_heartbeat_state_names_paper_and_cover_through_python_escpos_queries():
    from printers.printer import ReceiptPrinter
    from printers.paper import paper_for

    class Answering(ReceiptPrinter):
        def __init__(self, *answers):
            super().__init__(paper_for(80))
            self.answers = answers

        def open_device(self):
            return AnsweringPrinter(*self.answers)

    assert Answering(b"\x12", b"\x12").report_state() == "online"
    assert Answering(b"\x12", b"\x1e").report_state() == "paper_low"       # near-end bits
    assert Answering(b"\x12", b"\x72").report_state() == "paper_out"
    assert Answering(b"\x1a", b"\x12", b"\x16").report_state() == "cover_open"   # offline, DLE EOT 2 bit 2
    assert Answering(b"\x1a", b"\x12", b"\x12").report_state() == "offline"
    assert PrinterStatus().state() == "unknown"
