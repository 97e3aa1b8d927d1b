"""Issue 13 §5: what the lobby may read of the queue (event replay, live stream, queue and
display state) carries nothing personal; staff, managers and admins see everything."""
import json
import threading
import time

import requests

from kiosk.core import accounts
from tests.support import LiveServer, login, prepared_live_db, run_cli, sse_events
from tests.server.test_live_server import issue

PROCEDURE = "Đăng ký khai sinh"
# What the reports protect: who served (staff username), how the citizen rated and why, the
# priority kind (health data), the procedure the citizen came for.
PRIVATE_WORDS = ("lan", "dissatisfied", "attitude", "disability", PROCEDURE, "kiosk-1", "public_id", "client_id")


def strings_in(value) -> set[str]:
    """Every key and string value of a JSON document, at any depth."""
    if isinstance(value, dict):
        return set(value) | {s for v in value.values() for s in strings_in(v)}
    if isinstance(value, list):
        return {s for v in value for s in strings_in(v)}
    return {value} if isinstance(value, str) else set()


def assert_public(document) -> None:
    text = json.dumps(document, ensure_ascii=False)
    found = [word for word in PRIVATE_WORDS if word in strings_in(document) or (len(word) > 4 and word in text)]
    assert found == [], found


def read_until(url, kind, headers=None, since=None, timeout=15) -> list[dict]:
    """SSE events up to and including the first of type `kind`."""
    params = {} if since is None else {"since": since}
    with requests.get(f"{url}/api/events", params=params, headers=headers or {}, stream=True,
                      timeout=timeout) as response:
        events = sse_events(response, until=kind)
    assert events and events[-1]["event"] == kind, f"the stream ended before a {kind} event"
    return events


def serve_and_rate(url, kiosk_token, staff) -> dict:
    """A citizen with a disability priority is served by `lan` and rates the service badly,
    with a reason; then an ordinary ticket is issued (the end marker of the replay)."""
    ticket = requests.post(f"{url}/api/tickets", json={"procedure_code": "1.001193", "priority": "disability",
                                                       "client_id": "c0ffee00-0000-4000-8000-000000000001"},
                           headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10).json()
    assert requests.post(f"{url}/api/counters/1/next", headers=staff, timeout=10).json()["id"] == ticket["id"]
    requests.post(f"{url}/api/tickets/{ticket['id']}/finish", headers=staff, timeout=10).raise_for_status()
    rating = f"{url}/api/public/tickets/{ticket['public_id']}/rating"
    assert requests.post(rating, json={"rating": "dissatisfied"}, timeout=10).status_code == 201
    assert requests.post(rating + "/reason", json={"reason": "attitude"}, timeout=10).status_code == 200
    issue(url, kiosk_token, code="2.000815")
    return ticket


def test_event_replay_and_live_stream_carry_no_private_data_without_staff_login(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    display_token = run_cli("device", "add", "tv-1", "--role", "display", "--print-token", db=db)
    with LiveServer(db) as server:
        staff = login(server.url)
        after_first_issue = requests.get(f"{server.url}/api/health", timeout=10).json()["last_event_id"] + 1
        live = {}
        listener = threading.Thread(target=lambda: live.update(events=read_until(server.url, "ticket.rated")))
        listener.start()
        time.sleep(0.5)
        ticket = serve_and_rate(server.url, kiosk_token, staff)
        listener.join(timeout=20)

        anonymous = read_until(server.url, "ticket.issued", since=after_first_issue)
        replays = {
            "live stream": live["events"],
            "?since=0": read_until(server.url, "ticket.rated", since=0),
            "Last-Event-ID": read_until(server.url, "ticket.rated", headers={"Last-Event-ID": "0"}),
            "display token": read_until(server.url, "ticket.rated", since=0,
                                        headers={"Authorization": f"Bearer {display_token}"}),
            "kiosk token": read_until(server.url, "ticket.rated", since=0,
                                      headers={"Authorization": f"Bearer {kiosk_token}"}),
            "expired token": read_until(server.url, "ticket.rated", since=0,
                                        headers={"Authorization": "Bearer not-a-token"}),
        }
        staff_view = read_until(server.url, "ticket.issued", since=after_first_issue, headers=staff)

    for name, events in replays.items():
        assert [e["event"] for e in events][-3:] == ["ticket.called", "ticket.finished", "ticket.rated"], name
        assert_public(events)
    # with the public_id anyone could rate the ticket; not even staff streams carry it
    assert all(ticket["public_id"] not in json.dumps(events) for events in [*replays.values(), staff_view])
    assert "ticket.rating_reason" not in [e["event"] for e in anonymous]
    rated = next(e for e in replays["?since=0"] if e["event"] == "ticket.rated")["data"]
    # the ticket page still learns that its own ticket was rated (and shows the thank-you)
    assert rated["ticket"]["id"] == ticket["id"] and rated["ticket"]["priority"] is True

    # staff see the rating, its reason, who served and the priority kind
    by_type = {e["event"]: e["data"] for e in staff_view}
    assert by_type["ticket.rated"]["data"]["rating"] == "dissatisfied"
    assert by_type["ticket.rated"]["data"]["staff"] == "lan" and by_type["ticket.called"]["actor"] == "lan"
    assert by_type["ticket.rating_reason"]["data"]["reason"] == "attitude"
    assert by_type["ticket.called"]["ticket"]["priority"] == "disability"


def test_queue_and_display_state_show_a_priority_flag_but_no_priority_kind(centre, clock):
    centre.issue(priority="disability")
    centre.issue(code="1.000894", priority="pregnant")
    centre.next(1)                                       # the first is now at counter 1
    store = centre.client.app.state.store
    accounts.add_user(store, "lanhdao", "mat-khau-lanhdao", "manager", clock)
    manager = centre.client.post("/api/auth/login", json={"username": "lanhdao", "password": "mat-khau-lanhdao"})

    for who in (None, "kiosk", "display"):
        headers = centre.as_(who) if who else {}
        for path in ("/api/queue", "/api/display/state"):
            body = centre.client.get(path, headers=headers).json()
            assert_public(body)
            overview = body.get("overview", body)
            assert overview["services"][0]["waiting"][0]["priority"] is True, (who, path)
            assert next(c for c in overview["counters"] if c["id"] == 1)["current"]["priority"] is True

    for headers in (centre.as_("staff"), centre.as_("admin"), {"Authorization": f"Bearer {manager.json()['token']}"}):
        overview = centre.client.get("/api/queue", headers=headers).json()
        assert overview["services"][0]["waiting"][0]["priority"] == "pregnant"
        assert next(c for c in overview["counters"] if c["id"] == 1)["current"]["priority"] == "disability"
