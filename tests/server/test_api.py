import uuid

import pytest


def test_health(centre):
    body = centre.client.get("/api/health").json()
    assert body["status"] == "ok" and body["day"] == "2026-11-23"


def test_catalogue_services_counters(centre):
    procedures = centre.client.get("/api/procedures").json()
    assert {p["code"] for p in procedures} >= {"1.001193", "2.000815"}
    one = centre.client.get("/api/procedures/2.000815").json()
    assert one["portal_url"] == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-8e22-77ef-819f-e49460350904"
    assert "keyword=1.001193" in centre.client.get("/api/procedures/1.001193").json()["portal_url"]
    assert centre.client.get("/api/procedures/9.999999").status_code == 404
    assert [s["id"] for s in centre.client.get("/api/services").json()] == ["HT", "CT", "XH", "KD", "VH"]
    assert centre.client.get("/api/counters").json()[1]["services"] == ["HT", "CT"]


def test_issue_returns_the_contract_fields(centre):
    response = centre.issue(priority="elderly")
    assert response.status_code == 201
    ticket = response.json()
    for key in ("id", "number", "service", "procedure", "status", "people_ahead", "estimated_wait_minutes", "public_url"):
        assert key in ticket
    assert ticket["number"] == 1001 and ticket["priority"] == "elderly"


def test_issue_is_idempotent_by_client_id(centre):
    client_id = str(uuid.uuid4())
    first = centre.issue(client_id=client_id)
    again = centre.issue(client_id=client_id)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert centre.client.get("/api/queue").json()["services"][0]["waiting_count"] == 1


@pytest.mark.parametrize("body,field", [
    ({"procedure_code": "1.001193", "priority": "vip"}, "priority"),
    ({"procedure_code": "9.999999"}, "procedure_code"),
    ({}, "procedure_code"),
    ({"procedure_code": "1.001193", "colour": "red"}, "colour"),
    ({"procedure_code": "1.001193", "client_id": "x"}, "client_id"),
])
def test_bad_ticket_requests_name_the_field(centre, body, field):
    response = centre.client.post("/api/tickets", json=body, headers=centre.as_("kiosk"))
    assert 400 <= response.status_code < 500
    detail = response.json()["detail"]
    assert detail["field"] == field and detail["reason"] and detail["message"]


def test_malformed_json_is_a_422_not_a_500(centre):
    response = centre.client.post("/api/tickets", content=b"{not json", headers={
        **centre.as_("kiosk"), "Content-Type": "application/json"})
    assert response.status_code == 422 and "JSON" in response.json()["detail"]["reason"]


def test_call_next_and_204_when_empty(centre):
    issued = centre.issue().json()
    called = centre.next(1)
    assert called.status_code == 200 and called.json()["id"] == issued["id"]
    assert called.json()["counter"] == {"id": 1, "name": "Quầy 1"}
    assert centre.next(1).status_code == 204


def test_staff_actions_recall_transfer_finish(centre):
    ticket = centre.issue().json()
    centre.next(2)
    headers = centre.as_("staff")
    recalled = centre.client.post(f"/api/tickets/{ticket['id']}/recall", headers=headers)
    assert recalled.json()["recalls"] == 1
    moved = centre.client.post(f"/api/tickets/{ticket['id']}/transfer", json={"service_id": "CT"}, headers=headers)
    assert moved.json()["service"]["id"] == "CT" and moved.json()["number"] == ticket["number"]
    called = centre.client.post(f"/api/tickets/{ticket['id']}/call", json={"counter_id": 3}, headers=headers)
    assert called.json()["counter"]["id"] == 3
    assert centre.client.post(f"/api/tickets/{ticket['id']}/finish", headers=headers).json()["status"] == "done"


def test_rejected_action_says_why_in_vietnamese(centre):
    ticket = centre.issue().json()
    centre.next(2)
    response = centre.client.post(f"/api/tickets/{ticket['id']}/call", json={"counter_id": 1}, headers=centre.as_("staff"))
    assert response.status_code == 409
    assert response.json()["detail"]["message"] == f"Số {ticket['number']} đã được Quầy 2 gọi."


@pytest.mark.parametrize("who,method,path,expected", [
    (None, "post", "/api/tickets", 401),
    ("display", "post", "/api/tickets", 403),
    ("kiosk", "post", "/api/counters/1/next", 403),
    (None, "post", "/api/counters/1/next", 401),
    ("display", "post", "/api/counters/1/next", 403),
    ("staff", "post", "/api/counters/1/next", 204),
    ("admin", "post", "/api/counters/1/next", 204),
    (None, "get", "/api/queue", 200),
    (None, "get", "/api/procedures", 200),
])
def test_roles(centre, who, method, path, expected):
    headers = centre.as_(who) if who else {}
    body = {"procedure_code": "1.001193"} if path == "/api/tickets" else None
    response = getattr(centre.client, method)(path, headers=headers, **({"json": body} if body else {}))
    assert response.status_code == expected


def test_login_failures_and_bad_tokens(centre):
    wrong = centre.client.post("/api/auth/login", json={"username": "lan", "password": "nope-nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"]["message"] == "Sai tên đăng nhập hoặc mật khẩu."
    forged = centre.client.post("/api/counters/1/next", headers={"Authorization": "Bearer forged"})
    assert forged.status_code == 401
    me = centre.client.get("/api/auth/me", headers=centre.as_("staff")).json()
    assert me == {"kind": "user", "name": "lan", "role": "staff"}


def test_logout_ends_the_session(centre):
    headers = centre.as_("staff")
    assert centre.client.post("/api/auth/logout", headers=headers).status_code == 204
    assert centre.next(1).status_code == 401


def test_ticket_page_is_public_in_vietnamese_and_unguessable(centre):
    ticket = centre.issue().json()
    page = centre.client.get(f"/t/{ticket['public_id']}")
    assert page.status_code == 200 and 'lang="vi"' in page.text
    assert "Số thứ tự của ông/bà" in page.text and str(ticket["number"]) in page.text
    assert "Tờ khai đăng ký khai sinh" in page.text          # the documents checklist
    assert centre.client.get(f"/t/{ticket['id']}").status_code == 404
    public = centre.client.get(f"/api/public/tickets/{ticket['public_id']}").json()
    assert "client_id" not in public and public["documents"][0]["originals"] == 1


def test_print_failed_is_recorded_for_staff(centre):
    ticket = centre.issue().json()
    response = centre.client.post(f"/api/tickets/{ticket['id']}/print-failed", json={"reason": "hết giấy"},
                                  headers=centre.as_("kiosk"))
    assert response.json()["print_failed"] is True


def test_unknown_route_is_json(centre):
    response = centre.client.get("/api/nope")
    assert response.status_code == 404 and response.json()["detail"]["message"]
