"""The province catalogue at a centre: taken where the centre kept the hub's value, an override
kept where the hub did not touch it, a conflict for the admin where both changed it."""
from __future__ import annotations

import pytest

from kiosk.admin import procedures
from kiosk.admin.context import AdminContext
from kiosk.admin.records import canonical
from kiosk.core.errors import QueueError
from kiosk.store.hub import open_conflicts
from kiosk.sync.hub_catalogue import apply_changes, catalogue_version, merge, resolve


def test_merge_takes_the_hub_keeps_the_override_and_names_the_clash():
    base = {"name": "A", "fee": "Miễn", "guidance": "g"}
    local = {"name": "A", "fee": "5.000 đ", "guidance": "riêng"}
    remote = {"name": "A mới", "fee": "Miễn", "guidance": "chung"}
    merged, conflicts = merge(base, local, remote)
    assert (merged["name"], merged["fee"], merged["guidance"]) == ("A mới", "5.000 đ", "riêng")
    assert conflicts == ["guidance"]


def test_merge_before_any_pull_adopts_the_province_record():
    merged, conflicts = merge(None, {"name": "cũ"}, {"name": "tỉnh"})
    assert merged["name"] == "tỉnh" and conflicts == []


@pytest.fixture
def ctx(store, config, clock):
    return AdminContext(store, config, clock, actor="hub")


def hub_answer(version: int, **fields) -> dict:
    return {"version": version, "procedures": [{"code": "1.001193", "version": version, **fields}]}


def test_a_pull_edits_the_procedure_and_a_later_pull_keeps_the_centres_override(ctx, store):
    province = {k: v for k, v in canonical(store.procedure("1.001193")).items() if k not in ("service", "code")}
    apply_changes(ctx, hub_answer(3, **{**province, "name": "Khai sinh (tỉnh)"}))
    assert store.procedure("1.001193")["name"] == "Khai sinh (tỉnh)" and catalogue_version(store) == 3
    procedures.update_procedure(ctx, "1.001193", {"fee": "Theo quy định của phường"})     # a local override
    apply_changes(ctx, hub_answer(4, **{**province, "name": "Khai sinh", "guidance": "Mới."}))
    record = store.procedure("1.001193")
    assert (record["name"], record["guidance"], record["fee"]) == ("Khai sinh", "Mới.", "Theo quy định của phường")
    assert open_conflicts(store) == []
    assert any(e["type"] == "catalogue.changed" for e in store.events_after(0))   # kiosks re-read it


def test_a_clash_stays_local_until_the_admin_settles_it(ctx, store):
    province = {k: v for k, v in canonical(store.procedure("1.001193")).items() if k not in ("service", "code")}
    apply_changes(ctx, hub_answer(1, **province))
    procedures.update_procedure(ctx, "1.001193", {"fee": "Của phường"})
    apply_changes(ctx, hub_answer(2, **{**province, "fee": "Của tỉnh"}))
    assert store.procedure("1.001193")["fee"] == "Của phường"
    [conflict] = open_conflicts(store)
    assert (conflict["field"], conflict["local"], conflict["hub"]) == ("fee", "Của phường", "Của tỉnh")
    with pytest.raises(QueueError) as refused:
        resolve(ctx, conflict["id"], "both")
    assert refused.value.field == "keep"
    resolve(ctx, conflict["id"], "hub")
    assert store.procedure("1.001193")["fee"] == "Của tỉnh" and open_conflicts(store) == []


def test_a_procedure_new_to_the_centre_goes_to_the_service_of_its_field(ctx, store):
    apply_changes(ctx, {"version": 5, "procedures": [{"code": "2.000884", "version": 5, "name": "Chứng thực chữ ký",
                                                     "field": "Chứng thực", "documents": [], "level": "commune",
                                                     "processing_time": "Trong ngày", "fee": "10.000 đồng",
                                                     "guidance": "Mang theo giấy tờ tùy thân.",
                                                     "source": "law, unchecked"}]})
    assert store.procedure("2.000884")["service"] == "CT"
