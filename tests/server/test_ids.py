"""Issue 13 §10: an id of 2^63 or more (past SQLite's integers) in any path, query or body
gets a 4xx in the error shape, not a 500, on every route that takes one."""
import pytest

from kiosk.server.ids import SQLITE_MAX_INT

TOO_BIG = SQLITE_MAX_INT + 1
VALID = {"ticket_id": 1, "counter_id": 1, "event_id": 1, "since": 0, "limit": 10, "before_id": 1}


def integer_parameters(app) -> list[tuple[str, str, str, str]]:
    """(method, path template, parameter, where) for every integer id parameter of the API."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                is_id = parameter["name"].endswith("_id") or parameter["name"] == "since"   # not limit (clamped)
                if is_id and "integer" in str(parameter["schema"]):
                    found.append((method.upper(), path, parameter["name"], parameter["in"]))
    return found


def assert_refused_in_shape(response, field=None):
    assert 400 <= response.status_code < 500, (response.request.url, response.status_code, response.text)
    detail = response.json()["detail"]
    assert detail["reason"] and detail["message"]
    if field:
        assert detail["field"] == field


def test_every_integer_path_and_query_parameter_refuses_2_to_the_63(centre):
    centre.issue()
    parameters = integer_parameters(centre.client.app)
    assert len(parameters) >= 20          # the routes found by schemathesis in the issue
    for who in ("admin", "staff", "kiosk", "display", None):
        headers = centre.as_(who) if who else {}
        for method, template, name, where in parameters:
            values = {**VALID, name: TOO_BIG}
            path = template.format(**{k: v for k, v in values.items() if "{" + k + "}" in template})
            query = {name: TOO_BIG} if where == "query" else {}
            response = centre.client.request(method, path, params=query, headers=headers,
                                             json={"counter_id": 1, "ticket_id": 1, "rating": "neutral",
                                                   "service_id": "CT", "reason": "other"})
            assert_refused_in_shape(response)


def test_the_anonymous_announcement_of_a_huge_event_id(centre):
    response = centre.client.get(f"/api/announcements/{TOO_BIG}.wav")
    assert_refused_in_shape(response, "event_id")
    assert response.status_code == 422


@pytest.mark.parametrize("path,body,who", [
    ("/api/tickets/1/call", {"counter_id": TOO_BIG}, "staff"),
    ("/api/tickets/1/finish", {"counter_id": TOO_BIG}, "staff"),
    ("/api/tickets/1/transfer", {"counter_id": TOO_BIG, "service_id": "CT"}, "staff"),
    ("/api/counters/1/rating", {"ticket_id": TOO_BIG, "rating": "neutral"}, "display"),
    ("/api/counters/1/rating/reason", {"ticket_id": TOO_BIG, "reason": "other"}, "display"),
    ("/api/admin/counters", {"id": TOO_BIG, "name": "Quầy lớn", "services": ["HT"]}, "admin"),
])
def test_huge_ids_in_bodies_are_refused(centre, path, body, who):
    centre.issue()
    response = centre.client.post(path, json=body, headers=centre.as_(who))
    assert_refused_in_shape(response, "ticket_id" if "ticket_id" in body else "counter_id" if "counter_id" in body
                            else "id")


def test_a_huge_last_event_id_starts_the_stream_from_now(centre):
    """An EventSource never sends such an id; the stream treats it as absent (no replay, no 500)."""
    from kiosk.server.ids import last_event_id_header
    from starlette.requests import Request
    for header in (str(TOO_BIG), "9" * 5000, "-1", "١٢"):
        request = Request({"type": "http", "headers": [(b"last-event-id", header.encode())]})
        assert last_event_id_header(request) is None
    request = Request({"type": "http", "headers": [(b"last-event-id", str(SQLITE_MAX_INT).encode())]})
    assert last_event_id_header(request) == SQLITE_MAX_INT
