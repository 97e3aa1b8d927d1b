"""The repair routes: kiosks only, the error shape, and re-adoption through HTTP."""
import uuid

from kiosk.core.repair import day_digest


def test_only_kiosks_compare_and_bad_bodies_get_the_error_shape(centre):
    body = {"day": "2026-11-23", "count": 0, "digest": day_digest([])}
    assert centre.client.post("/api/repair/compare", json=body, headers=centre.as_("staff")).status_code == 403
    assert centre.client.post("/api/repair/compare", json=body).status_code == 401
    answer = centre.client.post("/api/repair/compare", json=body, headers=centre.as_("kiosk"))
    assert answer.status_code == 200 and answer.json()["match"] is True
    bad = centre.client.post("/api/repair/compare", json={**body, "digest": "x"}, headers=centre.as_("kiosk"))
    assert bad.status_code == 422 and set(bad.json()["detail"]) >= {"field", "reason", "message"}
    old = centre.client.post("/api/repair/tickets", json={"day": "2026-11-01", "tickets": []}, headers=centre.as_("kiosk"))
    assert old.status_code == 422 and old.json()["detail"]["field"] == "day"


def test_a_ticket_sent_back_is_adopted_once(centre):
    ticket = {"client_id": str(uuid.uuid4()), "service_id": "HT", "number": 1007, "procedure_code": "1.001193",
              "issued_at": "2026-11-23T07:59:00+07:00", "priority": None, "offline": False}
    for expected in (1, 0):
        result = centre.client.post("/api/repair/tickets", json={"day": "2026-11-23", "tickets": [ticket]},
                                    headers=centre.as_("kiosk")).json()
        assert len(result["adopted"]) == expected
    assert result["present"] == 1 and result["next_numbers"] == {"HT": 1008}
    assert centre.issue().json()["number"] == 1008
