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
