"""An import keeps the fee text and proposes a rule for a known shape, else flags it (issue 18)."""
from kiosk.admin.import_apply import apply_import
from kiosk.admin.importer import read_import
from kiosk.core.fee_rules import rule_view, save_rule
from tests.admin.test_importer import csv_bytes


def test_import_proposes_known_shapes_flags_the_rest_and_keeps_confirmed_rules(ctx, clock):
    save_rule(ctx.store, clock, "1.001193", {"kind": "flat", "amount": 1000}, "admin")   # confirmed before
    content = csv_bytes(
        '1.001193,Đăng ký khai sinh,Hộ tịch,HT,Tờ khai | 1 | 0 | có,1 ngày,Miễn lệ phí,Mang giấy chứng sinh.,,có',
        '2.000635,Cấp bản sao trích lục hộ tịch,Hộ tịch,HT,Tờ khai | 1 | 0 | có,Trong ngày,8.000 đồng/bản,Hướng dẫn.,,',
        '1.004873,Xác nhận tình trạng hôn nhân,Hộ tịch,HT,Tờ khai | 1 | 0 | có,3 ngày,Theo quy định,Hướng dẫn.,,')
    apply_import(ctx, read_import("thu-tuc.csv", content))
    views = {code: rule_view(ctx.store, ctx.store.procedure(code)) for code in ("1.001193", "2.000635", "1.004873")}
    assert (views["2.000635"]["status"], views["2.000635"]["example"]) == ("proposed", "2 bản = 16.000 đ")
    assert (views["1.004873"]["status"], views["1.004873"]["rule"], views["1.004873"]["text"]) == (
        "needs_rule", None, "Theo quy định")
    assert (views["1.001193"]["status"], views["1.001193"]["rule"]) == ("confirmed", {"kind": "flat", "amount": 1000})
