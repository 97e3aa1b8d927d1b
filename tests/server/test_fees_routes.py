"""Fees over HTTP: rules, charging a served ticket, printing, transfers, voids, ledger, exports."""
import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from kiosk.core import accounts, vietqr
from tests.printers.test_fee_receipt import zbar
from tests.support import pdf_text

COPIES = {"kind": "per_page", "tiers": [{"from_page": 1, "amount": 2000}, {"from_page": 3, "amount": 1000}],
          "cap_per_copy": 200000}


@pytest.fixture
def desk(centre, config):
    config.fees.bank_bin, config.fees.account_number = "970405", "1500201012345"
    state = centre.client.app.state
    accounts.add_user(state.store, "truong", "mat-khau-truong", "manager", state.queue.clock)
    centre.tokens["manager"] = centre.client.post("/api/auth/login", json={
        "username": "truong", "password": "mat-khau-truong"}).json()["token"]
    put = centre.client.put("/api/admin/procedures/2.000815/fee-rule", json={"rule": COPIES}, headers=centre.as_("admin"))
    assert put.status_code == 200 and put.json()["example"] == "5 trang × 2 bản = 14.000 đ"
    return centre


def served(centre, code="2.000815", counter=3):
    ticket = centre.issue(code).json()
    assert centre.next(counter).json()["id"] == ticket["id"]
    return ticket


def test_the_public_fee_shows_the_worked_example(desk):
    fee = desk.client.get("/api/procedures/2.000815/fee").json()
    assert (fee["status"], fee["needs"], fee["example"]) == ("confirmed", ["copies", "pages"], "5 trang × 2 bản = 14.000 đ")
    assert fee["spoken_example"] == "Ví dụ: năm trang, hai bản: lệ phí mười bốn nghìn đồng."
    assert desk.client.get("/api/procedures/9.999999/fee").status_code == 404


def test_rule_editing_is_for_admins_and_bad_rules_name_the_field(desk):
    url = "/api/admin/procedures/2.000815/fee-rule"
    assert desk.client.put(url, json={"rule": {"kind": "free"}}, headers=desk.as_("staff")).status_code == 403
    bad = desk.client.put(url, json={"rule": {"kind": "per_copy", "amount": "8000"}}, headers=desk.as_("admin"))
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "rule.amount"
    live = desk.client.post("/api/fees/quote", json={"rule": {"kind": "per_copy", "amount": 8000},
                                                     "quantities": {"copies": 3}}, headers=desk.as_("admin"))
    assert (live.json()["amount"], live.json()["example"]) == (24000, "3 bản = 24.000 đ")


def test_charge_print_and_verify(desk):
    ticket = served(desk)
    charged = desk.client.post(f"/api/tickets/{ticket['id']}/receipts", json={"quantities": {"pages": 5, "copies": 2}},
                               headers=desk.as_("staff"))
    assert charged.status_code == 201
    receipt = charged.json()
    assert (receipt["amount"], receipt["amount_words"], receipt["number_text"]) == (14000, "Mười bốn nghìn đồng", "0000001")
    printed = desk.client.post(f"/api/receipts/{receipt['id']}/print", headers=desk.as_("staff")).json()
    assert printed["ok"] and desk.client.app.state.printer.jobs[-1].amount == "14.000 đ"
    page = desk.client.get(receipt["verify_url"].split("8000", 1)[-1])
    assert "Phiếu thu còn hiệu lực" in page.text and "Mười bốn nghìn đồng" in page.text
    pdf = desk.client.get(f"/api/receipts/{receipt['id']}/receipt.pdf", headers=desk.as_("staff"))
    text = pdf_text(pdf.content)
    assert "PHIẾU THU LỆ PHÍ" in text and "Mười bốn nghìn đồng" in text and "0000001" in text


def test_override_needs_a_reason_and_a_waiting_ticket_is_refused(desk):
    ticket = served(desk)
    waiting = desk.issue("2.000815").json()
    refused = desk.client.post(f"/api/tickets/{waiting['id']}/receipts", json={}, headers=desk.as_("staff"))
    assert refused.status_code == 409 and refused.json()["detail"]["message"]
    no_reason = desk.client.post(f"/api/tickets/{ticket['id']}/receipts", json={"amount": 1000}, headers=desk.as_("staff"))
    assert no_reason.status_code == 422 and no_reason.json()["detail"]["field"] == "reason"


def test_transfer_qr_is_a_vietqr_and_staff_confirm_it(desk, tmp_path):
    ticket = served(desk)
    receipt = desk.client.post(f"/api/tickets/{ticket['id']}/receipts", json={
        "quantities": {"pages": 3, "copies": 1}, "method": "transfer"}, headers=desk.as_("staff")).json()
    assert vietqr.read(receipt["transfer_qr"])["amount"] == 5000 and vietqr.crc_ok(receipt["transfer_qr"])
    png = tmp_path / "vietqr.png"
    png.write_bytes(desk.client.get(f"/api/receipts/{receipt['id']}/vietqr.png", headers=desk.as_("staff")).content)
    assert zbar(png) == [receipt["transfer_qr"]]
    confirmed = desk.client.post(f"/api/receipts/{receipt['id']}/confirm-transfer", headers=desk.as_("staff"))
    assert confirmed.json()["transfer_confirmed_by"] == "lan"


def test_only_a_manager_voids_and_the_ledger_lists_it_apart(desk):
    ticket = served(desk)
    receipt = desk.client.post(f"/api/tickets/{ticket['id']}/receipts", json={"quantities": {"pages": 2, "copies": 1}},
                               headers=desk.as_("staff")).json()
    url = f"/api/receipts/{receipt['id']}/void"
    assert desk.client.post(url, json={"reason": "Thu nhầm"}, headers=desk.as_("staff")).status_code == 403
    voided = desk.client.post(url, json={"reason": "Thu nhầm"}, headers=desk.as_("manager"))
    assert voided.status_code == 200 and voided.json()["voided"]
    page = desk.client.get(receipt["verify_url"].split("8000", 1)[-1])
    assert "ĐÃ HỦY" in page.text and "Thu nhầm" in page.text
    ledger = desk.client.get("/api/fees/ledger?period=day", headers=desk.as_("manager")).json()["ledger"]
    assert (ledger["total"], ledger["count"], len(ledger["voided"])) == (0, 0, 1)


def test_exports_for_the_ledger_and_for_e_receipt_software(desk):
    for pages in (5, 1):
        ticket = served(desk)
        desk.client.post(f"/api/tickets/{ticket['id']}/receipts", json={"quantities": {"pages": pages, "copies": 2}},
                         headers=desk.as_("staff"))
    head = desk.as_("manager")
    book = load_workbook(io.BytesIO(desk.client.get("/api/fees/ledger/export?format=xlsx", headers=head).content))
    by_method = book["Theo hình thức thu"]
    assert [c.value for c in by_method[6]] == ["Tiền mặt", 2, 18000]
    assert "18.000 đồng" in pdf_text(desk.client.get("/api/fees/ledger/export?format=pdf", headers=head).content)
    lines = desk.client.get("/api/fees/receipts/export?format=csv", headers=head).content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("series,number,issued_at") and len(lines) == 3
    root = ET.fromstring(desk.client.get("/api/fees/receipts/export?format=xml", headers=head).content)
    assert [r.findtext("amount") for r in root] == ["14000", "4000"]
    assert root[0].findtext("amount_words") == "Mười bốn nghìn đồng"
