import uuid

import pytest

from kiosk.core.appointments import ALREADY, LATE, Appointments
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue

BIRTH = "1.001193"          # Đăng ký khai sinh, service HT (counters 1 and 2)


@pytest.fixture
def booking(store, queue, config):
    return Appointments(store, queue, config)


def walk_in(queue, code=BIRTH):
    return queue.issue(code, None, str(uuid.uuid4()))


def test_a_booking_gets_a_code_and_takes_a_place_in_its_slot(booking):
    before = {s["slot"]: s for s in booking.slots(BIRTH, "2026-11-23")}
    made = booking.book(BIRTH, "2026-11-23", "09:00")
    assert len(made["code"]) == 6 and made["status"] == "booked"
    assert made["service"]["id"] == "HT" and made["url"].endswith("/dat-lich/" + made["code"])
    after = {s["slot"]: s for s in booking.slots(BIRTH, "2026-11-23")}
    assert after["09:00"]["free"] == before["09:00"]["free"] - 1
    assert "07:45" not in after            # past slots are not offered (the clock says 08:00)


def test_capacity_is_derived_from_counters_and_pace_and_only_a_share_is_bookable(booking):
    # 2 counters, 8 minutes per citizen, 15-minute slots: 3.75 citizens, 40%: 1.5 a slot
    capacity = [s["capacity"] for s in booking.slots(BIRTH, "2026-11-24")]
    assert capacity[:4] == [1, 2, 1, 2]


def test_a_full_slot_a_closed_day_and_a_past_slot_are_refused(booking):
    booking.book(BIRTH, "2026-11-23", "09:15")      # 09:15 is the 8th slot of the day: capacity 2
    booking.book(BIRTH, "2026-11-23", "09:15")
    with pytest.raises(QueueError) as full:
        booking.book(BIRTH, "2026-11-23", "09:15")
    assert full.value.kind == "conflict" and "hết chỗ" in full.value.message
    for day, slot in (("2026-11-28", "09:00"), ("2026-12-30", "09:00"), ("2026-11-22", "09:00")):
        with pytest.raises(QueueError) as closed:
            booking.book(BIRTH, day, slot)
        assert closed.value.field == "day"
    with pytest.raises(QueueError) as past:
        booking.book(BIRTH, "2026-11-23", "07:30")
    assert past.value.field == "slot"


def test_one_phone_number_may_hold_only_so_many_bookings_a_day(booking, config):
    for slot in ("09:00", "09:15"):
        booking.book(BIRTH, "2026-11-24", slot, phone="0912 345 678")
    with pytest.raises(QueueError) as limited:
        booking.book(BIRTH, "2026-11-24", "09:30", phone="+84912345678")
    assert limited.value.field == "phone" and config.appointments.per_phone_per_day == 2
    with pytest.raises(QueueError) as bad:
        booking.book(BIRTH, "2026-11-24", "09:30", phone="12345")
    assert bad.value.field == "phone"


def test_checking_in_on_time_gives_an_appointment_ticket_called_before_walk_ins(booking, queue, clock):
    made = booking.book(BIRTH, "2026-11-23", "08:30")
    walk_ins = [walk_in(queue) for _ in range(3)]
    clock.set("2026-11-23T08:20:00")                 # 10 minutes early: within the 15
    checked = booking.check_in(made["code"].lower(), device="kiosk-1")
    assert checked["outcome"] == "on_time" and checked["ticket"]["appointment"] is True
    assert queue.call_next(1)["id"] == checked["ticket"]["id"]
    assert queue.call_next(1)["id"] == walk_ins[0]["id"]


def test_a_second_check_in_shows_the_same_ticket(booking, store, clock):
    made = booking.book(BIRTH, "2026-11-23", "08:30")
    clock.set("2026-11-23T08:31:00")
    first = booking.check_in(made["code"])
    again = booking.check_in(made["code"])
    assert again["outcome"] == "already" and again["message"] == ALREADY
    assert again["ticket"]["id"] == first["ticket"]["id"]
    assert store.count("tickets") == 1


def test_arriving_late_gives_an_ordinary_ticket_and_a_calm_message(booking, clock):
    made = booking.book(BIRTH, "2026-11-23", "08:30")
    clock.set("2026-11-23T08:41:00")                 # 11 minutes late
    late = booking.check_in(made["code"])
    assert late["outcome"] == "late" and late["message"] == LATE
    assert late["ticket"]["appointment"] is False and late["appointment"]["arrival"] == "late"


@pytest.mark.parametrize("when, words", [("2026-11-23T08:00:00", "đến sớm"),
                                         ("2026-11-22T09:00:00", "không phải hôm nay"),
                                         ("2026-11-25T09:00:00", "đã qua")])
