"""The appointments API (docs/CONTRACTS.md "Appointments") on the app with a fake clock at 08:00."""
import pytest

BIRTH = "1.001193"


def book(centre, slot="08:30", day="2026-11-23", **extra):
    return centre.client.post("/api/public/appointments",
                              json={"procedure_code": BIRTH, "day": day, "slot": slot, **extra})


def check_in(centre, code):
    return centre.client.post("/api/appointments/check-in", json={"code": code}, headers=centre.as_("kiosk"))


def test_a_citizen_books_without_an_account_and_gets_code_qr_and_documents(centre):
    options = centre.client.get("/api/public/appointments/options").json()
    assert "2026-11-23" in options["days"] and "2026-11-28" not in options["days"]   # a Saturday
    assert any(p["code"] == BIRTH for p in options["procedures"])
    made = book(centre, phone="0912345678")
    assert made.status_code == 201, made.text
    booking = made.json()
    assert len(booking["code"]) == 6 and booking["documents"][0]["name"] == "Tờ khai đăng ký khai sinh"
    assert "phone" not in booking
    svg = centre.client.get(booking["qr_url"])
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg") and b"<svg" in svg.content
    assert centre.client.get(f"/api/public/appointments/{booking['code']}").json()["slot"] == "08:30"
    page = centre.client.get("/dat-lich/" + booking["code"])
    assert page.status_code == 200 and "Đặt lịch hẹn" in page.text


def test_bad_bookings_get_the_error_shape(centre):
    for body, field in (({"day": "2026-11-28"}, "day"), ({"slot": "07:30"}, "slot"), ({"phone": "123"}, "phone")):
        refused = book(centre, **body) if "day" not in body else book(centre, day=body["day"])
        detail = refused.json()["detail"]
        assert refused.status_code == 422 and detail["field"] == field and detail["message"] and detail["reason"]
    unknown = centre.client.get("/api/public/appointments/ZZZZZZ")
    assert unknown.status_code == 404 and "Không tìm thấy lịch hẹn" in unknown.json()["detail"]["message"]


def test_check_in_once_then_the_same_ticket_and_called_before_walk_ins(centre, clock):
    code = book(centre).json()["code"]
    walk_in = centre.issue().json()
    clock.set("2026-11-23T08:25:00")
    first = check_in(centre, f"http://127.0.0.1:8000/dat-lich/{code}")      # the QR text, as a scanner types it
    assert first.status_code == 201 and first.json()["outcome"] == "on_time"
    ticket = first.json()["ticket"]
    assert ticket["appointment"] is True
    again = check_in(centre, code.lower())
    assert again.status_code == 200 and again.json()["ticket"]["id"] == ticket["id"]
    assert centre.next(1).json()["id"] == ticket["id"]
    assert centre.next(1).json()["id"] == walk_in["id"]


def test_cancelled_and_wrong_day_codes_are_refused_with_a_message(centre):
    code = book(centre).json()["code"]
    assert centre.client.post(f"/api/public/appointments/{code}/cancel").json()["status"] == "cancelled"
    refused = check_in(centre, code)
    assert refused.status_code == 409 and "đã được hủy" in refused.json()["detail"]["message"]
    tomorrow = book(centre, day="2026-11-24").json()["code"]
    refused = check_in(centre, tomorrow)
    assert refused.status_code == 409 and "không phải hôm nay" in refused.json()["detail"]["message"]


def test_staff_book_for_a_caller_and_see_the_next_hour(centre):
    anonymous = centre.client.post("/api/appointments", json={"procedure_code": BIRTH, "day": "2026-11-23",
                                                              "slot": "08:45"})
    assert anonymous.status_code == 401
    made = centre.client.post("/api/appointments", json={"procedure_code": BIRTH, "day": "2026-11-23", "slot": "08:45",
                                                          "phone": "0987654321"}, headers=centre.as_("staff"))
    assert made.status_code == 201 and made.json()["source"] == "staff"
    expected = centre.client.get("/api/appointments/expected", headers=centre.as_("staff")).json()
    assert [(a["code"], a["phone"], a["booked_by"]) for a in expected] == [(made.json()["code"], "0987654321", "lan")]
    assert centre.client.post("/api/appointments/check-in", json={"code": made.json()["code"]}).status_code == 401


def test_the_report_splits_appointments_from_walk_ins(centre, clock):
    on_time, missed = book(centre).json()["code"], book(centre, "08:45").json()["code"]
    centre.issue()
    clock.set("2026-11-23T08:30:00")
    check_in(centre, on_time)
    centre.next(1), centre.next(2)
    clock.set("2026-11-23T09:00:00")
    report = centre.client.get("/api/appointments/report?from=2026-11-23&to=2026-11-23",
                               headers=centre.as_("staff")).json()
    assert report["appointments"]["tickets"] == 1 and report["walk_ins"]["tickets"] == 1
    assert report["walk_ins"]["mean_wait_minutes"] == 30.0 and report["appointments"]["mean_wait_minutes"] == 0.0
    bookings = report["bookings"]
    assert (bookings["booked"], bookings["on_time"], bookings["missed"]) == (2, 1, 1) and missed
    assert bookings["no_show_rate"] == 0.5 and bookings["punctuality"] == 1.0


def test_one_address_may_book_only_so_many_a_day(centre, config):
    allowed = config.appointments.per_address_per_day
    slots = [s["slot"] for s in centre.client.get(f"/api/public/appointments/slots?procedure_code={BIRTH}"
                                                  "&day=2026-11-24").json() if s["free"]]
    answers = [book(centre, slot, day="2026-11-24").status_code for slot in slots[:allowed + 1]]
    assert answers == [201] * allowed + [429]
    refused = book(centre, slots[allowed + 1], day="2026-11-24")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "quá nhiều lịch hẹn" in refused.json()["detail"]["message"]
