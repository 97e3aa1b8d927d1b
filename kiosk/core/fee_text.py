"""Propose a fee rule from a procedure's fee text, when the text is one of the known shapes.

Anything else (a condition such as "nếu đăng ký đúng hạn", "theo quy định", two amounts that
do not fit a shape) gives None: the importer leaves the rule empty and flags it for the admin.
"""
from __future__ import annotations

import re
import unicodedata

_MONEY = r"(\d{1,3}(?:\.\d{3})*|\d+)\s*(?:đồng|đ|vnđ|vnd)"
_PER = {"bản": "per_copy", "bản sao": "per_copy", "chữ ký": "per_signature", "hồ sơ": "flat",
        "trường hợp": "flat", "lần": "flat", "việc": "flat"}
_FREE = re.compile(r"^(miễn|không thu)( lệ)? (phí|lệ phí)?\.?$|^miễn (lệ )?phí\.?$|^không$")
_COUNCIL = re.compile(r"^theo mức (do )?(hđnd|hội đồng nhân dân)( cấp)? tỉnh( quy định)?\.?$")
_SINGLE = re.compile(rf"^{_MONEY}(?:\s*/\s*({'|'.join(_PER)}))?\.?$")
_PAGES = re.compile(rf"^{_MONEY}\s*/\s*trang;?\s*từ trang (?:thứ )?(\d+)(?: trở đi)?:?\s*{_MONEY}\s*/\s*trang"
                    rf"(?:;?\s*tối đa (?:không quá )?{_MONEY}\s*/\s*bản)?\.?$")


def propose_rule(text: str | None) -> dict | None:
    """A rule for one of the known shapes of fee text, or None."""
    plain = _plain(text)
    if not plain:
        return None
    if _FREE.match(plain):
        return {"kind": "free"}
    if _COUNCIL.match(plain):
        return {"kind": "council", "amount": None}
    single = _SINGLE.match(plain)
    if single:
        return {"kind": _PER.get(single.group(2) or "hồ sơ"), "amount": _dong(single.group(1))}
    pages = _PAGES.match(plain)
    if pages:
        first, from_page, then, cap = pages.groups()
        rule = {"kind": "per_page", "tiers": [{"from_page": 1, "amount": _dong(first)},
                                              {"from_page": int(from_page), "amount": _dong(then)}]}
        if int(from_page) > 1:
            return {**rule, **({"cap_per_copy": _dong(cap)} if cap else {})}
    return None


def _plain(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").strip().lower()
    return re.sub(r"\s+", " ", text)


def _dong(digits: str) -> int:
    return int(digits.replace(".", ""))
