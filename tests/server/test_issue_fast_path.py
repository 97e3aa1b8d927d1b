"""POST /api/tickets: the fast path (kiosk/server/routes/issue_fast_path.py) answers ordinary
requests exactly as FastAPI's route does, and hands every other request to that route.
A content type with a charset is never taken by the fast path, so each request is sent both
ways and the answers compared."""
import json
import uuid

import pytest

from kiosk.server.routes import tickets

FAST, FASTAPI = "application/json", "application/json; charset=utf-8"


@pytest.fixture
def answered_fast(centre, monkeypatch):
    """The client_ids (or raw bodies) of the requests the fast path answered itself."""
    answer = tickets.fast_path.app
    seen, issue = [], answer.issue

    async def recording(request, body, who):
        seen.append(body.client_id)
        return await issue(request, body, who)
    monkeypatch.setattr(answer, "issue", recording)
    return seen


def post(centre, body, content_type, who="kiosk"):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return centre.client.post("/api/tickets", content=raw, headers={**centre.as_(who), "Content-Type": content_type})


def comparable(response) -> tuple:
    """Status and body, without what differs between two tickets (ids, numbers, times)."""
    body = response.json()
    if response.status_code in (200, 201):
        body = {k: v for k, v in body.items() if k not in ("id", "public_id", "client_id", "number", "issued_at",
                                                          "public_url", "people_ahead", "estimated_wait_minutes")}
    return response.status_code, body


def test_an_ordinary_ticket_is_issued_by_the_fast_path_like_by_fastapi(centre, answered_fast):
    fast_id, slow_id = str(uuid.uuid4()), str(uuid.uuid4())
    fast = post(centre, {"procedure_code": "1.001193", "client_id": fast_id}, FAST)
    slow = post(centre, {"procedure_code": "1.001193", "client_id": slow_id}, FASTAPI)
    assert answered_fast == [fast_id]
    assert comparable(fast) == comparable(slow) and fast.status_code == 201
    assert slow.json()["number"] == fast.json()["number"] + 1          # one run of numbers, no gap
    assert slow.json()["people_ahead"] == fast.json()["people_ahead"] + 1
    for content_type in (FAST, FASTAPI):                                # a repeat is the same ticket, either way
        again = post(centre, {"procedure_code": "1.001193", "client_id": fast_id}, content_type)
        assert again.status_code == 200 and again.json() == fast.json()


@pytest.mark.parametrize("body, who", [
    ({"procedure_code": "9.999999"}, "kiosk"),                # the queue refuses: unknown procedure
    ({"procedure_code": "1.001193"}, "display"),              # the role check refuses a lobby display
    ({"procedure_code": "1.001193", "number": 5}, "kiosk"),   # an offline number outside every series
])
def test_refusals_after_the_body_is_accepted_are_the_same(centre, answered_fast, body, who):
    fast = post(centre, {**body, "client_id": str(uuid.uuid4())}, FAST, who)
    slow = post(centre, {**body, "client_id": str(uuid.uuid4())}, FASTAPI, who)
    assert fast.status_code >= 400 and set(fast.json()["detail"]) >= {"field", "reason", "message"}
    assert comparable(fast) == comparable(slow)


@pytest.mark.parametrize("body", [
    {"procedure_code": "1.001193", "colour": "red"},           # a field the model does not know
    {"procedure_code": "1.001193", "priority": "vip"},
    {"procedure_code": "", "client_id": "short"},
    {"client_id": str(uuid.uuid4())},                           # no procedure
    [{"procedure_code": "1.001193"}],                           # not an object
    b'{"procedure_code": ',                                     # not JSON
    b"",
])
def test_bodies_the_model_refuses_are_answered_by_fastapi(centre, answered_fast, body):
    fast, slow = post(centre, body, FAST), post(centre, body, FASTAPI)
    assert answered_fast == []
    assert fast.status_code == 422 and comparable(fast) == comparable(slow)
    assert fast.json()["detail"]["message"] == "Dữ liệu gửi lên không hợp lệ."
