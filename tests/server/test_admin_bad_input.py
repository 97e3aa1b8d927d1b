"""Issue 13 §10: admin inputs that used to answer 500 now get a 422 naming the field."""
import json

from kiosk.admin.nesting import MAX_DEPTH, nesting_depth


def assert_422(response, field):
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail["field"] == field and detail["reason"] and detail["message"]


def test_a_speech_trial_of_only_spaces_is_refused(centre):
    for text in (" ", "\t\n  "):
        assert_422(centre.client.post("/api/admin/speech", json={"text": text}, headers=centre.as_("admin")), "text")


def test_counter_services_must_be_service_ids(centre):
    for services in ([None, {"a": 1}], [["HT"]], [1]):
        response = centre.client.put("/api/admin/counters/1", json={"services": services}, headers=centre.as_("admin"))
        assert_422(response, "services")
    assert centre.client.get("/api/counters").json()[0]["services"] == ["HT"]       # unchanged


def test_a_deeply_nested_json_import_is_refused(centre):
    admin = centre.as_("admin")
    for depth in (MAX_DEPTH + 1, 200_000):
        content = b"[" * depth + b"]" * depth
        preview = centre.client.post("/api/admin/import/preview?filename=x.json", content=content, headers=admin)
        assert preview.status_code == 200 and preview.json()["ok"] is False
        assert "nests deeper" in preview.json()["problems"][0]["reason"]
        applied = centre.client.post("/api/admin/import/apply?filename=x.json", content=content, headers=admin)
        assert applied.status_code == 422 and "nests deeper" in applied.json()["detail"]["reason"]


def test_nesting_depth_counts_levels_without_recursion():
    assert nesting_depth(3) == 0 and nesting_depth([1, 2]) == 1 and nesting_depth([{"a": [1]}]) == 3
    portal_record = {"data": [{"code": "1.001193", "documents": [{"name": "Tờ khai", "copies": 0}]}]}
    assert nesting_depth(portal_record) == 5 <= MAX_DEPTH
    deep = json.loads("[" * 900 + "]" * 900)
    assert nesting_depth(deep) == 900
