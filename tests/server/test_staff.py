"""Staff console API through the real app: page, counts, acting for one counter, reprint."""
from printers import DummyReceiptPrinter
from printers.printer import PrinterFault


def test_the_console_page_is_served(centre):
    response = centre.client.get("/staff")
    assert response.status_code == 200 and "Gọi số tiếp theo" in response.text
    assert "F1" in response.text and "/static/live.js" in response.text
    assert centre.client.get("/static/live.js").status_code == 200


def test_today_counts_need_a_staff_login(centre):
    centre.issue()
    centre.next(1)
    assert centre.client.get("/api/counters/1/today").status_code == 401
    assert centre.client.get("/api/counters/1/today", headers=centre.as_("kiosk")).status_code == 403
    today = centre.client.get("/api/counters/1/today", headers=centre.as_("staff")).json()
    assert today["called"] == 1 and today["waiting"] == 0
    missing = centre.client.get("/api/counters/42/today", headers=centre.as_("staff"))
    assert missing.status_code == 404 and missing.json()["detail"]["field"] == "counter_id"


def test_acting_on_another_counters_ticket_is_refused_in_vietnamese(centre):
    centre.issue()
    ticket = centre.next(1).json()
    refused = centre.client.post(f"/api/tickets/{ticket['id']}/finish", json={"counter_id": 2},
                                 headers=centre.as_("staff"))
    assert refused.status_code == 409
    assert refused.json()["detail"]["message"] == f"Số {ticket['number']} đang ở Quầy 1."
    ok = centre.client.post(f"/api/tickets/{ticket['id']}/finish", json={"counter_id": 1}, headers=centre.as_("staff"))
    assert ok.json()["status"] == "done"


def test_calling_a_ticket_another_counter_called_names_that_counter(centre):
    centre.issue()
    centre.issue()
    waiting = centre.client.get("/api/queue").json()["services"][0]["waiting"]
    first = waiting[0]["id"]
    assert centre.client.post(f"/api/tickets/{first}/call", json={"counter_id": 2},
                              headers=centre.as_("staff")).status_code == 200
    again = centre.client.post(f"/api/tickets/{first}/call", json={"counter_id": 1}, headers=centre.as_("staff"))
    assert again.status_code == 409
    assert again.json()["detail"]["message"] == "Số 1001 đã được Quầy 2 gọi."


def test_failed_receipt_is_listed_and_reprinted_on_the_servers_printer(centre):
    ticket = centre.issue().json()
    centre.client.post(f"/api/tickets/{ticket['id']}/print-failed", json={"reason": "paper out"},
                       headers=centre.as_("kiosk"))
    listed = centre.client.get("/api/staff/print-failed", headers=centre.as_("staff")).json()
    assert [t["number"] for t in listed] == [ticket["number"]]
    printer = centre.client.app.state.printer = DummyReceiptPrinter()
    response = centre.client.post(f"/api/tickets/{ticket['id']}/reprint", headers=centre.as_("staff"))
    assert response.status_code == 200 and response.json()["print_failed"] is False
    assert len(printer.jobs) == 1 and printer.jobs[0].reprint
    assert centre.client.get("/api/staff/print-failed", headers=centre.as_("staff")).json() == []


def test_a_reprint_the_printer_refuses_says_why_and_keeps_the_ticket_listed(centre):
    ticket = centre.issue().json()
    centre.client.post(f"/api/tickets/{ticket['id']}/print-failed", json={"reason": "paper out"},
                       headers=centre.as_("kiosk"))
    centre.client.app.state.printer = DummyReceiptPrinter(fault=PrinterFault("paper_out", "no paper"))
    response = centre.client.post(f"/api/tickets/{ticket['id']}/reprint", headers=centre.as_("staff"))
    assert response.status_code == 409
    assert response.json()["detail"]["message"] == "Máy in đã hết giấy. Vui lòng báo cán bộ."
    assert len(centre.client.get("/api/staff/print-failed", headers=centre.as_("staff")).json()) == 1
    assert centre.client.post(f"/api/tickets/{ticket['id']}/reprint").status_code == 401


def test_a_counters_waiting_list_is_for_staff(centre):
    for _ in range(12):
        centre.issue()
    assert centre.client.get("/api/counters/1/waiting").status_code == 401
    waiting = centre.client.get("/api/counters/1/waiting", headers=centre.as_("staff")).json()
    assert [t["number"] for t in waiting] == list(range(1001, 1013))     # all of them, not the first 10


def test_no_show_before_a_recall_is_refused_with_a_precise_409(centre):
    centre.issue()
    ticket = centre.next(1).json()
    headers = centre.as_("staff")
    refused = centre.client.post(f"/api/tickets/{ticket['id']}/no-show", json={"counter_id": 1}, headers=headers)
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert set(detail) == {"field", "reason", "message"} and detail["field"] == "recalls"
    assert "recalls_before_no_show" in detail["reason"] and "gọi lại số 1001 ít nhất 1 lần" in detail["message"]
    today = centre.client.get("/api/counters/1/today", headers=headers).json()
    assert today["recalls_before_no_show"] == 1 and today["no_show"] == 0


def test_a_no_show_is_listed_undone_and_requeued_over_http(centre):
    headers = centre.as_("staff")
    first, second = centre.issue().json(), centre.issue().json()
    for ticket in (first, second):
        centre.next(2)
        centre.client.post(f"/api/tickets/{ticket['id']}/recall", json={"counter_id": 2}, headers=headers)
        assert centre.client.post(f"/api/tickets/{ticket['id']}/no-show", json={"counter_id": 2},
                                  headers=headers).json()["status"] == "no_show"
    assert centre.client.get("/api/counters/1/no-shows").status_code == 401
    listed = centre.client.get("/api/counters/1/no-shows", headers=headers).json()
    assert [(t["number"], t["counter_name"]) for t in listed] == [(1002, "Quầy 2"), (1001, "Quầy 2")]

    undone = centre.client.post(f"/api/tickets/{second['id']}/undo-no-show", json={"counter_id": 1}, headers=headers)
    assert (undone.json()["status"], undone.json()["counter"]["name"]) == ("called", "Quầy 1")
    back = centre.client.post(f"/api/tickets/{first['id']}/requeue", json={"counter_id": 1}, headers=headers)
    assert (back.json()["status"], back.json()["people_ahead"]) == ("waiting", 0)
    again = centre.client.post(f"/api/tickets/{first['id']}/requeue", json={"counter_id": 1}, headers=headers)
    assert again.status_code == 409 and again.json()["detail"]["message"] == "Số 1001 đang chờ."
    kiosk = centre.client.post(f"/api/tickets/{first['id']}/requeue", headers=centre.as_("kiosk"))
    assert kiosk.status_code == 403
    today = centre.client.get("/api/counters/2/today", headers=headers).json()
    assert (today["no_show"], today["no_show_undone"]) == (1, 1)
    assert centre.client.get("/api/counters/1/today", headers=headers).json()["requeued"] == 1
    public = centre.client.get(f"/api/public/tickets/{first['public_id']}").json()
    assert public["status"] == "waiting" and public["day_over"] is False


def test_the_public_ticket_says_when_its_day_is_over(centre, clock):
    ticket = centre.issue().json()
    assert centre.client.get(f"/api/public/tickets/{ticket['public_id']}").json()["day_over"] is False
    clock.advance(days=1)
    assert centre.client.get(f"/api/public/tickets/{ticket['public_id']}").json()["day_over"] is True
