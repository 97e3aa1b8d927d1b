import json

import pytest

from kiosk import ASSETS
from kiosk.core import fees
from kiosk.core.errors import QueueError
from kiosk.core.fee_text import propose_rule

CATALOGUE = {p["code"]: p for p in json.loads((ASSETS / "procedures.json").read_text(encoding="utf-8"))}
COPY_CERTIFICATION = {"kind": "per_page", "tiers": [{"from_page": 1, "amount": 2000}, {"from_page": 3, "amount": 1000}],
                      "cap_per_copy": 200000}

# Every procedure of the bundled catalogue whose fee is a number, worked by hand from its text.
KNOWN = [
    ("2.000815", {"pages": 5, "copies": 2}, 14000),     # (2+2+1+1+1) thousand per copy, two copies
    ("2.000815", {"pages": 1, "copies": 1}, 2000),
    ("2.000815", {"pages": 2, "copies": 1}, 4000),
    ("2.000815", {"pages": 3, "copies": 1}, 5000),
    ("2.000815", {"pages": 199, "copies": 1}, 200000),  # 4.000 + 197 × 1.000 = 201.000, capped
    ("2.000815", {"pages": 250, "copies": 3}, 600000),  # the cap is per copy
    ("2.000635", {"copies": 3}, 24000),                 # 8.000 đồng/bản
    ("2.000884", {}, 10000),
    ("2.001019", {}, 50000),
    ("2.001016", {}, 50000),
]


@pytest.mark.parametrize("code, quantities, expected", KNOWN)
def test_fee_of_each_known_procedure_from_its_proposed_rule(code, quantities, expected):
    rule = propose_rule(CATALOGUE[code]["fee"])
    assert fees.amount(rule, fees.Quantities.of(quantities)) == expected


def test_every_free_procedure_costs_nothing_and_says_so():
    free = [code for code, p in CATALOGUE.items() if p["fee"] in ("Miễn lệ phí", "Miễn phí")]
    assert len(free) == 12
    for code in free:
        rule = propose_rule(CATALOGUE[code]["fee"])
        assert fees.amount(rule, fees.Quantities()) == 0
        assert fees.example(rule) == "Miễn lệ phí"


def test_council_fees_wait_for_the_amount_the_admin_enters():
    code = "1.004746"   # Đăng ký lại kết hôn: theo mức do HĐND tỉnh quy định
    rule = propose_rule(CATALOGUE[code]["fee"])
    assert rule == {"kind": "council", "amount": None} and not fees.is_computable(rule)
    with pytest.raises(QueueError) as refused:
        fees.amount(rule, fees.Quantities())
    assert refused.value.kind == "conflict"
    assert fees.amount({**rule, "amount": 30000}, fees.Quantities()) == 30000


def test_texts_that_are_no_known_shape_are_left_without_a_rule():
    unknown = {code for code, p in CATALOGUE.items() if propose_rule(p["fee"]) is None}
    assert unknown and {CATALOGUE[c]["fee"] for c in unknown} == {"Theo quy định", "Miễn lệ phí nếu đăng ký đúng hạn"}


def test_worked_example_is_the_one_staff_quote():
    assert fees.example(COPY_CERTIFICATION) == "5 trang × 2 bản = 14.000 đ"
    assert fees.spoken_example(COPY_CERTIFICATION) == "Ví dụ: năm trang, hai bản: lệ phí mười bốn nghìn đồng."
    assert fees.example({"kind": "flat", "amount": 50000}) == "1 hồ sơ = 50.000 đ"
    assert fees.example({"kind": "council", "amount": None}) is None


def test_a_sum_adds_its_parts_and_asks_for_every_quantity_they_need():
    rule = {"kind": "sum", "parts": [{"kind": "flat", "amount": 20000}, {"kind": "per_signature", "amount": 10000},
                                     COPY_CERTIFICATION]}
    fees.check_rule(rule)
    assert fees.needs(rule) == ("copies", "pages", "signatures")
    assert fees.amount(rule, fees.Quantities(copies=2, pages=5, signatures=3)) == 20000 + 30000 + 14000
    assert fees.example(rule) == "5 trang × 2 bản × 1 chữ ký = 44.000 đ"


@pytest.mark.parametrize("rule, field", [
    ({"kind": "per_copy"}, "rule.amount"),
    ({"kind": "flat", "amount": -5}, "rule.amount"),
    ({"kind": "per_page", "tiers": [{"from_page": 3, "amount": 1000}]}, "rule.tiers"),
    ({"kind": "per_page", "tiers": [{"from_page": 1, "amount": 1000}, {"from_page": 1, "amount": 5}]}, "rule.tiers"),
    ({"kind": "sum", "parts": [{"kind": "free"}, {"kind": "flat", "amount": 1}]}, "rule.parts[0].kind"),
    ({"kind": "tip"}, "rule.kind"),
    ({"kind": "free", "amount": 3}, "rule.amount"),
])
def test_unsound_rules_are_refused_naming_the_part(rule, field):
    with pytest.raises(QueueError) as refused:
        fees.check_rule(rule)
    assert refused.value.field == field and refused.value.message


def test_quantities_must_be_whole_numbers_within_reason():
    for bad in ({"pages": 0}, {"copies": "2"}, {"copies": 2.5}, {"staples": 1}):
        with pytest.raises(QueueError):
            fees.Quantities.of(bad)


def test_amount_in_words_reuses_the_speech_number_words():
    assert fees.amount_in_words(14000) == "Mười bốn nghìn đồng"
    assert fees.amount_in_words(105000) == "Một trăm linh năm nghìn đồng"
    assert fees.amount_in_words(251000, region="south") == "Hai trăm năm mươi mốt ngàn đồng"
    assert fees.money(1234567) == "1.234.567 đ"
