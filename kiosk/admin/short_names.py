"""Two names per procedure and per document: the official one (the portal's legal wording,
for admins) and the short one the kiosk shows and speaks.

An import fills the official names and keeps the short names the centre wrote:

    merged = keep_short_names(merged, before, notes)   # before: the stored record, or None

A procedure or document new to the centre gets a short name derived from its official one
(its first clause); when even that is too long to read on a kiosk, a note asks the admin to
shorten it.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

PROCEDURE_LIMIT = 120   # the bundled catalogue's longest short name is 113 characters
DOCUMENT_LIMIT = 160    # ... and its longest document name 150
_CLAUSE_END = re.compile(r"[.;:](?:\s|$)")


def short_name(official: str, limit: int) -> tuple[str, bool]:
    """(short name, whether the admin should still shorten it by hand)."""
    if len(official) <= limit:
        return official, False
    first = _CLAUSE_END.split(official, maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first, False
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(" ,;(") + "…"
    return cut, True


def keep_short_names(merged: dict, before: Mapping[str, Any] | None, notes: list[str]) -> dict:
    """`merged` with the short names kept from `before` and the official ones filled in."""
    merged = dict(merged)
    if merged.get("official_name") and not merged.get("name"):   # a portal record names only the official one
        merged["name"] = _derived(merged["official_name"], PROCEDURE_LIMIT, "Tên thủ tục", notes)
    if isinstance(merged.get("documents"), list):
        old = list(before.get("documents") or []) if before else []
        merged["documents"] = [_document(d, _match(d, index, old, len(merged["documents"])), index, notes)
                               if isinstance(d, Mapping) else d for index, d in enumerate(merged["documents"])]
    return merged


def _document(document: Mapping[str, Any], match: Mapping[str, Any] | None, index: int, notes: list[str]) -> dict:
    document = dict(document)
    if match:
        if document.get("official_name"):       # from the portal: the centre's short name stays
            document["name"] = match.get("name") or document.get("name", "")
        else:                                    # from a table: the official name stays
            document["official_name"] = match.get("official_name") or ""
        document["name_en"] = document.get("name_en") or match.get("name_en") or ""
    elif document.get("official_name") and document.get("name", "") in ("", document["official_name"]):
        document["name"] = _derived(document["official_name"], DOCUMENT_LIMIT, f"Giấy tờ thứ {index + 1}", notes)
    return document


def _match(document: Mapping[str, Any], index: int, old: list[Mapping[str, Any]], count: int) -> Mapping | None:
    """The stored document this incoming one is: same official name, else same short name,
    else (a first import over a list with no official names yet) the one at the same place."""
    official = document.get("official_name")
    for key, value in (("official_name", official), ("name", document.get("name"))):
        found = next((d for d in old if value and d.get(key) == value), None)
        if found:
            return found
    if official and len(old) == count and not old[index].get("official_name"):
        return old[index]
    return None


def _derived(official: str, limit: int, what: str, notes: list[str]) -> str:
    short, too_long = short_name(official, limit)
    if too_long:
        notes.append(f"{what}: tên chính thức dài {len(official)} ký tự; kiosk tạm dùng “{short}”. "
                     "Vui lòng rút gọn tên ngắn trước khi áp dụng.")
    elif short != official:
        notes.append(f"{what}: tên chính thức dài {len(official)} ký tự; kiosk sẽ đọc tên ngắn “{short}”. "
                     "Vui lòng kiểm tra tên ngắn.")
    return short
