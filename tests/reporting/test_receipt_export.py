"""The receipt exports for e-receipt software: every field is documented in docs/fees.md."""
import re

from kiosk import PROJECT_ROOT
from kiosk.reporting.receipt_export import COLUMNS, receipts_csv, receipts_xml

RECEIPT = {"series": "PT", "number": 7, "issued_at": "2026-12-04T09:41:07+07:00", "day": "2026-12-04", "cashier": "lan",
           "counter_id": 3, "ticket_number": 2001, "procedure_code": "2.000815", "procedure_name": "Chứng thực bản sao",
           "quantities": {"pages": 5, "copies": 2}, "computed_amount": 14000, "amount": 14000, "method": "cash",
           "transfer_reference": None, "transfer_confirmed_at": None, "override_reason": None, "voided": True,
           "voided_at": "2026-12-04T10:00:00+07:00", "voided_by": "truong", "void_reason": "Thu nhầm",
           "public_id": "Qm3kX9aZ0pLw"}


def test_every_exported_field_is_documented():
    table = (PROJECT_ROOT / "docs" / "fees.md").read_text(encoding="utf-8").split("## Receipt exports", 1)[1]
    documented = {name for row in re.findall(r"^\| ([a-z_, ]+) \|", table, re.M) for name in row.split(", ")}
    assert set(COLUMNS) <= documented


def test_csv_and_xml_carry_a_voided_receipt_with_its_void():
    lines = receipts_csv([RECEIPT]).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(COLUMNS)
    row = dict(zip(COLUMNS, lines[1].split(",")))
    assert (row["amount"], row["amount_words"], row["voided"], row["void_reason"], row["pages"], row["signatures"]) == (
        "14000", "Mười bốn nghìn đồng", "1", "Thu nhầm", "5", "")
    xml = receipts_xml([RECEIPT], "Phường Hòa Bình", "2026-12-04", "2026-12-04").decode("utf-8")
    assert '<receipts centre="Phường Hòa Bình" from="2026-12-04" to="2026-12-04" version="1">' in xml
    assert "<number>7</number>" in xml and "<voided_by>truong</voided_by>" in xml and "<signatures>" not in xml
