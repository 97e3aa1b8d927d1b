"""Numbering through the API: online numbers without gaps, the offline series, the attacks of
issue 13 §3 (back-dating) and §4 (leasing a service empty), and a range that runs out."""
from __future__ import annotations

import uuid

import pytest

from kiosk.core import accounts


@pytest.fixture
def second_kiosk(centre):
    store = centre.client.app.state.store
    centre.tokens["kiosk-2"] = accounts.add_device(store, "kiosk-2", "kiosk", centre.client.app.state.queue.clock)
    return "kiosk-2"


def test_online_numbers_follow_each_other_whoever_issues_them(centre, second_kiosk):
    issuers = ["kiosk", "kiosk-2", "staff", "admin", "kiosk", "kiosk-2"]
    numbers = [centre.issue(who=who).json()["number"] for who in issuers]
    assert numbers == [1001, 1002, 1003, 1004, 1005, 1006]
    assert centre.issue("2.000815", who="kiosk-2").json()["number"] == 2001


def test_back_dating_an_online_ticket_is_refused_and_jumps_nothing(centre):
    first = centre.issue().json()
    attack = centre.issue(issued_at="2000-01-01T00:00:00+07:00")
    assert attack.status_code == 422
    detail = attack.json()["detail"]
    assert detail["field"] == "issued_at" and detail["message"] and "only with the number" in detail["reason"]
    assert centre.next(1).json()["id"] == first["id"]


@pytest.mark.parametrize("issued_at, why", [
    ("2000-01-01T08:00:00+07:00", "within today"),
    ("not a time <script>", "not an ISO 8601 time"),
    ("2026-11-23T07:00:00", "time zone"),
    ("2026-11-23T09:00:00+07:00", "in the future"),
])
def test_an_offline_upload_with_a_bad_time_is_refused_naming_the_field(centre, issued_at, why):
    response = centre.issue(number=1600, issued_at=issued_at)
    assert response.status_code == 422
    assert response.json()["detail"]["field"] == "issued_at" and why in response.json()["detail"]["reason"]
    assert centre.client.get("/api/queue", headers=centre.as_("staff")).json()["services"][0]["waiting_count"] == 0


def test_an_offline_number_from_another_kiosks_series_or_the_online_run_is_refused(centre, second_kiosk):
    at = "2026-11-23T07:30:00+07:00"
    for number, who in ((1700, "kiosk"), (1600, "kiosk-2"), (1001, "kiosk"), (1600, "staff")):
        response = centre.issue(number=number, issued_at=at, who=who)
        assert response.status_code == 422 and response.json()["detail"]["field"] == "number", (number, who)
    assert centre.issue(number=1700, issued_at=at, who="kiosk-2").status_code == 201


def test_an_offline_ticket_is_called_in_issue_time_order_whatever_its_number(centre):
    early = centre.issue().json()                                    # 1001 at 08:00
    offline = centre.issue(number=1600, issued_at="2026-11-23T07:45:00+07:00").json()
    assert (early["number"], offline["number"]) == (1001, 1600)
    assert [centre.next(1).json()["number"] for _ in range(2)] == [1600, 1001]


def test_no_request_can_lease_a_service_empty(centre):
    for body in ({"service_id": "HT", "size": 998}, {"service_id": "HT", "size": 1}):
        assert centre.client.post("/api/blocks", json=body, headers=centre.as_("kiosk")).status_code in (404, 405)
    assert centre.issue().json()["number"] == 1001
    assert centre.client.get("/api/health").json()["numbering"]["online_left"]["HT"] == 598


def test_a_kiosk_reads_its_own_series_and_nobody_else_can(centre):
    centre.issue(number=1600, issued_at="2026-11-23T07:45:00+07:00")
    state = centre.client.get("/api/series", headers=centre.as_("kiosk")).json()
    assert state["device"] == "kiosk-1" and state["slot"] == 1 and state["day"] == "2026-11-23"
    assert {"service_id": "HT", "first": 1600, "last": 1699, "next": 1601} in state["services"]
    assert centre.client.get("/api/series", headers=centre.as_("staff")).status_code == 403
    assert centre.client.get("/api/series").status_code == 401


def test_a_used_up_online_run_is_a_calm_409_never_a_duplicate_and_staff_see_it(centre):
    store = centre.client.app.state.store
    store.save_service({**store.service("HT"), "range_end": 1402})          # online run: 1001-1002
    assert [centre.issue().json()["number"] for _ in range(2)] == [1001, 1002]
    for _ in range(2):
        response = centre.issue()
        assert response.status_code == 409
        assert response.json()["detail"]["message"].startswith("Đã hết số thứ tự của lĩnh vực này")
    numbering = centre.client.get("/api/health").json()["numbering"]
    assert numbering["online_left"]["HT"] == 0
    assert numbering["exhausted"] == [{"service_id": "HT", "series": "online", "first": 1001, "last": 1002}]
    events = [e for e in store.events_after(0) if e["type"] == "numbering.exhausted"]
    assert len(events) == 1
    assert centre.issue(number=1003, issued_at="2026-11-23T07:59:00+07:00").status_code == 201   # slot 1: 1003-1102
