"""Creating, editing, retiring and finding procedures, each change audited and announced."""
from __future__ import annotations

from typing import Any, Mapping

from kiosk.admin.context import AdminContext, AdminInvalid
from kiosk.admin.records import FIELDS, canonical, clean, differences, problem, problems_for
from kiosk.core.centre import procedure_row
from kiosk.core.collation import sorted_vi
from kiosk.core.errors import conflict, not_found
from kiosk.core.events import CATALOGUE_CHANGED
from kiosk.core.fee_rules import propose_rules
from kiosk.core.search import fold

READ_ONLY = ("portal_url", "tickets_issued", "updated_at")  # shown by the API, never edited

def service_ids(ctx: AdminContext) -> list[str]:
    return [s["id"] for s in ctx.store.services(active_only=False)]

def list_procedures(ctx: AdminContext, query: str = "", field: str = "", include_retired: bool = True) -> list[dict]:
    """Procedures matching every folded word of `query` (name, code, field), in one field or all."""
    words = fold(query or "").split()
    found = []
    rules = ctx.store.fee_rules()
    for row in ctx.store.procedures(active_only=not include_retired):
        record = canonical(row)
        if field and record["field"] != field:
            continue
        haystack = fold(f"{record['name']} {record['code']} {record['field']} {record['name_en']}")
        if all(word in haystack for word in words):
            fee_rule = (rules.get(record["code"]) or {}).get("status")
            found.append({**record, "updated_at": row.get("updated_at"), "fee_rule_status": fee_rule})
    return found

def fields_in_use(ctx: AdminContext) -> list[str]:
    return sorted_vi({row["field"] for row in ctx.store.procedures(active_only=False) if row.get("field")})

def get_procedure(ctx: AdminContext, code: str) -> dict:
    row = ctx.store.procedure(code)
    if row is None:
        raise not_found("code", f"unknown procedure code {code!r}", "Không tìm thấy thủ tục này.")
    return canonical(row)

def validated(ctx: AdminContext, data: Mapping[str, Any]) -> dict:
    """The cleaned record, or AdminInvalid listing every problem."""
    if not isinstance(data, Mapping):
        raise AdminInvalid([problem("", "the body must be a JSON object")])
    record = clean({key: value for key, value in data.items() if key not in READ_ONLY})
    problems = problems_for(record, service_ids(ctx))
    if problems:
        raise AdminInvalid(problems)
    return canonical(record)

def create_procedure(ctx: AdminContext, data: Mapping[str, Any]) -> dict:
    record = validated(ctx, {**canonical({}), **data})
    with ctx.change() as change:
        if ctx.store.procedure(record["code"]) is not None:
            raise AdminInvalid([problem("code", f"code {record['code']!r} is already used", record)])
        _save(ctx, change, None, record, "procedure.create")
    return record

def update_procedure(ctx: AdminContext, code: str, data: Mapping[str, Any]) -> dict:
    """Replace the record of `code`. The code itself never changes: tickets refer to it."""
    if "code" in data and data["code"] != code:
        raise AdminInvalid([problem("code", f"the code of a procedure cannot change ({code!r} -> {data['code']!r}); "
                                            "create a new procedure and retire this one",
                                    {"code": code}) | {
            "message": "Không đổi được mã của thủ tục đã có. Hãy tạo thủ tục mới và ngừng áp dụng thủ tục này."}])
    with ctx.change() as change:
        before = get_procedure(ctx, code)
        record = validated(ctx, {**before, **data, "code": code})
        _save(ctx, change, before, record, "procedure.update")
    return record

def set_active(ctx: AdminContext, code: str, active: bool) -> dict:
    """Retire (active=False) or restore. Tickets already issued keep working: they carry the
    code and the name the procedure had when they were issued."""
    with ctx.change() as change:
        before = get_procedure(ctx, code)
        if before["active"] == active:
            raise conflict(f"procedure {code} is already {'active' if active else 'retired'}",
                           "Thủ tục đã ở trạng thái này.", "active")
        record = {**before, "active": active}
        _save(ctx, change, before, record, "procedure.restore" if active else "procedure.retire")
    return record

def _save(ctx: AdminContext, change, before: dict | None, record: dict, action: str) -> None:
    changed = differences(before, record)
    row = procedure_row(record)
    row["updated_at"] = ctx.now()
    ctx.store.save_procedure(row)
    if before is None or before.get("fee") != record.get("fee"):
        propose_rules(ctx.store, [row], row["updated_at"])   # a rule an admin confirmed stays
    change.audit(action, "procedure", record["code"], before, record,
                 summary=f"{record['code']} {record['name']}" + (f" ({', '.join(changed)})" if before else ""))
    change.event(CATALOGUE_CHANGED, {"codes": [record["code"]], "action": action})

__all__ = ["FIELDS", "create_procedure", "fields_in_use", "fold", "get_procedure", "list_procedures",
           "set_active", "update_procedure", "validated"]
