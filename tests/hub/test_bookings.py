"""Booking a centre's slot on the hub: the booking travels down by version and checks in at
the centre's kiosk by its code; a slot the centre filled meanwhile keeps the hub's booking and
shows the clash to the centre's admin. On the session's city (tests/hub/city.py)."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import psycopg
import pytest
import requests
from psycopg.rows import dict_row

from kiosk.core.errors import QueueError
from kiosk.hub import bookings
from tests.hub.city import wait_for

pytestmark = pytest.mark.slow
BIRTH, COPY = "1.001193", "2.000815"        # Hộ tịch (HT), Chứng thực (CT): one place per slot (city.py)


def tomorrow_schedule(bookings_version: int = 0, booked: int = 0) -> tuple[str, dict]:
    day = (datetime.now(bookings.ZONE) + timedelta(days=1)).date().isoformat()
    return day, {"bookings_version": bookings_version, "days": [day], "services": [
        {"id": "HT", "name": "Hộ tịch", "procedures": [{"code": BIRTH, "name": "Đăng ký khai sinh"}],
         "slots": {day: [{"slot": "09:00", "capacity": 2, "booked": booked}]}}]}


def test_the_hub_counts_the_centres_bookings_and_its_own_not_yet_counted_ones(hub_conn):
    centre = hub_conn.execute("INSERT INTO centres (code, name, token_hash) VALUES ('P09', 'Phường 9', 'x') "
                              "RETURNING id").fetchone()["id"]
    hub_conn.commit()
    day, published = tomorrow_schedule(booked=1)
    bookings.publish(hub_conn, centre, published)
    first = bookings.book(hub_conn, "P09", BIRTH, day, "09:00")               # 2 places, 1 taken at the centre
    with pytest.raises(QueueError) as full:
        bookings.book(hub_conn, "P09", BIRTH, day, "09:00")
    assert full.value.kind == "conflict" and full.value.field == "slot"
    sent = bookings.changes_since(hub_conn, centre, 0)
    assert [b["code"] for b in sent["bookings"]] == [first["code"]]
    # The centre applied it and counted it: its new schedule says 2 booked, as of that version.
    bookings.publish(hub_conn, centre, tomorrow_schedule(sent["version"], booked=2)[1])
    assert bookings.options(hub_conn, "P09")["services"][0]["slots"][day] == [{"slot": "09:00", "free": 0}]
    bookings.publish(hub_conn, centre, tomorrow_schedule(sent["version"], booked=1)[1])   # a local cancel
    assert bookings.options(hub_conn, "P09")["services"][0]["slots"][day] == [{"slot": "09:00", "free": 1}]


def test_two_hub_processes_never_both_give_away_the_last_place(hub_conn, hub_dsn):
    centre = hub_conn.execute("INSERT INTO centres (code, name, token_hash) VALUES ('P08', 'Phường 8', 'y') "
                              "RETURNING id").fetchone()["id"]
    hub_conn.commit()
    day, published = tomorrow_schedule(booked=1)
    bookings.publish(hub_conn, centre, published)
    outcomes, start = [], threading.Barrier(4)

    def book():
        with psycopg.connect(hub_dsn, row_factory=dict_row) as conn:
            start.wait()
            try:
                outcomes.append(bookings.book(conn, "P08", BIRTH, day, "09:00")["code"])
            except QueueError as error:
                outcomes.append(error.kind)
    threads = [threading.Thread(target=book) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 4 and outcomes.count("conflict") == 3        # one place left: one booking
    assert hub_conn.execute("SELECT count(*) AS n FROM bookings WHERE centre_id = %s", [centre]).fetchone()["n"] == 1


def hub_slots(hub_url: str, centre: str, procedure: str) -> tuple[str, list[dict]]:
    """(today, its future slots) of `procedure`'s service as the hub offers them, once published."""
    def published():
        answer = requests.get(f"{hub_url}/api/public/booking/centres/{centre}", timeout=5)
        return answer.json() if answer.status_code == 200 and answer.json()["days"] else None
    options = wait_for(published, timeout=30)
    service = next(s for s in options["services"] if any(p["code"] == procedure for p in s["procedures"]))
    day = options["days"][0]
    if not service["slots"][day]:
        pytest.skip("no slot left today at the test centres (their day ends at 23:55)")
    return day, service["slots"][day]


def hub_book(hub_url: str, centre: str, procedure: str, day: str, slot: str) -> requests.Response:
    return requests.post(f"{hub_url}/api/public/bookings", timeout=10,
                         json={"centre": centre, "procedure_code": procedure, "day": day, "slot": slot})


