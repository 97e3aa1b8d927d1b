"""Fairness over a simulated day: 400 visitors, 30% of them booked (kiosk/core/demo_bookings.py)."""
from datetime import date

import pytest

from kiosk.core.demo_bookings import simulate_booked_day
from tests.conftest import seeded_store  # noqa: F401  (the fixtures' module)


@pytest.fixture(scope="module")
def day():
    from kiosk.config import load_config
    from kiosk.core.centre import seed_centre
    from kiosk.store import open_store
    config = load_config()
    store = open_store(None)
    seed_centre(store, config)
    result, split = simulate_booked_day(store, config, date(2026, 11, 23), 400, 0.3, seed=1)
    yield store, config, result, split
    store.close()


def calls_with_the_queue_at_that_moment(store):
    """Replay the event log: for each call, (counter, called ticket, tickets then waiting)."""
    state, calls = {}, []
    for event in store.events_between("2026-11-23", "2026-11-24"):
        if not event["type"].startswith("ticket.") or event["ticket_id"] is None:
            continue
        data = event["data"] if isinstance(event["data"], dict) else __import__("json").loads(event["data"])
        if event["type"] == "ticket.called":
            waiting = {t: s for t, s in state.items() if s["status"] == "waiting"}
            calls.append((event["counter_id"], event["ticket_id"], waiting))
        state[event["ticket_id"]] = data
    return calls


def test_no_more_than_the_share_of_consecutive_calls_go_to_appointments_while_walk_ins_wait(day):
    store, config, _, _ = day
    booked = {t["id"] for t in store.tickets_between("2026-11-23", "2026-11-23") if t["appointment"]}
    counters = {c["id"]: c["services"] for c in store.counters()}
    window, allowed = config.appointments.fairness_window, int(config.appointments.fairness_window
                                                             * config.appointments.fairness_max_share)
    history: dict[int, list[bool]] = {}
    checked = 0
    for counter, ticket, waiting in calls_with_the_queue_at_that_moment(store):
        recent = history.setdefault(counter, [])
        walk_ins_waiting = [t for t, s in waiting.items() if s["service_id"] in counters[counter]
                            and not s["priority"] and t not in booked]
        if ticket in booked and walk_ins_waiting:
            assert sum(recent[-(window - 1):]) + 1 <= allowed, (counter, ticket, recent[-window:])
            checked += 1
        recent.append(ticket in booked)
    assert checked > 30          # the rule was really in play


def test_elderly_and_disabled_priority_still_comes_before_appointments(day):
    store, config, _, _ = day
    booked = {t["id"] for t in store.tickets_between("2026-11-23", "2026-11-23") if t["appointment"]}
    counters = {c["id"]: c["services"] for c in store.counters()}
    streak: dict[int, int] = {}
    priority_before_a_waiting_appointment = 0
    for counter, ticket, waiting in calls_with_the_queue_at_that_moment(store):
        mine = {t: s for t, s in waiting.items() if s["service_id"] in counters[counter]}
        priority_waiting = [t for t, s in mine.items() if s["priority"]]
        called_priority = bool(waiting.get(ticket, {}).get("priority"))
        if called_priority and any(t in booked and not s["priority"] for t, s in mine.items()):
            priority_before_a_waiting_appointment += 1
        if ticket in booked and not called_priority and priority_waiting:   # only after a priority streak
            assert streak.get(counter, 0) >= config.policy.priority_max_consecutive
        streak[counter] = streak.get(counter, 0) + 1 if called_priority else 0
    assert priority_before_a_waiting_appointment > 0


def test_the_day_reports_walk_in_waits_and_appointment_punctuality(day):
    _, _, result, split = day
    bookings = split["bookings"]
    assert bookings["booked"] >= 100 and bookings["checked_in"] + bookings["missed"] == bookings["booked"]
    assert 0.8 <= bookings["punctuality"] <= 0.95      # 85% were drawn on time, 9% late
    assert split["appointments"]["p90_wait_minutes"] < split["walk_ins"]["p90_wait_minutes"]
    assert split["appointments"]["tickets"] == bookings["on_time"]
    assert split["walk_ins"]["tickets"] + split["appointments"]["tickets"] == result.issued
