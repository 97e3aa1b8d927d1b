from kiosk.core.fee_rules import example_fields, propose_rules, rule_view
from kiosk.core.centre import bundled_catalogue


def test_bundled_catalogue_proposes_a_rule_for_every_known_fee(store, config):
    with store.write():
        propose_rules(store, store.procedures(active_only=False), "")
    statuses = {code: rule_view(store, store.procedure(code))["status"] for code in
                [p["code"] for p in store.procedures(active_only=False)]}
    assert statuses["1.001193"] == "proposed"            # "Miễn lệ phí"
    assert statuses["1.000894"] == "needs_rule"          # the small catalogue has no fee text for it


def test_kiosk_example_fields_leave_free_and_unknown_fees_alone(config):
    assert example_fields({"kind": "free"}) == {"fee_example": None, "fee_example_spoken": None}
    assert example_fields({"kind": "council", "amount": None})["fee_example"] is None
    assert example_fields({"kind": "per_copy", "amount": 8000})["fee_example"] == "2 bản = 16.000 đ"
    procedures, _, _ = bundled_catalogue(config)         # the kiosk's offline first start
    copies = next(p for p in procedures if p["code"] == "2.000815")
    assert copies["fee_example"] == "5 trang × 2 bản = 14.000 đ"
