from kiosk.core.policy import Candidate, estimated_wait_minutes, pick_next


def tickets(*kinds):
    return [Candidate(i, kind, (f"08:{i:02d}", i)) for i, kind in enumerate(kinds, start=1)]


def test_fifo_when_nobody_has_priority():
    chosen, streak = pick_next(tickets(None, None, None), 0, 3)
    assert chosen.id == 1 and streak == 0


def test_priority_goes_first_and_counts_the_streak():
    chosen, streak = pick_next(tickets(None, None, "elderly"), 0, 3)
    assert chosen.id == 3 and streak == 1


def test_after_n_priority_calls_one_normal_ticket_is_called():
    chosen, streak = pick_next(tickets(None, "elderly", "child"), 3, 3)
    assert chosen.id == 1 and streak == 0


def test_priority_still_called_when_no_normal_ticket_waits():
    chosen, streak = pick_next(tickets("pregnant", "elderly"), 5, 3)
    assert chosen.id == 1 and streak == 6


def test_sequence_of_calls_follows_the_policy():
    waiting = tickets(None, None, "elderly", "child", "disability", "pregnant")
    order, streak = [], 0
    while waiting:
        chosen, streak = pick_next(waiting, streak, 2)
        order.append(chosen.id)
        waiting = [c for c in waiting if c.id != chosen.id]
    assert order == [3, 4, 1, 5, 6, 2]


def test_nothing_waiting():
    assert pick_next([], 2, 3) == (None, 2)


def test_estimated_wait_uses_recent_service_times_and_open_counters():
    assert estimated_wait_minutes(4, [5, 7], 8, 2) == 12
    assert estimated_wait_minutes(3, [], 8, 1) == 24
    assert estimated_wait_minutes(0, [5], 8, 1) == 0
