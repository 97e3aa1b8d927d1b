"""What front ends see (kiosk/core/ticket_views.py): people ahead, the estimate, the overview."""
from tests.core.test_queue import issue


def test_people_ahead_follows_the_priority_policy(queue, clock):
    first, second = issue(queue), issue(queue)
    clock.advance(minutes=1)
    elderly = issue(queue, priority="elderly")
    later = issue(queue)
    assert [queue.ticket(t["id"])["people_ahead"] for t in (first, second, elderly, later)] == [1, 2, 0, 3]


def test_people_ahead_and_estimate_from_recent_service_times(queue, clock):
    for _ in range(3):
        issue(queue)
    queue.call_next(1)
    clock.advance(minutes=10)
    queue.call_next(1)                                  # first ticket took 10 minutes
    last = issue(queue)
    assert last["people_ahead"] == 1
    assert last["estimated_wait_minutes"] == 5          # 1 ahead * 10 min / 2 counters serving HT


def test_overview_lists_waiting_per_service_and_current_per_counter(queue):
    issue(queue), issue(queue, priority="child"), issue(queue, "2.000815")
    queue.call_next(3)
    overview = queue.overview()
    ht = next(s for s in overview["services"] if s["id"] == "HT")
    assert ht["waiting_count"] == 2 and ht["waiting"][0]["priority"] == "child"
    counter3 = next(c for c in overview["counters"] if c["id"] == 3)
    assert counter3["current"]["number"] == 2001
