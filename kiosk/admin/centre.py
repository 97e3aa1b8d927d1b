"""Services (number range, waiting area) and counters (which services they serve)."""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping

from kiosk.admin.context import AdminContext, AdminInvalid
from kiosk.core.errors import not_found
from kiosk.core.events import CENTRE_CHANGED
from kiosk.core.numbering import Layout

_SERVICE_ID = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")


def _text(value: Any) -> Any:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def _bad(field, reason, message) -> dict:
    return {"field": field, "reason": reason, "message": message}


def services(ctx: AdminContext) -> list[dict]:
    return ctx.store.services(active_only=False)


def counters(ctx: AdminContext) -> list[dict]:
    return ctx.store.counters(active_only=False)


def save_service(ctx: AdminContext, service_id: str, data: Mapping[str, Any], create: bool) -> dict:
    with ctx.change() as change:
        before = ctx.store.service(service_id)
        if create and before is not None:
            raise AdminInvalid([_bad("id", f"service {service_id!r} already exists", f"Đã có dịch vụ mã {service_id}.")])
        if not create and before is None:
            raise not_found("id", f"unknown service {service_id!r}", "Không tìm thấy dịch vụ này.")
        base = before or {"id": service_id, "name": "", "name_en": "", "fields": [], "range_start": None,
                          "range_end": None, "waiting_area": "", "sort": ctx.store.count("services"), "active": 1}
        service = {**base, **{k: _text(v) for k, v in data.items() if k != "id"}, "id": service_id}
        if isinstance(service.get("fields"), list):
            service["fields"] = [_text(f) for f in service["fields"] if isinstance(f, str) and f.strip()]
        if isinstance(service.get("active"), bool):
            service["active"] = int(service["active"])
        problems = _service_problems(ctx, service, before)
        if problems:
            raise AdminInvalid(problems)
        ctx.store.save_service(service)
        change.audit("service.create" if create else "service.update", "service", service_id, before, service,
                     summary=f"{service_id} {service['name']}")
        change.event(CENTRE_CHANGED, {"services": [service_id]})
    return ctx.store.service(service_id)


def _service_problems(ctx: AdminContext, service: dict, before: dict | None) -> list[dict]:
    problems = []
    allowed = {"id", "name", "name_en", "fields", "range_start", "range_end", "waiting_area", "sort", "active"}
    problems += [_bad(k, "unknown field", f"Trường “{k}” không được hỗ trợ.") for k in service if k not in allowed]
    if not _SERVICE_ID.match(service["id"] or ""):
        problems.append(_bad("id", "service id must be 1-8 capital letters or digits, starting with a letter (e.g. HT)",
                             "Mã dịch vụ gồm 1–8 chữ in hoa hoặc số, bắt đầu bằng chữ, ví dụ HT."))
    if not isinstance(service.get("name"), str) or not service["name"]:
        problems.append(_bad("name", "name must not be empty", "Tên dịch vụ: không được để trống."))
    for key in ("name_en", "waiting_area"):
        if not isinstance(service.get(key) or "", str):
            problems.append(_bad(key, "must be text", "Giá trị phải là chữ."))
    if not isinstance(service.get("fields"), list):
        problems.append(_bad("fields", "fields must be a list of field names", "Lĩnh vực: mỗi dòng một lĩnh vực."))
    start, end = service.get("range_start"), service.get("range_end")
    range_ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) and 1 <= start <= end <= 99999
    if not range_ok:
        problems.append(_bad("range_start", f"the number range must be whole numbers with 1 <= first <= last <= 99999, "
                                            f"got {start!r}-{end!r}",
                             "Dải số: số đầu và số cuối là số nguyên, 1 ≤ số đầu ≤ số cuối ≤ 99999."))
    elif service.get("active"):
        for other in ctx.store.services(active_only=True):
            if other["id"] != service["id"] and start <= other["range_end"] and other["range_start"] <= end:
                problems.append(_bad("range_start", f"range {start}-{end} overlaps service {other['id']} "
                                     f"({other['range_start']}-{other['range_end']})",
                                     f"Dải số {start}–{end} trùng với dịch vụ {other['name']} "
                                     f"({other['range_start']}–{other['range_end']})."))
    if range_ok:
        problems += _range_size_problems(ctx, start, end)
    if before and before["active"] and not service.get("active"):
        used = [p["code"] for p in ctx.store.procedures(active_only=True) if p["service"] == service["id"]]
        counters = [c["name"] for c in ctx.store.counters(active_only=True) if service["id"] in c["services"]]
        if used or counters:
            problems.append(_bad("active", f"service {service['id']} is still used by {len(used)} active procedure(s) "
                                 f"and counter(s) {', '.join(counters) or 'none'}; move them first",
                                 f"Dịch vụ còn {len(used)} thủ tục và {len(counters)} quầy đang dùng; "
                                 "hãy chuyển chúng sang dịch vụ khác trước."))
    return problems