def test_a_booking_made_on_the_hub_checks_in_at_the_centres_kiosk_by_its_code(city):
    hub_url, p01 = city["hubs"][0].url, city["centres"][0]
    day, slots = hub_slots(hub_url, "P01", BIRTH)
    first = slots[0]
    assert first["free"] == 1
    made = hub_book(hub_url, "P01", BIRTH, day, first["slot"])
    assert made.status_code == 201, made.text
    code = made.json()["code"]
    assert hub_book(hub_url, "P01", BIRTH, day, first["slot"]).status_code == 409       # its one place is taken

    def checked_in():
        answer = requests.post(f"{p01.server.url}/api/appointments/check-in", json={"code": code},
                               headers=p01.kiosk, timeout=10)
        return answer if answer.status_code != 404 else None
    answer = wait_for(checked_in, timeout=30)
    assert answer.status_code == 201, answer.text
    assert answer.json()["outcome"] == "on_time" and answer.json()["ticket"]["appointment"] is True
    assert answer.json()["appointment"]["source"] == "hub"


def test_the_hub_asks_no_more_than_a_centres_booking_page(city):
    refused = requests.post(f"{city['hubs'][0].url}/api/public/bookings", timeout=10,
                            json={"centre": "P01", "procedure_code": BIRTH, "day": "2026-12-01", "slot": "09:00",
                                  "name": "Nguyễn Văn A"})
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "name"
    with city["conn"].cursor() as cur:
        cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'bookings'")
        columns = {row["column_name"] for row in cur.fetchall()}
    assert not columns & {"phone", "name", "email", "address", "ip"}


def test_a_hub_booking_into_a_slot_the_centre_filled_meanwhile_is_kept_and_shown_to_its_admin(city):
    (_, _, p03), (other, own_hub) = city["centres"], city["hubs"]     # P03 talks to the second hub
    day, slots = hub_slots(other.url, "P03", COPY)
    slot = slots[-1]["slot"]
    own_hub.kill()                      # P03 is cut off: the hub's schedule of P03 goes stale
    local = requests.post(f"{p03.server.url}/api/public/appointments", timeout=10,
                          json={"procedure_code": COPY, "day": day, "slot": slot})
    assert local.status_code == 201, local.text                # the slot's one place, taken at the centre
    made = hub_book(other.url, "P03", COPY, day, slot)
    assert made.status_code == 201, made.text                  # the hub did not know yet
    own_hub.start()

    def clashes():
        state = requests.get(f"{p03.server.url}/api/admin/hub", headers=p03.admin, timeout=5).json()
        return [c for c in state["conflicts"] if c["field"] == "booking_slot_full"]
    conflict = wait_for(clashes, timeout=60)[0]
    assert conflict["code"] == made.json()["code"] and conflict["local"] == {"capacity": 1, "booked": 1}
    for code in (local.json()["code"], made.json()["code"]):       # nothing lost: both bookings hold
        found = requests.get(f"{p03.server.url}/api/public/appointments/{code}", timeout=5).json()
        assert (found["status"], found["slot"]) == ("booked", slot)
    url = f"{p03.server.url}/api/admin/hub/conflicts/{conflict['id']}"
    dropped = requests.post(url, json={"keep": "local"}, headers=p03.admin, timeout=10)
    assert dropped.status_code == 422 and "không bị hủy" in dropped.json()["detail"]["message"]
    assert requests.post(url, json={"keep": "hub"}, headers=p03.admin, timeout=10).status_code == 200
    assert clashes() == []


@pytest.mark.browser
def test_on_a_phone_a_citizen_books_a_centre_on_the_hubs_page_and_checks_in_there(city, screens):
    from tests.support import Browser
    hub_url, p02 = city["hubs"][0].url, city["centres"][1]
    hub_slots(hub_url, "P02", BIRTH)               # P02's schedule has reached the hub
    with Browser() as browser:
        page = browser.new_page(390, 844)
        page.goto(f"{hub_url}/dat-lich")
        page.wait_for_selector("#centre option[value=P02]", state="attached")
        page.select_option("#centre", "P02")
        page.wait_for_function("[...document.querySelectorAll('#procedure option')].some(o => o.value === '1.001193')")
        page.select_option("#procedure", BIRTH)
        page.wait_for_function("document.querySelectorAll('#slot option').length > 0")
        page.screenshot(path=str(screens / "hub-booking-phone.png"), full_page=True)
        page.click("#book")
        page.wait_for_selector("#done:not([hidden])")
        code = page.inner_text("#code").replace(" ", "")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390        # no sideways scrolling
        page.screenshot(path=str(screens / "hub-booking-done-phone.png"), full_page=True)

    def checked_in():
        answer = requests.post(f"{p02.server.url}/api/appointments/check-in", json={"code": code},
                               headers=p02.kiosk, timeout=10)
        return answer if answer.status_code != 404 else None
    assert wait_for(checked_in, timeout=30).status_code == 201
