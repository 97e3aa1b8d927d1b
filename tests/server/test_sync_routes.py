"""Server support for offline kiosks: catalogue version, devices' last contact, adopting a lost answer."""
from __future__ import annotations

import uuid


def test_health_has_a_catalogue_version_that_changes_with_the_catalogue(centre):
    before = centre.client.get("/api/health").json()["catalogue_version"]
    assert before == centre.client.get("/api/health").json()["catalogue_version"]
    centre.issue()
    centre.next(1)                                     # queue activity is not a catalogue change
    assert centre.client.get("/api/health").json()["catalogue_version"] == before
    store = centre.client.app.state.store
    store.save_procedure({**store.procedure("1.001193"), "name": "Đăng ký khai sinh (sửa)"})
    assert centre.client.get("/api/health").json()["catalogue_version"] != before


def test_devices_list_their_last_contact_for_staff_only(centre):
    centre.client.get("/api/queue", headers=centre.as_("kiosk"))
    centre.issue()
    devices = {d["name"]: d for d in centre.client.get("/api/devices", headers=centre.as_("staff")).json()}
    assert devices["kiosk-1"]["last_seen"] and devices["kiosk-1"]["role"] == "kiosk"
    assert devices["tv-1"]["last_seen"] is None
    assert all(set(d) == {"name", "role", "active", "slot", "created_at", "last_seen"} for d in devices.values())
    assert (devices["kiosk-1"]["slot"], devices["tv-1"]["slot"]) == (1, None)
    assert centre.client.get("/api/devices", headers=centre.as_("kiosk")).status_code == 403
    assert centre.client.get("/api/devices").status_code == 401


def test_offline_upload_of_a_request_whose_online_answer_was_lost_keeps_the_shown_number(centre):
    client_id = str(uuid.uuid4())
    ghost = centre.issue(client_id=client_id).json()                 # committed; the kiosk never saw it
    first = 1600                                                     # kiosk-1 is slot 1: HT 1600-1699
    issued_at = "2026-11-23T07:59:58.000+07:00"
    upload = centre.issue(client_id=client_id, number=first, issued_at=issued_at)
    assert upload.status_code == 200
    assert (upload.json()["id"], upload.json()["number"], upload.json()["issued_at"]) == \
        (ghost["id"], first, issued_at)
    assert upload.json()["offline"] is True
    replay = centre.issue(client_id=client_id, number=first, issued_at=issued_at)
    assert replay.status_code == 200 and replay.json()["number"] == first
    again_online = centre.issue(client_id=client_id)
    assert again_online.json()["number"] == first


def test_adopting_still_refuses_a_number_outside_the_kiosks_series(centre):
    client_id = str(uuid.uuid4())
    ghost = centre.issue(client_id=client_id).json()
    refused = centre.issue(client_id=client_id, number=1500, issued_at="2026-11-23T07:59:58.000+07:00")
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "number"
    assert centre.client.get(f"/api/tickets/{ghost['id']}", headers=centre.as_("kiosk")).json()["number"] == ghost["number"]


def test_batch_upload_handles_each_ticket_in_order_and_alone(centre):
    first = 1600
    at = "2026-11-23T07:5{}:00.000+07:00"
    tickets = [{"procedure_code": "1.001193", "client_id": str(uuid.uuid4()), "number": first + i,
                "issued_at": at.format(i)} for i in range(3)]
    tickets[1]["number"] = 1999                                          # slot 4's: refused on its own
    body = {"tickets": tickets}
    results = centre.client.post("/api/tickets/batch", json=body, headers=centre.as_("kiosk")).json()["results"]
    assert [r["status"] for r in results] == [201, 422, 201]
    assert [r["client_id"] for r in results] == [t["client_id"] for t in tickets]
    assert results[1]["detail"]["field"] == "number"
    assert [r["ticket"]["number"] for r in results if "ticket" in r] == [first, first + 2]
    assert results[0]["ticket"]["id"] < results[2]["ticket"]["id"]
    again = centre.client.post("/api/tickets/batch", json=body, headers=centre.as_("kiosk")).json()["results"]
    assert [r["status"] for r in again] == [200, 422, 200]
    waiting = centre.client.get("/api/queue", headers=centre.as_("staff")).json()
    assert sum(s["waiting_count"] for s in waiting["services"]) == 2


def test_batch_upload_limits_and_roles(centre):
    one = {"procedure_code": "1.001193", "client_id": str(uuid.uuid4())}
    assert centre.client.post("/api/tickets/batch", json={"tickets": [one]}).status_code == 401
    assert centre.client.post("/api/tickets/batch", json={"tickets": []}, headers=centre.as_("kiosk")).status_code == 422
    too_many = {"tickets": [{**one, "client_id": str(uuid.uuid4())} for _ in range(101)]}
    assert centre.client.post("/api/tickets/batch", json=too_many, headers=centre.as_("kiosk")).status_code == 422


def test_an_offline_ticket_waits_in_its_numbers_service_if_the_procedure_moved_meanwhile(centre):
    first = 1600
    store = centre.client.app.state.store
    store.save_procedure({**store.procedure("1.001193"), "service": "CT"})      # an admin moved it
    upload = centre.issue(number=first, issued_at="2026-11-23T07:59:00.000+07:00")
    assert upload.status_code == 201
    assert (upload.json()["number"], upload.json()["service"]["id"]) == (first, "HT")
