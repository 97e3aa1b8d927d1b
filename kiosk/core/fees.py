"""Fee rules: a procedure's fee as data beside its text, the amount for given quantities, and
the worked example shown and read on the kiosk. Pure Python: rules are plain JSON-able dicts.

Kinds (amounts in whole đồng):
- {"kind": "free"}
- {"kind": "flat", "amount": 50000}                       per dossier
- {"kind": "per_copy", "amount": 8000}
- {"kind": "per_page", "tiers": [{"from_page": 1, "amount": 2000}, {"from_page": 3, "amount": 1000}],
   "cap_per_copy": 200000}                                 pages of each copy, priced by tier
- {"kind": "per_signature", "amount": 10000}
- {"kind": "council", "amount": 25000}                     set by the provincial council (HĐND);
                                                          the admin enters the amount (None: not yet)
- {"kind": "sum", "parts": [rule, ...]}
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import QueueError, invalid

KINDS = ("free", "flat", "per_copy", "per_page", "per_signature", "council", "sum")
QUANTITIES = ("copies", "pages", "signatures")
EXAMPLE = {"copies": 2, "pages": 5, "signatures": 1}
MAX_AMOUNT = 100_000_000
MAX_QUANTITY = 10_000
UNITS = {"copies": "bản", "pages": "trang", "signatures": "chữ ký"}


@dataclass(frozen=True)
class Quantities:
    copies: int = 1
    pages: int = 1
    signatures: int = 1

    @classmethod
    def of(cls, values: dict | None) -> "Quantities":
        values = values or {}
        for name, value in values.items():
            if name not in QUANTITIES:
                raise invalid(name, f"unknown quantity {name!r} (known: {', '.join(QUANTITIES)})",
                              "Số lượng không hợp lệ.")
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_QUANTITY:
                raise invalid(name, f"{name} must be a whole number from 1 to {MAX_QUANTITY}",
                              f"Số {UNITS[name]} phải là số nguyên từ 1 đến {MAX_QUANTITY}.")
        return cls(**values)

    def as_dict(self, names) -> dict:
        return {name: getattr(self, name) for name in QUANTITIES if name in names}


def check_rule(rule: dict, field: str = "rule") -> dict:
    """The rule if sound; an `invalid` QueueError naming the faulty part otherwise."""
    if not isinstance(rule, dict) or rule.get("kind") not in KINDS:
        raise _bad(field + ".kind", f"kind must be one of {', '.join(KINDS)}", "Chọn một cách tính lệ phí.")
    kind = rule["kind"]
    allowed = {"free": {"kind"}, "sum": {"kind", "parts"}, "per_page": {"kind", "tiers", "cap_per_copy"}}
    extra = set(rule) - allowed.get(kind, {"kind", "amount"})
    if extra:
        raise _bad(f"{field}.{sorted(extra)[0]}", f"a {kind} rule has no {sorted(extra)[0]!r}",
                   "Cách tính này không có mục " + sorted(extra)[0] + ".")
    if kind in ("flat", "per_copy", "per_signature"):
        _check_amount(rule.get("amount"), f"{field}.amount")
    elif kind == "council" and rule.get("amount") is not None:
        _check_amount(rule["amount"], f"{field}.amount")
    elif kind == "per_page":
        _check_tiers(rule.get("tiers"), f"{field}.tiers")
        if rule.get("cap_per_copy") is not None:
            _check_amount(rule["cap_per_copy"], f"{field}.cap_per_copy")
    elif kind == "sum":
        parts = rule.get("parts")
        if not isinstance(parts, list) or not 2 <= len(parts) <= 5:
            raise _bad(f"{field}.parts", "a sum has 2 to 5 parts", "Tổng có từ 2 đến 5 khoản.")
        for index, part in enumerate(parts):
            if isinstance(part, dict) and part.get("kind") in ("sum", "free"):
                raise _bad(f"{field}.parts[{index}].kind", "a part of a sum is neither free nor a sum",
                           "Một khoản của tổng không là miễn phí hay một tổng khác.")
            check_rule(part, f"{field}.parts[{index}]")
    return rule


def needs(rule: dict) -> tuple[str, ...]:
    """The quantities staff must enter for this rule, in a fixed order."""
    wanted = set()
    for part in _parts(rule):
        wanted |= {"per_copy": {"copies"}, "per_page": {"pages", "copies"},
                   "per_signature": {"signatures"}}.get(part["kind"], set())
    return tuple(name for name in QUANTITIES if name in wanted)


def is_computable(rule: dict | None) -> bool:
    """False for no rule and for a council rule whose amount the admin has not entered."""
    return rule is not None and all(p["kind"] != "council" or p.get("amount") is not None for p in _parts(rule))


def amount(rule: dict | None, quantities: Quantities) -> int:
    """The fee in đồng for these quantities."""
    if not is_computable(rule):
        raise QueueError("conflict", "the procedure has no computable fee rule yet (an admin must set it)",
                         "Thủ tục chưa có cách tính lệ phí; vui lòng báo quản trị viên.", "rule")
    return sum(_part_amount(part, quantities) for part in _parts(rule))


def _part_amount(part: dict, q: Quantities) -> int:
    kind = part["kind"]
    if kind == "free":
        return 0
    if kind in ("flat", "council"):
        return part["amount"]
    if kind == "per_copy":
        return part["amount"] * q.copies
    if kind == "per_signature":
        return part["amount"] * q.signatures
    return per_page_of_one_copy(part, q.pages) * q.copies


def per_page_of_one_copy(rule: dict, pages: int) -> int:
    tiers = sorted(rule["tiers"], key=lambda t: t["from_page"])
    total = 0
    for index, tier in enumerate(tiers):
        last = tiers[index + 1]["from_page"] - 1 if index + 1 < len(tiers) else pages
        counted = max(0, min(pages, last) - tier["from_page"] + 1)
        total += counted * tier["amount"]
    cap = rule.get("cap_per_copy")
    return min(total, cap) if cap is not None else total


def money(value: int) -> str:
    """14000 -> "14.000 đ" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".") + " đ"


