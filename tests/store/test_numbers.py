"""Ticket-number queries (kiosk/store/numbers.py): each day's run per service has no gap and
no repeat, whoever takes the numbers."""
from tests.conftest import seeded_store


def test_numbers_are_taken_in_one_run_per_day_and_service(config):
    store = seeded_store(config)
    with store.write():
        taken = [store.take_numbers("2026-12-01", "A", 1001, 1) for _ in range(3)]
        block = store.take_numbers("2026-12-01", "A", 1001, 5)
        other_service = store.take_numbers("2026-12-01", "B", 2001, 1)
        next_day = store.take_numbers("2026-12-02", "A", 1001, 1)
    assert taken == [1001, 1002, 1003] and block == 1004
    assert store.peek_next_number("2026-12-01", "A") == 1009
    assert (other_service, next_day) == (2001, 1001)
    assert store.peek_next_number("2026-12-03", "A") is None
