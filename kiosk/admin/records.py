"""Procedure records as admins edit them: a canonical shape, cleaning, comparison, and
validation problems phrased for people (which field, why, in Vietnamese).

Validation itself is kiosk.core.catalogue's; this module only adds the Vietnamese words.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Mapping

from kiosk.core.catalogue import BOOLEANS, OPTIONAL_TEXT, REQUIRED_TEXT, validate_procedure

FIELDS = ("code", "name", "official_name", "name_en", "field", "service", "level", "documents", "processing_time",
          "processing_time_en", "fee", "fee_en", "fee_other", "guidance", "guidance_en", "formality_id",
          "most_requested", "source", "active")
DOCUMENT_FIELDS = ("name", "official_name", "name_en", "originals", "copies", "required")

LABELS = {
    "code": "Mã thủ tục", "name": "Tên thủ tục", "official_name": "Tên chính thức (Cổng DVC)",
    "name_en": "Tên tiếng Anh", "field": "Lĩnh vực",
    "service": "Dịch vụ (nhóm quầy)", "level": "Cấp thực hiện", "documents": "Thành phần hồ sơ",
    "processing_time": "Thời hạn giải quyết", "processing_time_en": "Thời hạn (tiếng Anh)",
    "fee": "Phí, lệ phí", "fee_en": "Phí, lệ phí (tiếng Anh)",
    "fee_other": "Phí nộp tại cơ quan khác (không hiện cho người dân)", "guidance": "Lời hướng dẫn",
    "guidance_en": "Lời hướng dẫn (tiếng Anh)", "formality_id": "Mã trên Cổng DVC (formalityId)",
    "most_requested": "Thủ tục hay dùng", "source": "Nguồn", "active": "Đang áp dụng",
}


def field_labels() -> dict[str, str]:
    """LABELS in the admin's language, through the kiosk's gettext catalogue (kiosk/wording.py)."""
    from kiosk.wording import say
    return {key: say(label) for key, label in LABELS.items()}


_DOC = re.compile(r"^documents\[(\d+)\](?:\.(\w+))?$")
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def one_line(text: str) -> str:
    """NFC, with runs of whitespace (newlines too) made one space, trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def canonical(row: Mapping[str, Any]) -> dict:
    """A stored row or a record as the full contract record, with defaults filled in;
    lenient (it never raises), so old or partial rows still compare and show."""
    record: dict[str, Any] = {}
    for key in FIELDS:
        value = row.get(key)
        if key == "documents":
            value = [canonical_document(d) for d in (value or []) if isinstance(d, Mapping)]
        elif key in BOOLEANS:
            value = True if value is None and key == "active" else bool(value)
        elif key == "formality_id":
            value = value or None
        elif key == "level":
            value = value or "commune"
        elif key == "source":
            value = value or "unknown"
        else:
            value = "" if value is None else value
        record[key] = value
    return record


def canonical_document(document: Mapping[str, Any]) -> dict:
    return {"name": document.get("name") or "", "official_name": document.get("official_name") or "",
            "name_en": document.get("name_en") or "",
            "originals": document.get("originals", 1) if document.get("originals") is not None else 1,
            "copies": document.get("copies") or 0,
            "required": True if document.get("required") is None else document.get("required")}


def clean(data: Mapping[str, Any]) -> dict:
    """Tidy what an admin typed: NFC text, trimmed, names and document names on one line,
    an empty formalityId is none. Types are left alone for validation to judge."""
    record = dict(data)
    for key in (*REQUIRED_TEXT, *OPTIONAL_TEXT):
        if isinstance(record.get(key), str):
            text = unicodedata.normalize("NFC", record[key]).strip()
            record[key] = one_line(text) if key in ("code", "name", "official_name", "name_en", "field",
                                                    "service") else text
    if isinstance(record.get("formality_id"), str):
        record["formality_id"] = record["formality_id"].strip().lower() or None
    if isinstance(record.get("documents"), list):
        record["documents"] = [_clean_document(d) for d in record["documents"]]
    return record


