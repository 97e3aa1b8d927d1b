"""The national public service portal's procedure-detail JSON, mapped to our record.

Real responses are messy (see tests/fixtures/portal/2.000815.json): the record sits in
{"code": "OK", "data": {...}}; several DIRECT methods may carry fees in different
currencies; `processingTime` may be 0 with the unit OTHER while `cases[].processingDay`
holds the real time; document names carry long legal text; the formalityId is `data.id`.

The portal's `name` is the legal title: it becomes `official_name` (and each document's
`official_name`); the short names the kiosk shows are kiosk.admin.short_names' business.
A fee paid to another authority (an embassy: "Tại cơ quan đại diện: 10 USD/bản") goes to
`fee_other`, which citizens never see.

`from_portal(data)` returns (values, notes): only the fields the portal really knows, so
an import keeps what the centre wrote itself (guidance, English texts, service). The notes,
in Vietnamese for the admin reading the preview, say what had to be interpreted.
"""
from __future__ import annotations

from typing import Any, Mapping

from kiosk.admin.records import one_line

PORTAL_KEYS = ("executionMethods", "executionCases", "codeNotation", "categoriesDetails", "profileComponents",
               "cases", "formalityType", "legalBasisIds")
UNITS = {"WORKING_DAY": "ngày làm việc", "DAY": "ngày", "HOUR": "giờ", "WORKING_HOUR": "giờ làm việc",
         "WEEK": "tuần", "MONTH": "tháng", "YEAR": "năm", "MINUTE": "phút"}
CURRENCIES = {"việt nam đồng": "đồng", "vnd": "đồng", "vnđ": "đồng", "đồng": "đồng"}
# Words that mark a fee collected by another authority than the centre (compared lower-case).
OTHER_AUTHORITY = ("cơ quan đại diện", "đại sứ quán", "lãnh sự", "usd", "eur")


def is_portal_record(data: object) -> bool:
    return isinstance(data, Mapping) and any(key in data for key in PORTAL_KEYS)


def unwrap(document: Any) -> list[Any]:
    """The records of a JSON document: one record, a list, or the portal's {"code","data"} wrapper
    (around one record or a list), or a list of such wrappers."""
    if isinstance(document, list):
        records: list[Any] = []
        for item in document:
            records += unwrap(item) if _is_wrapper(item) else [item]
        return records
    if _is_wrapper(document):
        return unwrap(document["data"]) if isinstance(document["data"], list) else [document["data"]]
    return [document]


def _is_wrapper(value: Any) -> bool:
    return (isinstance(value, Mapping) and isinstance(value.get("data"), (Mapping, list))
            and not is_portal_record(value) and "name" not in value)


def from_portal(data: Mapping[str, Any]) -> tuple[dict, list[str]]:
    notes: list[str] = []
    values: dict[str, Any] = {"source": "portal snapshot"}
    code = data.get("code") or data.get("codeNotation")
    values["code"] = code.strip() if isinstance(code, str) else code
    if isinstance(data.get("name"), str):
        values["official_name"] = one_line(data["name"])
    field = _field(data)
    if field:
        values["field"] = field
    level = _level(data)
    if level:
        values["level"] = level
    if isinstance(data.get("id"), str) and data["id"].strip():
        values["formality_id"] = data["id"].strip().lower()
    methods = _direct_methods(data, notes)
    time = _processing_time(data, methods, notes)
    if time:
        values["processing_time"] = time
    values.update(_fees(methods, notes))
    documents = _documents(data, notes)
    if documents is not None:
        values["documents"] = documents
    return values, notes


def _field(data: Mapping[str, Any]) -> str:
    details = data.get("categoriesDetails") or []
    names = [one_line(d["name"]) for d in details if isinstance(d, Mapping) and isinstance(d.get("name"), str)]
    if not names and isinstance(data.get("category"), Mapping) and isinstance(data["category"].get("name"), str):
        names = [one_line(data["category"]["name"])]
    return names[0] if names else ""


def _level(data: Mapping[str, Any]) -> str:
    if data.get("isWard") or data.get("isCommune"):
        return "commune"
    if data.get("isProvince"):
        return "province"
    if data.get("isMinistry"):
        return "ministry"
    return ""


def _direct_methods(data: Mapping[str, Any], notes: list[str]) -> list[Mapping[str, Any]]:
    methods = [m for m in data.get("executionMethods") or [] if isinstance(m, Mapping)]
    direct = [m for m in methods if m.get("submissionMethod") == "DIRECT"]
    if len(direct) > 1:
        notes.append(f"Cổng DVC ghi {len(direct)} cách nộp trực tiếp; phí và thời hạn giải quyết của chúng "
                     "được xem xét chung.")
    return direct or methods


