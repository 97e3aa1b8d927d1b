"""Editing procedures: validation in Vietnamese, unique codes, audit, events, retiring safely."""
from __future__ import annotations

import json

import pytest

from kiosk.admin.context import AdminInvalid
from kiosk.admin.procedures import create_procedure, get_procedure, list_procedures, set_active, update_procedure
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue

NEW = {"code": "1.004873", "name": "Cấp giấy xác nhận tình trạng hôn nhân", "field": "Hộ tịch", "service": "HT",
       "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0, "required": True}],
       "processing_time": "3 ngày làm việc", "fee": "Miễn lệ phí", "guidance": "Mang theo căn cước."}


def test_create_then_edit_documents_is_audited_and_announced(ctx):
    create_procedure(ctx, NEW)
    record = get_procedure(ctx, "1.004873")
    record["documents"].append({"name": "Giấy tờ chứng minh\nnơi cư trú", "originals": 0, "copies": 1,
                                "required": False})
    update_procedure(ctx, "1.004873", record)
    stored = ctx.store.procedure("1.004873")
    assert stored["documents"][1] == {"name": "Giấy tờ chứng minh nơi cư trú", "official_name": "", "name_en": "", "originals": 0,
                                      "copies": 1, "required": False}
    update, create = ctx.store.audit_entries()
    assert (create["action"], create["actor"], create["before"]) == ("procedure.create", "admin", None)
    assert update["action"] == "procedure.update" and len(update["before"]["documents"]) == 1
    assert len(update["after"]["documents"]) == 2 and update["summary"].endswith("(documents)")
    assert [e["type"] for e in ctx.heard] == ["catalogue.changed", "catalogue.changed"]
    assert json.loads(ctx.heard[1]["data"]) == {"codes": ["1.004873"], "action": "procedure.update"}


@pytest.mark.parametrize("code, reason", [
    ("1.00487", "5 digits after the first dot"), ("2.000815 ", None), (2.00046, "not the number"),
    ("abc", "not in the portal format"), ("", "empty"),
])
def test_bad_codes_are_refused_with_a_vietnamese_message(ctx, code, reason):
    if reason is None:  # spaces around a typed code are trimmed, and it is then a duplicate
        with pytest.raises(AdminInvalid) as raised:
            create_procedure(ctx, {**NEW, "code": code})
        assert raised.value.problems[0]["message"] == "Mã thủ tục 2.000815 đã có; mỗi mã chỉ dùng cho một thủ tục."
        return
    with pytest.raises(AdminInvalid) as raised:
        create_procedure(ctx, {**NEW, "code": code})
    problem = raised.value.problems[0]
    assert problem["field"] == "code" and reason in problem["reason"]
    assert problem["message"].startswith(("Mã thủ tục", "Chưa nhập mã"))
    assert ctx.store.audit_entries() == []


def test_long_portal_codes_are_accepted(ctx):
    create_procedure(ctx, {**NEW, "code": "2.000815.000.00.00.H55"})
    assert ctx.store.procedure("2.000815.000.00.00.H55")["name"] == NEW["name"]


def test_every_problem_is_listed_by_field(ctx):
    bad = {**NEW, "name": " ", "service": "ZZ", "formality_id": "abc",
           "documents": [{"name": "", "originals": -1, "copies": 0, "required": True}]}
    with pytest.raises(AdminInvalid) as raised:
        create_procedure(ctx, bad)
    fields = [p["field"] for p in raised.value.problems]
    assert fields == ["name", "service", "documents[0].name", "documents[0].originals", "formality_id"]
    messages = [p["message"] for p in raised.value.problems]
    assert messages[0] == "Tên thủ tục: không được để trống."
    assert messages[2] == "Giấy tờ thứ 1: chưa có tên giấy tờ."
    assert "UUID" in messages[4]
    assert raised.value.as_detail()["problems"] == raised.value.problems


def test_the_code_of_an_existing_procedure_cannot_change(ctx):
    with pytest.raises(AdminInvalid) as raised:
        update_procedure(ctx, "1.001193", {**get_procedure(ctx, "1.001193"), "code": "1.001194"})
    assert "cannot change" in raised.value.reason
    assert ctx.store.procedure("1.001194") is None


def test_search_is_accent_insensitive_and_filters_by_field(ctx):
    assert [p["code"] for p in list_procedures(ctx, "dang ky KET HON")] == ["1.000894"]
    assert [p["code"] for p in list_procedures(ctx, "chứng thực")] == ["2.000815"]
    assert {p["code"] for p in list_procedures(ctx, "", field="Hộ tịch")} == {"1.001193", "1.000894"}
    assert [p["code"] for p in list_procedures(ctx, "1.0011")] == ["1.001193"]


def test_retiring_never_breaks_issued_tickets_and_history_keeps_the_old_name(ctx, store, config, clock):
    queue = Queue(store, config, clock)
    ticket = queue.issue("1.001193")
    update_procedure(ctx, "1.001193", {"name": "Đăng ký khai sinh (tên mới)"})
    set_active(ctx, "1.001193", False)
    # the ticket issued before still reads, and is called and finished as usual
    assert queue.ticket(ticket["id"])["procedure"] == {"code": "1.001193", "name": "Đăng ký khai sinh"}
    called = queue.call_next(1, staff="lan")
    assert called["id"] == ticket["id"] and called["procedure"]["name"] == "Đăng ký khai sinh"
    assert queue.finish(ticket["id"], staff="lan")["status"] == "done"
    # no new tickets for a retired procedure; restoring brings it back with its new name
    with pytest.raises(QueueError) as raised:
        queue.issue("1.001193")
    assert raised.value.kind == "not_found"
    set_active(ctx, "1.001193", True)
    assert queue.issue("1.001193")["procedure"]["name"] == "Đăng ký khai sinh (tên mới)"
    actions = [e["action"] for e in ctx.store.audit_entries(entity_id="1.001193")]
    assert actions == ["procedure.restore", "procedure.retire", "procedure.update"]


def test_retiring_twice_is_a_conflict(ctx):
    set_active(ctx, "1.001193", False)
    with pytest.raises(QueueError) as raised:
        set_active(ctx, "1.001193", False)
    assert raised.value.kind == "conflict"


def test_audit_filters(ctx, clock):
    create_procedure(ctx, NEW)
    clock.advance(days=1)
    ctx.actor = "minh"
    update_procedure(ctx, "1.004873", {"fee": "5.000 đồng"})
    store = ctx.store
    assert [e["actor"] for e in store.audit_entries(actor="minh")] == ["minh"]
    assert [e["action"] for e in store.audit_entries(since="2026-11-24")] == ["procedure.update"]
    assert [e["action"] for e in store.audit_entries(until="2026-11-24")] == ["procedure.create"]
    assert [e["action"] for e in store.audit_entries(text="5.000 đồng")] == ["procedure.update"]
    assert store.audit_entries(entity="service") == []
    assert store.audit_actors() == ["admin", "minh"]
