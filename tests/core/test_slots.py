from datetime import datetime

from kiosk.core import slots


def test_slots_fill_the_opening_hours_with_whole_slots():
    starts = slots.day_slots([("07:30", "11:30"), ("13:30", "17:00")], 15)
    assert starts[:3] == ["07:30", "07:45", "08:00"] and starts[-1] == "16:45"
    assert len(starts) == 16 + 14
    assert slots.day_slots([("08:00", "08:50")], 20) == ["08:00", "08:20"]


def test_capacity_is_counters_times_slot_over_mean_service_times_share():
    starts = ["08:00", "08:15", "08:30", "08:40"]
    # 2 counters, 15 min slots, 6 min per citizen: 5 citizens a slot, 40% bookable = 2
    assert slots.capacities(starts, 2, 6, 15, 0.4) == dict.fromkeys(starts, 2)
    # 1 counter, 8 min each: 0.75 a slot is carried over, so 3 of every 4 slots take one booking
    assert list(slots.capacities(starts, 1, 8, 15, 0.4).values()) == [0, 1, 1, 1]
    assert slots.capacities(starts, 1, 8, 15, 0.0) == dict.fromkeys(starts, 0)


def test_an_override_replaces_the_derived_capacity():
    assert slots.capacities(["08:00"], 5, 1, 15, 0.4, override=3) == {"08:00": 3}


def test_a_window_of_slots_across_midnight_is_one_range_per_day():
    at = datetime.fromisoformat
    assert slots.day_spans(at("2026-11-23T23:55"), at("2026-11-24T00:55")) == [
        ("2026-11-23", "23:55", "23:59"), ("2026-11-24", "00:00", "00:55")]
    assert slots.day_spans(at("2026-11-23T08:00"), at("2026-11-23T09:00")) == [("2026-11-23", "08:00", "09:00")]