def _processing_time(data: Mapping[str, Any], methods: list[Mapping[str, Any]], notes: list[str]) -> str:
    times = []
    for method in methods:
        qty, unit = method.get("processingTime"), method.get("processingTimeUnit")
        if isinstance(qty, (int, float)) and qty > 0 and unit in UNITS:
            times.append(f"{_number(qty)} {UNITS[unit]}")
    if not times:
        for case in data.get("cases") or []:
            day = case.get("processingDay") if isinstance(case, Mapping) else None
            if isinstance(day, Mapping) and isinstance(day.get("qty"), (int, float)) and day["qty"] > 0 \
                    and day.get("type") in UNITS:
                times.append(f"{_number(day['qty'])} {UNITS[day['type']]}")
        if times and methods:
            notes.append(f"Thời hạn giải quyết ({'; '.join(dict.fromkeys(times))}) lấy theo từng trường hợp "
                         "của thủ tục, vì phần cách thực hiện trên Cổng DVC không ghi thời hạn.")
    unique = list(dict.fromkeys(times))
    if not unique:
        notes.append("Cổng DVC không ghi thời hạn giải quyết.")
    return "; ".join(unique)


def _fees(methods: list[Mapping[str, Any]], notes: list[str]) -> dict[str, str]:
    """{"fee": this centre's fees, "fee_other": another authority's}; notes say what was split."""
    ours, others = [], []
    for method in methods:
        text = _method_fee(method)
        if text:
            (others if _other_authority(method, text) else ours).append(text)
    ours, others = list(dict.fromkeys(ours)), list(dict.fromkeys(others))
    values = {}
    if ours:
        values["fee"] = "; ".join(ours)
    if others:
        values["fee_other"] = "; ".join(others)
        notes.append(f"Phí “{values['fee_other']}” do cơ quan khác thu (cơ quan đại diện ở nước ngoài); "
                     "đã tách riêng, không hiện cho người dân (kiosk, tờ hướng dẫn, trang số thứ tự).")
    if not ours:
        notes.append("Cổng DVC không ghi phí, lệ phí tại trung tâm; hãy kiểm tra lại.")
    return values


def _method_fee(method: Mapping[str, Any]) -> str:
    description = one_line(method.get("description") or "").rstrip(" ;.")
    fees = [f for f in method.get("fees") or [] if isinstance(f, Mapping)]
    return description or "; ".join(_fee_text(f) for f in fees)


def _other_authority(method: Mapping[str, Any], text: str) -> bool:
    currencies = {_currency(f.get("currencyName")) for f in method.get("fees") or [] if isinstance(f, Mapping)}
    foreign = any(c and c != "đồng" for c in currencies)
    return foreign or any(word in text.lower() for word in OTHER_AUTHORITY)


def _fee_text(fee: Mapping[str, Any]) -> str:
    value = fee.get("value")
    amount = _number(value) if isinstance(value, (int, float)) else str(value or "")
    unit = one_line(fee.get("description") or "")
    currency = _currency(fee.get("currencyName"))
    return f"{amount} {currency}{unit if unit.startswith('/') else (' ' + unit if unit else '')}".strip()


def _currency(name: Any) -> str:
    text = one_line(name or "")
    return CURRENCIES.get(text.lower(), text)


def _documents(data: Mapping[str, Any], notes: list[str]) -> list[dict] | None:
    components: list[Mapping[str, Any]] = []
    sources = [data.get("profileComponents") or []]
    sources += [case.get("profileComponents") or [] for case in data.get("executionCases") or []
                if isinstance(case, Mapping)]
    sources += [case.get("profileComponents") or [] for case in data.get("cases") or [] if isinstance(case, Mapping)]
    for source in sources:
        components += [c for c in source if isinstance(c, Mapping)]
    if not components and "executionCases" not in data:
        return None
    documents, seen = [], set()
    for component in components:
        name = one_line(component.get("name") or "")
        if not name or name in seen:
            continue
        seen.add(name)
        documents.append({"name": name, "official_name": name, "name_en": "", "originals": _count(component.get("originalQty"), 1),
                          "copies": _count(component.get("copyQty"), 0),
                          "required": bool(component.get("required", True))})
    return documents


def _count(value: Any, default: int) -> Any:
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(value: float | int) -> str:
    """2000 -> '2.000' (Vietnamese thousands separator); 10.0 -> '10'; 1.5 -> '1,5'."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value}".replace(".", ",")
