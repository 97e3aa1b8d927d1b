"""Receipts as CSV and XML for a centre's registered e-receipt software (docs/fees.md).

One record per receipt of the period, voided ones included with their void; the amounts
are whole đồng; times are ISO 8601 with the zone. The columns and elements are documented
in docs/fees.md and must stay stable: software on the other side reads them by name.
"""
from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from kiosk.core.fees import amount_in_words

COLUMNS = ("series", "number", "issued_at", "day", "cashier", "counter_id", "ticket_number", "procedure_code",
           "procedure_name", "copies", "pages", "signatures", "computed_amount", "amount", "amount_words", "currency",
           "method", "transfer_reference", "transfer_confirmed_at", "override_reason", "voided", "voided_at",
           "voided_by", "void_reason", "verify_id")


def record(receipt: dict) -> dict:
    quantities = receipt["quantities"]
    return {"series": receipt["series"], "number": receipt["number"], "issued_at": receipt["issued_at"],
            "day": receipt["day"], "cashier": receipt["cashier"], "counter_id": receipt["counter_id"],
            "ticket_number": receipt["ticket_number"], "procedure_code": receipt["procedure_code"],
            "procedure_name": receipt["procedure_name"], **{q: quantities.get(q) for q in ("copies", "pages", "signatures")},
            "computed_amount": receipt["computed_amount"], "amount": receipt["amount"],
            "amount_words": amount_in_words(receipt["amount"]), "currency": "VND", "method": receipt["method"],
            "transfer_reference": receipt["transfer_reference"], "transfer_confirmed_at": receipt["transfer_confirmed_at"],
            "override_reason": receipt["override_reason"], "voided": int(receipt["voided"]),
            "voided_at": receipt["voided_at"], "voided_by": receipt["voided_by"], "void_reason": receipt["void_reason"],
            "verify_id": receipt["public_id"]}


def receipts_csv(receipts: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for receipt in receipts:
        writer.writerow({k: "" if v is None else v for k, v in record(receipt).items()})
    return out.getvalue().encode("utf-8-sig")


def receipts_xml(receipts: list[dict], centre: str, first_day: str, last_day: str) -> bytes:
    root = ET.Element("receipts", {"centre": centre, "from": first_day, "to": last_day, "version": "1"})
    for receipt in receipts:
        element = ET.SubElement(root, "receipt")
        for name, value in record(receipt).items():
            if value is not None:
                ET.SubElement(element, name).text = str(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
