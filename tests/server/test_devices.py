"""Pairing by code over HTTP, the wrong-code wait, revoking, heartbeats and the console's banners."""
import uuid

from kiosk.core.review import TICKET_REVIEW


def _code(centre, name="kiosk-2", role="kiosk"):
    answer = centre.client.post(f"/api/admin/devices/{name}/pairing", json={"role": role}, headers=centre.as_("admin"))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_pairing_code_is_exchanged_once_for_the_token_without_any_login(centre):
    made = _code(centre)
    assert made["qr_png"].startswith("data:image/png;base64,") and made["code"] in made["qr_text"]
    assert "token" not in made
    paired = centre.client.post("/api/pair", json={"code": made["code"]})
    assert paired.status_code == 200
    body = paired.json()
    assert body["device"] == {"name": "kiosk-2", "role": "kiosk", "slot": 2} and body["token"].startswith("kiosk.2.")
    again = centre.client.post("/api/pair", json={"code": made["code"]})
    assert again.status_code == 422 and again.json()["detail"]["field"] == "code"
    issued = centre.client.post("/api/tickets", json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())},
                                headers={"Authorization": f"Bearer {body['token']}"})
    assert issued.status_code == 201


def test_five_wrong_codes_from_one_address_make_it_wait(centre):
    made = _code(centre)
    wrong = f"{(int(made['code']) + 1) % 10 ** 6:06d}"
    for _ in range(5):
        refused = centre.client.post("/api/pair", json={"code": wrong})
        assert refused.status_code == 422
        assert refused.json()["detail"] == {"field": "code", "reason": "no pairing code matches",
                                            "message": "Mã ghép nối không đúng. Vui lòng kiểm tra lại."}
    waiting = centre.client.post("/api/pair", json={"code": made["code"]})      # even the right one, now
    assert waiting.status_code == 429 and int(waiting.headers["Retry-After"]) > 0
    assert waiting.json()["detail"]["field"] == "code"
    assert waiting.json()["detail"]["message"].startswith("Đã nhập sai mã ghép nối 5 lần.")


def test_pair_is_the_only_anonymous_write_it_opens(centre):
    assert centre.client.post("/api/pairing", json={"code": "123456"}).status_code in (401, 404)
    assert centre.client.post("/api/pair/x", json={"code": "123456"}).status_code == 401
    assert centre.client.post("/api/admin/devices/kiosk-9/pairing", json={"role": "kiosk"},
                              headers=centre.as_("staff")).status_code == 403


def test_a_revoked_kiosk_is_cut_off_but_its_offline_tickets_are_kept_for_review(centre):
    series = centre.client.get("/api/series", headers=centre.as_("kiosk")).json()
    first = next(s for s in series["services"] if s["service_id"] == "HT")["first"]
    assert centre.client.post("/api/admin/devices/kiosk-1/revoke", headers=centre.as_("admin")).status_code == 200
    cut = centre.client.get("/api/series", headers=centre.as_("kiosk"))
    assert cut.status_code == 401 and cut.json()["detail"]["message"].startswith("Thiết bị này đã bị thu hồi")
    assert centre.issue().status_code == 401                                # no new online ticket
    assert centre.client.get("/api/events", headers=centre.as_("kiosk")).status_code == 401
    upload = centre.issue(number=first, issued_at="2026-11-23T07:59:00+07:00")
    assert upload.status_code == 201 and upload.json()["review"] == "uploaded by a revoked device"
    alerts = centre.client.get("/api/devices/alerts", headers=centre.as_("staff")).json()
    assert [(t["number"], t["device"]) for t in alerts["review"]] == [(first, "kiosk-1")]
    store = centre.client.app.state.store
    assert [e["type"] for e in store.events_after(0)].count(TICKET_REVIEW) == 1


def test_heartbeats_fill_the_devices_page_and_the_console_banners(centre, clock):
    beat = {"version": "0.1.0", "outbox": 3, "printer": "paper_out", "speech_ok": True, "disk_free_bytes": 10 ** 9,
            "clock_offset_ms": 95_000}
    answer = centre.client.post("/api/devices/heartbeat", json=beat, headers=centre.as_("kiosk"))
    assert answer.status_code == 200 and answer.json()["server_time"].startswith("2026-11-23T08:00:00")
    rows = {d["name"]: d for d in centre.client.get("/api/admin/devices", headers=centre.as_("admin")).json()}
    kiosk = rows["kiosk-1"]
    assert (kiosk["version"], kiosk["outbox"], kiosk["printer"], kiosk["skew_seconds"], kiosk["skew_warning"]) == \
        ("0.1.0", 3, "paper_out", 95.0, True)
    assert rows["tv-1"]["last_seen"] is None
    banners = centre.client.get("/api/devices/alerts", headers=centre.as_("staff")).json()["alerts"]
    assert [b["kind"] for b in banners] == ["paper_out"]
    assert banners[0]["message"] == "Máy in của máy lấy số kiosk-1 đã hết giấy."
    clock.advance(minutes=3)
    banners = centre.client.get("/api/devices/alerts", headers=centre.as_("staff")).json()["alerts"]
    assert [b["kind"] for b in banners] == ["offline", "paper_out"]
    assert banners[0]["message"] == "Máy lấy số kiosk-1 mất kết nối đã 3 phút."
    bad = centre.client.post("/api/devices/heartbeat", json={**beat, "printer": "on fire"}, headers=centre.as_("kiosk"))
    assert bad.status_code == 422 and bad.json()["detail"]["field"]
