"""The report in parts: days folded apart and merged give the report of all their events at
once, which is what lets the province hub keep one partial per centre and day."""
import json

from kiosk.core.report_fold import finish, fold, merge
from kiosk.core.reports import compute, custom_period
from tests.core.test_reports import COUNTERS, SERVICES, hand_built_day


def next_day(events: list[dict]) -> list[dict]:
    """The same day's events a day later, with ticket and event ids of their own."""
    return [{**e, "id": e["id"] + 100, "ticket_id": e["ticket_id"] + 100,
             "at": e["at"].replace("2026-11-23", "2026-11-24"), "data": {**e["data"], "day": "2026-11-24"}}
            for e in events]


def test_two_days_folded_apart_and_merged_make_the_report_of_both_together():
    first, issued_at = hand_built_day()
    second = next_day(first)
    issued_at = {**issued_at, **{ticket + 100: at.replace("2026-11-23", "2026-11-24") for ticket, at in issued_at.items()}}
    period = custom_period("2026-11-23", "2026-11-24")
    together = compute(first + second, period, SERVICES, COUNTERS, issued_at, centre="P01")
    stored = [json.loads(json.dumps(fold(day, issued_at))) for day in (first, second)]   # as the hub keeps them
    apart = finish(merge(stored), period, services=SERVICES, counters=COUNTERS, centre="P01")
    assert apart == together
    assert together["totals"]["issued"] == 12 and together["by_counter"][0]["id"] == 1