def _range_size_problems(ctx: AdminContext, start: int, end: int) -> list[dict]:
    layout = Layout.of(ctx.config.sync)
    if layout.fits(start, end):
        return []
    return [_bad("range_start", f"range {start}-{end} holds {end - start + 1} numbers, too few for the kiosks' "
                 f"offline series ({layout.reserved}) and the online numbers; give at least {layout.reserved + 1}",
                 f"Dải số {start}–{end} quá nhỏ: cần ít nhất {layout.reserved + 1} số (gồm {layout.reserved} số "
                 "dự phòng cho máy lấy số khi mất kết nối).")]


def save_counter(ctx: AdminContext, counter_id: int, data: Mapping[str, Any], create: bool) -> dict:
    with ctx.change() as change:
        before = ctx.store.counter(counter_id)
        if create and before is not None:
            raise AdminInvalid([_bad("id", f"counter {counter_id} already exists", f"Đã có quầy số {counter_id}.")])
        if not create and before is None:
            raise not_found("id", f"unknown counter {counter_id!r}", "Không tìm thấy quầy này.")
        base = before or {"id": counter_id, "name": "", "services": [], "active": 1, "priority_streak": 0}
        counter = {**base, **{k: _text(v) for k, v in data.items() if k != "id"}, "id": counter_id}
        if isinstance(counter.get("active"), bool):
            counter["active"] = int(counter["active"])
        problems = []
        if not isinstance(counter_id, int) or not 1 <= counter_id <= 999:
            problems.append(_bad("id", "counter id must be a whole number from 1 to 999", "Số quầy từ 1 đến 999."))
        if not isinstance(counter.get("name"), str) or not counter["name"]:
            problems.append(_bad("name", "name must not be empty", "Tên quầy: không được để trống."))
        known = {s["id"] for s in ctx.store.services(active_only=True)}
        chosen = counter.get("services")
        if not isinstance(chosen, list) or not chosen:
            problems.append(_bad("services", "a counter serves at least one service", "Quầy phải phục vụ ít nhất một dịch vụ."))
        elif not all(isinstance(service, str) for service in chosen):
            problems.append(_bad("services", "services must be a list of service ids (strings)",
                                 "Danh sách dịch vụ không hợp lệ."))
        else:
            unknown = [s for s in chosen if s not in known]
            if unknown:
                problems.append(_bad("services", f"unknown or inactive service(s): {', '.join(map(str, unknown))}",
                                     f"Không có dịch vụ: {', '.join(map(str, unknown))}."))
        extra = set(counter) - {"id", "name", "services", "active", "priority_streak"}
        problems += [_bad(k, "unknown field", f"Trường “{k}” không được hỗ trợ.") for k in sorted(extra)]
        if problems:
            raise AdminInvalid(problems)
        ctx.store.save_counter(counter)
        change.audit("counter.create" if create else "counter.update", "counter", counter_id, before, counter,
                     summary=counter["name"])
        change.event(CENTRE_CHANGED, {"counters": [counter_id]})
    return ctx.store.counter(counter_id)
