"""Reprint a ticket's receipt, e.g. from the staff side after a failed print."""
from __future__ import annotations

from printers.printer import PrintOutcome, ReceiptPrinter, make_printer
from printers.receipt import Receipt


def reprint(ticket_json: dict, config, printer: ReceiptPrinter | None = None) -> PrintOutcome:
    """Print the ticket's receipt again, marked as a reprint; blocking, with the printer timeout.

    `config` is the whole Config (centre name, time zone, printer section).
    """
    receipt = Receipt.from_ticket(ticket_json, config.centre.name, config.centre.timezone, reprint=True)
    return (printer or make_printer(config.printer)).print_receipt(receipt)