def _clean_document(document: Any) -> Any:
    if not isinstance(document, Mapping):
        return document
    document = {**canonical_document({}), **document}
    for key in ("name", "official_name", "name_en"):
        if isinstance(document.get(key), str):
            document[key] = one_line(document[key])
    return document


def differences(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[str]:
    """The fields whose values differ, in FIELDS order."""
    if before is None:
        return list(FIELDS)
    old, new = canonical(before), canonical(after)
    return [key for key in FIELDS if old[key] != new[key]]


def problems_for(record: Mapping[str, Any], service_ids: Iterable[str]) -> list[dict]:
    """Every problem as {"field", "reason", "message"} (message in Vietnamese)."""
    found = [problem(field, reason, record) for field, reason in validate_procedure(record, service_ids)]
    return sorted(found, key=lambda p: _field_order(p["field"]))


def _field_order(field: str | None) -> int:
    root = (field or "").split("[")[0].split(".")[0]
    return FIELDS.index(root) if root in FIELDS else len(FIELDS)


def problem(field: str, reason: str, record: Mapping[str, Any] | None = None) -> dict:
    return {"field": field or None, "reason": reason, "message": vietnamese(field, reason, record or {})}


def vietnamese(field: str, reason: str, record: Mapping[str, Any]) -> str:
    """The Vietnamese message for one problem found by the catalogue's validation."""
    document = _DOC.match(field or "")
    if document:
        number, key = int(document.group(1)) + 1, document.group(2)
        where = f"Giấy tờ thứ {number}"
        if key == "name":
            return f"{where}: chưa có tên giấy tờ."
        if key in ("originals", "copies"):
            what = "bản chính" if key == "originals" else "bản sao"
            return f"{where}: số {what} phải là số nguyên từ 0 trở lên."
        if key == "required":
            return f"{where}: ô “bắt buộc” chỉ nhận có hoặc không."
        return f"{where}: dữ liệu không hợp lệ ({reason})."
    label = LABELS.get(field, field or "Dữ liệu")
    if field == "code":
        if "used twice" in reason or "already" in reason:
            return f"Mã thủ tục {record.get('code')} đã có; mỗi mã chỉ dùng cho một thủ tục."
        if "missing" in reason or "empty" in reason:
            return "Chưa nhập mã thủ tục."
        if "not the number" in reason or "got float" in reason or "got int" in reason:
            return ("Mã thủ tục phải là chữ (văn bản), không phải số: ví dụ 2.000460 nếu lưu thành số sẽ "
                    "mất số 0 cuối. Hãy định dạng ô là Văn bản (Text).")
        if "digits after the first dot" in reason:
            return ("Mã thủ tục cần đúng 6 chữ số sau dấu chấm đầu tiên, ví dụ 1.001193. Nếu mã từng được lưu "
                    "dưới dạng số thì số 0 ở cuối có thể đã bị mất.")
        return ("Mã thủ tục không đúng định dạng của Cổng Dịch vụ công: một chữ số, dấu chấm, sáu chữ số, "
                "có thể thêm các phần sau dấu chấm, ví dụ 1.001193 hoặc 2.000815.000.00.00.H55.")
    if "unknown field" in reason:
        return f"Cột hoặc trường “{field}” không được hỗ trợ (kiểm tra chính tả)."
    if "missing" in reason or "must not be empty" in reason:
        return f"{label}: không được để trống."
    if field == "service":
        return f"{label}: không có dịch vụ “{record.get('service')}” trong trung tâm."
    if field == "level":
        return f"{label}: chỉ nhận commune (cấp xã), province (cấp tỉnh) hoặc ministry (cấp bộ)."
    if field == "source":
        return f"{label}: chỉ nhận portal snapshot, law, unchecked hoặc unknown."
    if field == "formality_id":
        return (f"{label}: phải là mã UUID của Cổng DVC, ví dụ 019d2bfd-8e22-77ef-819f-e49460350904, "
                "hoặc để trống.")
    if field in BOOLEANS:
        return f"{label}: chỉ nhận có hoặc không."
    if field == "documents":
        return f"{label}: phải là danh sách giấy tờ."
    return f"{label}: giá trị không hợp lệ."
