from kiosk.config import load_config
from printers.layout import Text
from printers.printer import DummyReceiptPrinter
from printers.reprint import reprint
from printers.samples import TICKET


def test_reprint_prints_the_ticket_again_marked_as_a_reprint():
    config = load_config()
    printer = DummyReceiptPrinter()
    outcome = reprint(TICKET, config, printer)
    assert outcome.ok
    [receipt] = printer.jobs
    assert receipt.number == "1023" and receipt.centre_name == config.centre.name
    assert Text("(Phiếu in lại)", "small") in receipt.blocks()


def test_reprint_reports_a_failure_instead_of_raising():
    printer = DummyReceiptPrinter(fault=OSError("USB cable unplugged"))
    outcome = reprint(TICKET, load_config(), printer)
    assert not outcome.ok and "unplugged" in outcome.reason
