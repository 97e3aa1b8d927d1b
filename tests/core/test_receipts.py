import uuid

import pytest

from kiosk.core import receipts, vietqr
from kiosk.core.errors import QueueError
from kiosk.core.fee_rules import propose_rules, rule_view, save_rule


@pytest.fixture
def desk(store, queue, config, clock):
    """A centre with proposed fee rules, a bank account, and a ticket being served at counter 3 (CT)."""
    config.fees.bank_bin, config.fees.account_number = "970405", "1500201012345"
    with store.write():
        propose_rules(store, [{"code": "2.000815", "fee": "2.000 đồng/trang; từ trang thứ 3 trở đi 1.000 đồng/trang; "
                                                          "tối đa 200.000 đồng/bản"},
                              {"code": "1.001193", "fee": "Miễn lệ phí"},
                              {"code": "1.001612", "fee": "Theo mức do HĐND tỉnh quy định"}], "")
    return store, queue, config, clock


def served(queue, code="2.000815"):
    ticket = queue.issue(code, None, str(uuid.uuid4()))
    counter = next(c for c in queue.store.counters() if ticket["service"]["id"] in c["services"])
    queue.call(ticket["id"], counter["id"], staff="lan")
    return ticket


def test_charge_computes_the_fee_and_numbers_receipts_without_gaps(desk):
    store, queue, config, clock = desk
    first = receipts.charge(store, config, clock, served(queue)["id"], {"pages": 5, "copies": 2}, "cash", "lan")
    second = receipts.charge(store, config, clock, served(queue)["id"], {"pages": 1, "copies": 1}, "cash", "lan")
    assert (first["amount"], first["computed_amount"], first["quantities"]) == (14000, 14000, {"copies": 2, "pages": 5})
    assert [(r["series"], r["number"]) for r in (first, second)] == [("PT", 1), ("PT", 2)]
    view = receipts.view(config, first)
    assert view["amount_words"] == "Mười bốn nghìn đồng" and view["number_text"] == "0000001"
    assert view["verify_url"].endswith("/phieu-thu/" + first["public_id"])


def test_a_refused_charge_takes_no_number(desk):
    store, queue, config, clock = desk
    ticket = served(queue)
    with pytest.raises(QueueError):
        receipts.charge(store, config, clock, ticket["id"], {"pages": 0}, "cash", "lan")
    with pytest.raises(QueueError):
        receipts.charge(store, config, clock, ticket["id"], {"pages": 1}, "cash", "lan", override=500, reason="")
    assert receipts.charge(store, config, clock, ticket["id"], {"pages": 1}, "cash", "lan")["number"] == 1


def test_a_waiting_ticket_cannot_be_charged(desk):
    store, queue, config, clock = desk
    ticket = queue.issue("2.000815", None, str(uuid.uuid4()))
    with pytest.raises(QueueError) as refused:
        receipts.charge(store, config, clock, ticket["id"], {}, "cash", "lan")
    assert refused.value.kind == "conflict"


def test_an_override_needs_a_reason_and_is_audited(desk):
    store, queue, config, clock = desk
    receipt = receipts.charge(store, config, clock, served(queue)["id"], {"pages": 5, "copies": 2}, "cash", "lan",
                              override=12000, reason="Một trang in lỗi, không chứng thực")
    assert (receipt["amount"], receipt["computed_amount"]) == (12000, 14000)
    entry = store.audit_entries(action="fee.override")[0]
    assert (entry["actor"], entry["entity_id"], entry["before"], entry["after"]) == (
        "lan", "PT-1", {"computed": 14000}, {"amount": 12000})


def test_a_council_fee_without_its_amount_is_entered_by_hand_with_a_reason(desk):
    store, queue, config, clock = desk
    ticket = served(queue, "1.001612")
    with pytest.raises(QueueError):
        receipts.charge(store, config, clock, ticket["id"], {}, "cash", "lan")
    receipt = receipts.charge(store, config, clock, ticket["id"], {}, "cash", "lan", override=100000,
                              reason="Mức theo Nghị quyết HĐND tỉnh")
    assert receipt["computed_amount"] is None and receipt["amount"] == 100000


def test_transfer_receipt_carries_a_vietqr_with_the_ticket_reference(desk):
    store, queue, config, clock = desk
    ticket = served(queue)
    receipt = receipts.charge(store, config, clock, ticket["id"], {"pages": 5, "copies": 2}, "transfer", "lan")
    assert receipt["transfer_reference"] == f"PHI {ticket['number']} 2311"
    assert vietqr.read(receipts.view(config, receipt)["transfer_qr"]) == {
        "bin": "970405", "account": "1500201012345", "service": "QRIBFTTA", "amount": 14000,
        "reference": f"PHI {ticket['number']} 2311", "currency": "704", "crc_ok": True}
    confirmed = receipts.confirm_transfer(store, clock, receipt["id"], "lan")
    assert confirmed["transfer_confirmed_by"] == "lan"
    with pytest.raises(QueueError):
        receipts.confirm_transfer(store, clock, receipt["id"], "lan")


def test_void_keeps_both_records_and_nothing_can_be_deleted(desk):
    store, queue, config, clock = desk
    receipt = receipts.charge(store, config, clock, served(queue)["id"], {"pages": 2, "copies": 1}, "cash", "lan")
    voided = receipts.void(store, clock, receipt["id"], "thu", "Thu nhầm thủ tục")
    assert voided["voided"] and voided["void_reason"] == "Thu nhầm thủ tục" and voided["amount"] == 4000
    with pytest.raises(QueueError):
        receipts.void(store, clock, receipt["id"], "thu", "lần hai")
    with pytest.raises(Exception, match="never deleted"):
        store.db.execute("DELETE FROM receipts")
    assert store.audit_entries(action="receipt.void")[0]["entity_id"] == "PT-1"


def test_admin_rule_is_confirmed_and_never_replaced_by_a_later_import(desk):
    store, queue, config, clock = desk
    view = save_rule(store, clock, "1.001612", {"kind": "council", "amount": 100000}, "admin")
    assert (view["status"], view["example"]) == ("confirmed", "1 hồ sơ = 100.000 đ")
    with store.write():
        propose_rules(store, [{"code": "1.001612", "fee": "Theo mức do HĐND tỉnh quy định"}], "")
    assert rule_view(store, store.procedure("1.001612"))["rule"] == {"kind": "council", "amount": 100000}
    assert store.audit_entries(action="fee_rule.save")[0]["after"] == {"kind": "council", "amount": 100000}
