"""The staff console's core: today's counts per counter, failed receipts, reprint rules."""
import uuid

import pytest

from kiosk.core import console
from kiosk.core.errors import QueueError
from printers import PrintOutcome


def issue(queue, code="1.001193", priority=None):
    return queue.issue(code, priority, str(uuid.uuid4()))


def test_today_counts_what_the_counter_did(queue):
    for _ in range(4):
        issue(queue)
    issue(queue, "2.000815")
    first = queue.call_next(2, staff="lan")
    queue.recall(first["id"], staff="lan", counter_id=2)
    second = queue.call_next(2, staff="lan")          # finishes the first on the way
    queue.recall(second["id"], staff="lan", counter_id=2)   # recalled once before the no-show
    queue.no_show(second["id"], staff="lan", counter_id=2)
    third = queue.call_next(2, staff="lan")
    queue.transfer(third["id"], "XH", staff="lan", counter_id=2)
    queue.call_next(1, staff="mai")                    # another counter's work is not counted
    today = console.counter_today(queue, 2)
    assert today == {"counter_id": 2, "day": "2026-11-23", "called": 3, "done": 1, "no_show": 1,
                     "no_show_undone": 0, "requeued": 0, "transferred": 1, "recalled": 2, "waiting": 1,
                     "recalls_before_no_show": 1}
    assert console.counter_today(queue, 1)["called"] == 1


def test_today_starts_from_zero_the_next_day(queue, clock):
    issue(queue)
    queue.call_next(1)
    clock.advance(days=1)
    assert console.counter_today(queue, 1)["called"] == 0


def test_unknown_counter_is_refused(queue):
    with pytest.raises(QueueError) as error:
        console.counter_today(queue, 99)
    assert error.value.kind == "not_found" and error.value.field == "counter_id"


def test_failed_receipts_are_listed_until_reprinted(queue):
    ok, bad = issue(queue), issue(queue)
    queue.mark_print_failed(bad["id"], "paper out", device="kiosk-1")
    assert [t["id"] for t in console.print_failed(queue)] == [bad["id"]]
    ticket = console.ticket_to_reprint(queue, bad["id"])
    assert ticket["number"] == bad["number"]
    console.record_reprint(queue, bad["id"], PrintOutcome.printed(100), "lan")
    assert console.print_failed(queue) == []
    assert ok["id"] != bad["id"]


def test_a_failed_reprint_keeps_the_ticket_listed_and_says_why(queue):
    bad = issue(queue)
    queue.mark_print_failed(bad["id"], "paper out")
    with pytest.raises(QueueError) as error:
        console.record_reprint(queue, bad["id"], PrintOutcome.failed("paper_out", "no paper"), "lan")
    assert error.value.kind == "conflict" and "hết giấy" in error.value.message
    assert [t["id"] for t in console.print_failed(queue)] == [bad["id"]]


def test_a_finished_ticket_is_not_reprinted(queue):
    ticket = issue(queue)
    queue.mark_print_failed(ticket["id"], "paper out")
    queue.call_next(1)
    queue.finish(ticket["id"], counter_id=1)
    assert console.print_failed(queue) == []
    with pytest.raises(QueueError) as error:
        console.ticket_to_reprint(queue, ticket["id"])
    assert error.value.kind == "conflict"


def test_the_whole_waiting_list_of_a_counter_in_call_order(queue):
    plain = [issue(queue) for _ in range(12)]
    elderly = issue(queue, priority="elderly")
    issue(queue, "1.001776")                                   # another counter's service
    certified = issue(queue, "2.000815")
    numbers = [t["number"] for t in console.waiting_for(queue, 2)]
    assert numbers[0] == elderly["number"]
    assert len(numbers) == 14 and certified["number"] in numbers and plain[-1]["number"] in numbers
    assert [t["number"] for t in console.waiting_for(queue, 1)][1:] == [t["number"] for t in plain]
