from kiosk.core.fairness import Candidate, Rule, appointment_may_go, appointments_ahead, pick_next

RULE = Rule(window=4, max_share=0.5)


def walk_in(n, priority=None):
    return Candidate(n, priority, (f"08:{n:02d}", n), False)


def booked(n, priority=None):
    return Candidate(n, priority, (f"08:{n:02d}", n), True)


def test_an_on_time_appointment_goes_before_older_walk_ins():
    chosen, _ = pick_next([walk_in(1), walk_in(2), booked(9)], 0, 3, [], RULE)
    assert chosen.id == 9


def test_no_more_than_the_share_of_consecutive_calls_go_to_appointments():
    assert appointment_may_go([True, False, False], RULE)
    assert not appointment_may_go([True, True, False], RULE)
    assert not appointment_may_go([False, True, True], RULE)
    chosen, _ = pick_next([walk_in(1), booked(9)], 0, 3, [False, True, True], RULE)
    assert chosen.id == 1


def test_a_whole_day_of_calls_keeps_the_share():
    waiting = [walk_in(n) for n in range(1, 40)] + [booked(n) for n in range(40, 80)]
    calls = []
    for _ in range(40):
        chosen, _ = pick_next(waiting, 0, 3, calls[::-1], RULE)
        waiting.remove(chosen)
        calls.append(chosen.appointment)
    for start in range(len(calls) - 3):
        assert sum(calls[start:start + 4]) <= 2


def test_elderly_and_disabled_priority_still_comes_first():
    chosen, streak = pick_next([walk_in(1), booked(9), walk_in(5, "elderly")], 0, 3, [], RULE)
    assert chosen.id == 5 and streak == 1


def test_a_counter_is_never_left_idle_by_the_rule():
    chosen, _ = pick_next([booked(9)], 0, 3, [True, True, True], RULE)
    assert chosen.id == 9
    assert pick_next([], 0, 3, [], RULE)[0] is None


def test_walk_ins_are_told_about_the_appointments_expected_before_them():
    assert appointments_ahead(walk_ins_ahead=5, appointments_expected=2, rule=RULE) == 2
    # at most one appointment per walk-in call with a share of 1/2
    assert appointments_ahead(walk_ins_ahead=2, appointments_expected=10, rule=RULE) == 3
    assert appointments_ahead(3, 10, Rule(4, 0.25)) == 2
    assert appointments_ahead(3, 10, Rule(4, 0.0)) == 0
