"""Issue 13 §6: a kiosk reads only the tickets it issued; a ticket's public_id (which lets
its holder rate it) and client_id go back only to that kiosk; a rating needs a finished
ticket and is given once."""
from kiosk.core import accounts


def second_kiosk(centre, clock) -> dict:
    token = accounts.add_device(centre.client.app.state.store, "kiosk-2", "kiosk", clock)
    return {"Authorization": f"Bearer {token}"}


def assert_error_shape(response, status, field):
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert detail["field"] == field and detail["reason"] and detail["message"]


def test_a_kiosk_cannot_read_or_mark_another_kiosks_ticket(centre, clock):
    other = second_kiosk(centre, clock)
    ticket = centre.issue().json()
    url = f"/api/tickets/{ticket['id']}"

    mine = centre.client.get(url, headers=centre.as_("kiosk"))
    assert mine.status_code == 200 and mine.json()["public_id"] == ticket["public_id"]
    stolen = centre.client.get(url, headers=other)
    assert_error_shape(stolen, 404, "ticket_id")
    assert "public_id" not in stolen.text and ticket["public_id"] not in stolen.text
    missing = centre.client.get("/api/tickets/999999", headers=other)
    assert missing.json()["detail"]["message"] == stolen.json()["detail"]["message"]   # no probing

    for action, body in (("printed", None), ("print-failed", {"reason": "paper out"})):
        assert_error_shape(centre.client.post(f"{url}/{action}", json=body, headers=other), 404, "ticket_id")
    assert centre.client.get(url, headers=centre.as_("kiosk")).json()["print_failed"] is False
    marked = centre.client.post(f"{url}/print-failed", json={"reason": "paper out"}, headers=centre.as_("kiosk"))
    assert marked.status_code == 200 and marked.json()["public_id"] == ticket["public_id"]


def test_staff_and_managers_act_on_tickets_without_their_secrets(centre, clock):
    ticket = centre.issue().json()
    accounts.add_user(centre.client.app.state.store, "lanhdao", "mat-khau-lanhdao", "manager", clock)
    manager = centre.client.post("/api/auth/login", json={"username": "lanhdao", "password": "mat-khau-lanhdao"})
    answers = [centre.client.get(f"/api/tickets/{ticket['id']}", headers=centre.as_("staff")),
               centre.client.get(f"/api/tickets/{ticket['id']}",
                                 headers={"Authorization": f"Bearer {manager.json()['token']}"}),
               centre.client.post(f"/api/tickets/{ticket['id']}/print-failed", json={"reason": "kẹt giấy"},
                                  headers=centre.as_("staff")),
               centre.client.get("/api/staff/print-failed", headers=centre.as_("staff")),
               centre.next(1),
               centre.client.post(f"/api/tickets/{ticket['id']}/recall", headers=centre.as_("staff")),
               centre.client.post(f"/api/tickets/{ticket['id']}/finish", headers=centre.as_("staff"))]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert ticket["public_id"] not in answer.text and ticket["client_id"] not in answer.text, answer.request.url
    assert answers[-1].json()["status"] == "done"


def test_a_rating_needs_the_finished_ticket_and_is_given_once(centre, clock):
    other = second_kiosk(centre, clock)
    ticket = centre.issue().json()
    rate = f"/api/public/tickets/{ticket['public_id']}/rating"
    assert_error_shape(centre.client.post(rate, json={"rating": "very_satisfied"}), 409, "public_id")   # waiting
    called = centre.next(1).json()
    assert_error_shape(centre.client.post(rate, json={"rating": "very_satisfied"}), 409, "public_id")   # called
    centre.client.post(f"/api/tickets/{called['id']}/start", headers=centre.as_("staff"))
    assert_error_shape(centre.client.post(rate, json={"rating": "very_satisfied"}), 409, "public_id")   # serving
    centre.client.post(f"/api/tickets/{called['id']}/finish", headers=centre.as_("staff"))

    assert centre.client.post(rate, json={"rating": "dissatisfied"}).status_code == 201
    again = centre.client.post(rate, json={"rating": "very_satisfied"})
    assert_error_shape(again, 409, "ticket_id")
    assert centre.client.get(rate).json()["rating"]["rating"] == "dissatisfied"     # the first one stands
    # the other kiosk never learns the public_id, so it cannot rate in the citizen's name
    assert centre.client.get(f"/api/tickets/{ticket['id']}", headers=other).status_code == 404
