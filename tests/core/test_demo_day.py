"""The simulated day: deterministic, realistic in shape, and built from real queue events."""
from datetime import date

import pytest

from kiosk.core.centre import seed_centre
from kiosk.core.demo_day import simulate_day
from kiosk.core.errors import QueueError
from kiosk.core.reports import day_period, report_for
from kiosk.store import open_store

DAY = date(2026, 11, 23)


def simulated(config, visitors=150, seed=3):
    store = open_store(None)
    seed_centre(store, config)
    result = simulate_day(store, config, DAY, visitors, seed)
    return store, result


def test_same_seed_same_day(config):
    first, result_a = simulated(config)
    second, result_b = simulated(config)
    assert result_a == result_b
    strip = lambda rows: [(e["type"], e["at"], e["ticket_id"], e["counter_id"], e["actor"]) for e in rows]
    assert strip(first.events_after(0, 100000)) == strip(second.events_after(0, 100000))
    other, result_c = simulated(config, seed=4)
    assert strip(other.events_after(0, 100000)) != strip(first.events_after(0, 100000))


def test_the_day_has_the_shape_of_a_ward_centre(config):
    store, result = simulated(config, visitors=200)
    report = report_for(store, day_period(DAY))
    totals = report["totals"]
    assert totals["issued"] == result.issued == 200
    # Everyone who came is dealt with by the end of the day.
    assert totals["served"] + totals["no_show"] == 200 and not store.active_tickets()
    assert 0 < totals["no_show"] < 20 and 0 < totals["offline_issued"] < 40 and totals["transferred"] > 0
    assert report["peak_hour"]["hour"] in (8, 9)
    hours = {h["hour"]: h["issued"] for h in report["by_hour"]}
    assert hours.get(12, 0) == 0 and hours[9] > hours[7] and hours[14] > hours[16]
    assert 0.4 < report["satisfaction"]["count"] / totals["served"] < 0.8
    ct = next(s for s in report["by_service"] if s["id"] == "CT")
    kd = next(s for s in report["by_service"] if s["id"] == "KD")
    assert ct["service_time"]["mean"] < kd["service_time"]["mean"]
    # Offline tickets keep their issue time: issued before their upload.
    offline = [t for t in store.tickets_between("2026-11-23", "2026-11-23") if t["offline"]]
    assert offline and all(t["issued_at"] < "2026-11-23T10:10" for t in offline)


def test_refuses_a_day_that_has_tickets(config):
    store, _ = simulated(config, visitors=20)
    with pytest.raises(QueueError):
        simulate_day(store, config, DAY, 20, 1)


def test_days_simulated_out_of_order_are_alike(config):
    """A later day already in the database does not change an earlier day's simulation."""
    alone, _ = simulated(config, visitors=80)
    store = open_store(None)
    seed_centre(store, config)
    simulate_day(store, config, date(2026, 11, 27), 80, 3)
    simulate_day(store, config, DAY, 80, 3)
    first = report_for(alone, day_period(DAY))
    second = report_for(store, day_period(DAY))
    assert first["satisfaction"] == second["satisfaction"] and first["totals"] == second["totals"]
