import pytest

from kiosk.core.fee_text import propose_rule


@pytest.mark.parametrize("text, rule", [
    ("Miễn lệ phí", {"kind": "free"}),
    ("miễn phí.", {"kind": "free"}),
    ("Theo mức do HĐND tỉnh quy định", {"kind": "council", "amount": None}),
    ("8.000 đồng/bản", {"kind": "per_copy", "amount": 8000}),
    ("10.000 đồng/chữ ký", {"kind": "per_signature", "amount": 10000}),
    ("50.000 đồng", {"kind": "flat", "amount": 50000}),
    ("30.000 đ/hồ sơ", {"kind": "flat", "amount": 30000}),
    ("2.000 đồng/trang; từ trang thứ 3 trở đi 1.000 đồng/trang; tối đa 200.000 đồng/bản",
     {"kind": "per_page", "tiers": [{"from_page": 1, "amount": 2000}, {"from_page": 3, "amount": 1000}],
      "cap_per_copy": 200000}),
    ("2.000 đồng/trang, từ trang 3: 1.000 đồng/trang", None),   # a comma is no known shape: flagged
])
def test_known_shapes_are_proposed(text, rule):
    assert propose_rule(text) == rule


@pytest.mark.parametrize("text", ["", None, "Theo quy định", "Miễn lệ phí nếu đăng ký đúng hạn",
                                  "50.000 đồng hoặc 100.000 đồng", "Thu theo biểu phí"])
def test_other_texts_get_no_rule(text):
    assert propose_rule(text) is None