def test_early_wrong_day_and_past_day_codes_get_clear_messages(booking, clock, when, words):
    made = booking.book(BIRTH, "2026-11-24", "08:30") if "22" not in when else None
    if made is None:
        clock.set("2026-11-21T09:00:00")
        made = booking.book(BIRTH, "2026-11-24", "08:30")
    clock.set(when.replace("2026-11-23T08:00", "2026-11-24T08:00"))
    with pytest.raises(QueueError) as refused:
        booking.check_in(made["code"])
    assert refused.value.kind == "conflict" and words in refused.value.message


def test_cancelled_and_unknown_codes_get_clear_messages(booking):
    made = booking.book(BIRTH, "2026-11-23", "09:00", phone="0912345678")
    assert booking.cancel(made["code"])["status"] == "cancelled"
    with pytest.raises(QueueError) as cancelled:
        booking.check_in(made["code"])
    assert "đã được hủy" in cancelled.value.message
    for code in ("ZZZZZZ", "0OI1", ""):
        with pytest.raises(QueueError) as unknown:
            booking.check_in(code)
        assert unknown.value.kind == "not_found" and "Không tìm thấy lịch hẹn" in unknown.value.message


def test_missed_bookings_release_their_place_and_phones_go_at_the_end_of_the_day(booking, store, clock):
    made = booking.book(BIRTH, "2026-11-23", "08:30", phone="0912345678")
    clock.set("2026-11-23T08:39:00")
    booking.release_missed()
    assert store.appointment_by_code(made["code"])["status"] == "booked"
    clock.set("2026-11-23T08:41:00")
    booking.release_missed()
    row = store.appointment_by_code(made["code"])
    assert row["status"] == "missed" and row["phone"] == "0912345678"
    clock.set("2026-11-24T07:00:00")
    booking.release_missed()
    assert store.appointment_by_code(made["code"])["phone"] is None


def test_staff_see_the_appointments_expected_in_the_next_hour(booking, clock):
    soon = booking.book(BIRTH, "2026-11-23", "08:45", source="staff", booked_by="lan")
    booking.book(BIRTH, "2026-11-23", "09:30")
    expected = booking.expected(60)
    assert [a["code"] for a in expected] == [soon["code"]]
    assert expected[0]["source"] == "staff" and expected[0]["booked_by"] == "lan"


def test_around_midnight_the_next_hour_spans_both_days_and_no_booking_is_released_early(store, config, clock):
    """A centre open late: "HH:MM" of 10 minutes ago is 23:55 at 00:05, which must not read as
    a time of the new day (its bookings were marked missed, left out of the next hour and of
    the walk-ins' estimates)."""
    late_night = config.appointments.model_copy(update={"hours": [("00:00", "23:59")], "weekdays": [1, 2, 3, 4, 5, 6, 7]})
    config = config.model_copy(update={"appointments": late_night})
    clock.set("2026-11-23T23:20:00")
    queue = Queue(store, config, clock)
    booking = Appointments(store, queue, config)
    before = booking.book(BIRTH, "2026-11-23", "23:30")["code"]
    after = booking.book(BIRTH, "2026-11-24", "00:15")["code"]
    clock.set("2026-11-23T23:35:00")
    assert [a["code"] for a in booking.expected(60)] == [before, after]
    clock.set("2026-11-24T00:05:00")
    booking.release_missed()
    assert store.appointment_by_code(after)["status"] == "booked"
    assert store.appointment_by_code(before)["status"] == "missed"      # its window closed at 23:40
    assert [a["code"] for a in booking.expected(60)] == [after]
    tickets = [walk_in(queue) for _ in range(8)]      # the last one's turn is near 00:33
    assert queue.ticket(tickets[-1]["id"])["people_ahead"] == 8      # 7 walk-ins and the 00:15 booking


def test_a_walk_in_estimate_counts_the_bookings_expected_before_their_turn(booking, queue, store):
    tickets = [walk_in(queue) for _ in range(8)]     # 7 ahead, 4 minutes a call: the turn is near 08:28
    assert queue.ticket(tickets[-1]["id"])["people_ahead"] == 7
    booking.book(BIRTH, "2026-11-23", "10:00")       # after the turn: no change
    assert queue.ticket(tickets[-1]["id"])["people_ahead"] == 7
    booking.book(BIRTH, "2026-11-23", "08:15")
    assert queue.ticket(tickets[-1]["id"])["people_ahead"] == 8
    assert queue.ticket(tickets[0]["id"])["people_ahead"] == 0     # 08:15 is after the first one's turn


def test_an_appointment_ticket_is_told_only_the_priority_and_earlier_appointments_ahead(booking, queue, clock):
    first, second = (booking.book(BIRTH, "2026-11-23", "08:15")["code"], booking.book(BIRTH, "2026-11-23", "08:15")["code"])
    for _ in range(3):
        walk_in(queue)
    queue.issue(BIRTH, "elderly", str(uuid.uuid4()))
    clock.set("2026-11-23T08:10:00")
    booking.check_in(first)
    checked = booking.check_in(second)["ticket"]
    assert checked["people_ahead"] == 2             # the elderly ticket and the first appointment
