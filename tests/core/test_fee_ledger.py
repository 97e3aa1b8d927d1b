"""The ledger of a hand-built day, checked figure by figure."""
import uuid

from kiosk.core import receipts
from kiosk.core.fee_ledger import ledger
from kiosk.core.fee_rules import save_rule
from kiosk.core.reports import day_period

COPIES = {"kind": "per_page", "tiers": [{"from_page": 1, "amount": 2000}, {"from_page": 3, "amount": 1000}],
          "cap_per_copy": 200000}


def test_a_hand_built_day(store, queue, config, clock):
    config.fees.bank_bin, config.fees.account_number = "970405", "1500201012345"
    save_rule(store, clock, "2.000815", COPIES, "admin")
    save_rule(store, clock, "1.001612", {"kind": "council", "amount": 100000}, "admin")

    def charge(code, counter, cashier, quantities, method="cash", **kw):
        ticket = queue.issue(code, None, str(uuid.uuid4()))
        queue.call(ticket["id"], counter, staff=cashier)
        return receipts.charge(store, config, clock, ticket["id"], quantities, method, cashier, **kw)

    # lan at counter 3 (CT): 14.000 cash, 5.000 transfer, 4.000 cash then voided
    charge("2.000815", 3, "lan", {"pages": 5, "copies": 2})                        # 14.000
    charge("2.000815", 3, "lan", {"pages": 3, "copies": 1}, "transfer")            #  5.000
    wrong = charge("2.000815", 3, "lan", {"pages": 2, "copies": 1})                #  4.000, voided below
    # minh at counter 5 (KD): 100.000 cash, 80.000 cash overridden
    charge("1.001612", 5, "minh", {})                                              # 100.000
    charge("1.001612", 5, "minh", {}, override=80000, reason="Giảm theo nghị quyết")  # 80.000
    receipts.void(store, clock, wrong["id"], "truong", "Thu nhầm")

    day = ledger(store.receipts_between("2026-11-23", "2026-11-23"), day_period("2026-11-23"), "Phường")
    assert (day["count"], day["total"]) == (4, 199000)          # 14 + 5 + 100 + 80 thousand
    assert [(r["key"], r["count"], r["amount"]) for r in day["by_procedure"]] == [
        ("1.001612", 2, 180000), ("2.000815", 2, 19000)]
    assert [(r["label"], r["count"], r["amount"]) for r in day["by_method"]] == [
        ("Tiền mặt", 3, 194000), ("Chuyển khoản", 1, 5000)]
    assert [(r["key"], r["count"], r["amount"]) for r in day["by_cashier"]] == [("minh", 2, 180000), ("lan", 2, 19000)]
    assert [(v["number"], v["amount"], v["void_reason"], v["voided_by"]) for v in day["voided"]] == [
        (3, 4000, "Thu nhầm", "truong")]
    assert day["voided_total"] == 4000
    assert [r["number"] for r in day["receipts"]] == [1, 2, 4, 5]
    assert [r["number"] for r in day["pending_transfers"]] == [2]
    assert [r["override_reason"] for r in day["receipts"]] == [None, None, None, "Giảm theo nghị quyết"]


def test_week_month_and_quarter_hold_the_days_receipts(store, queue, config, clock):
    from kiosk.core.fee_ledger import ledger_for
    from kiosk.core.reports import parse_period

    save_rule(store, clock, "2.000815", COPIES, "admin")

    def charge_one():
        ticket = queue.issue("2.000815", None, str(uuid.uuid4()))
        queue.call(ticket["id"], 3, staff="lan")
        return receipts.charge(store, config, clock, ticket["id"], {"pages": 1, "copies": 1}, "cash", "lan")

    charge_one()                                  # Monday 23 November 2026
    clock.advance(days=3)
    charge_one()                                  # Thursday 26 November
    clock.advance(days=5)
    charge_one()                                  # Tuesday 1 December: next week, next month, same quarter
    today = clock.now().date()
    totals = {kind: ledger_for(store, parse_period(kind, today, "2026-11-26", "2026-11", "2026-Q4"))
              ["total"] for kind in ("day", "week", "month", "quarter")}
    assert totals == {"day": 2000, "week": 4000, "month": 4000, "quarter": 6000}