def example(rule: dict | None, quantities: Quantities | None = None) -> str | None:
    """The worked example: "5 trang × 2 bản = 14.000 đ"; None when the fee cannot be computed."""
    if not is_computable(rule):
        return None
    if rule["kind"] == "free":
        return "Miễn lệ phí"
    q = quantities or Quantities(**EXAMPLE)
    terms = " × ".join(f"{getattr(q, name)} {UNITS[name]}" for name in _example_order(rule))
    return f"{terms or '1 hồ sơ'} = {money(amount(rule, q))}"


def spoken_example(rule: dict | None, region: str = "north") -> str | None:
    """The example as a speaker reads it: "Ví dụ: năm trang, hai bản: mười bốn nghìn đồng"."""
    from kiosk.speech.numbers import number_to_words

    if not is_computable(rule):
        return None
    if rule["kind"] == "free":
        return "Thủ tục này miễn lệ phí."
    q = Quantities(**EXAMPLE)
    terms = ", ".join(f"{number_to_words(getattr(q, n), region)} {UNITS[n]}" for n in _example_order(rule))
    return f"Ví dụ: {terms or 'một hồ sơ'}: lệ phí {number_to_words(amount(rule, q), region)} đồng."


def amount_in_words(value: int, region: str = "north") -> str:
    """14000 -> "Mười bốn nghìn đồng" (receipts write the amount in words)."""
    from kiosk.speech.numbers import number_to_words

    words = number_to_words(value, region) + " đồng"
    return words[0].upper() + words[1:]


def _example_order(rule: dict) -> list[str]:
    order = {"pages": 0, "copies": 1, "signatures": 2}
    return sorted(needs(rule), key=order.get)


def _parts(rule: dict | None) -> list[dict]:
    if rule is None:
        return []
    return list(rule["parts"]) if rule["kind"] == "sum" else [rule]


def _check_amount(value, field: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_AMOUNT:
        raise _bad(field, f"an amount is a whole number of đồng from 0 to {MAX_AMOUNT}",
                   "Mức tiền là số nguyên từ 0 đến 100.000.000 đồng.")


def _check_tiers(tiers, field: str) -> None:
    if not isinstance(tiers, list) or not 1 <= len(tiers) <= 5:
        raise _bad(field, "a per-page rule has 1 to 5 tiers", "Cách tính theo trang có từ 1 đến 5 bậc.")
    starts = []
    for index, tier in enumerate(tiers):
        if not isinstance(tier, dict) or set(tier) != {"from_page", "amount"}:
            raise _bad(f"{field}[{index}]", "a tier is {from_page, amount}", "Mỗi bậc có trang bắt đầu và mức tiền.")
        if not isinstance(tier["from_page"], int) or tier["from_page"] < 1:
            raise _bad(f"{field}[{index}].from_page", "from_page is a page number from 1", "Trang bắt đầu là số từ 1.")
        _check_amount(tier["amount"], f"{field}[{index}].amount")
        starts.append(tier["from_page"])
    if sorted(starts) != starts or len(set(starts)) != len(starts) or starts[0] != 1:
        raise _bad(field, "tiers start at page 1 and go up, each from a later page",
                   "Bậc đầu tiên bắt đầu từ trang 1; mỗi bậc sau bắt đầu từ một trang sau đó.")


def _bad(field: str, reason: str, message: str) -> QueueError:
    return invalid(field, reason, "Cách tính lệ phí chưa hợp lệ: " + message[0].lower() + message[1:])
