import threading
import uuid

import pytest

from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from tests.conftest import seeded_store


def issue(queue, code="1.001193", priority=None, **kw):
    return queue.issue(code, priority, str(uuid.uuid4()), **kw)


def test_numbers_reset_each_day_and_old_tickets_expire(queue, clock, store):
    old = issue(queue)
    clock.advance(days=1)
    fresh = issue(queue)
    assert fresh["number"] == 1001
    assert queue.ticket(old["id"])["status"] == "expired"
    assert [e["type"] for e in store.events_after(0)] == ["ticket.issued", "ticket.expired", "ticket.issued"]


def test_call_next_is_fifo_within_the_counters_services(queue):
    a, b, c = issue(queue), issue(queue, "2.000815"), issue(queue)
    assert queue.call_next(1)["id"] == a["id"]        # counter 1 serves HT only
    assert queue.call_next(3)["id"] == b["id"]        # counter 3 serves CT only
    called = queue.call_next(1)                       # finishes a, calls c
    assert called["id"] == c["id"] and called["counter"]["name"] == "Quầy 1"
    assert queue.ticket(a["id"])["status"] == "done"
    assert queue.call_next(3) is None


def test_priority_first_then_a_normal_ticket_after_n(queue, config):
    config.policy.priority_max_consecutive = 2
    normal = issue(queue)
    priority = [issue(queue, priority="elderly") for _ in range(3)]
    calls = [queue.call_next(1)["id"] for _ in range(4)]
    assert calls == [priority[0]["id"], priority[1]["id"], normal["id"], priority[2]["id"]]


def test_recall_no_show_finish_and_events(queue, store):
    ticket = issue(queue)
    queue.call_next(2, staff="lan")
    assert queue.recall(ticket["id"], "lan")["recalls"] == 1
    assert queue.no_show(ticket["id"], "lan")["status"] == "no_show"
    events = store.events_after(0)
    assert [e["type"] for e in events] == ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.no_show"]
    assert events[1]["actor"] == "lan" and events[1]["counter_id"] == 2


def test_finish_after_start(queue):
    ticket = issue(queue)
    queue.call_next(1)
    assert queue.start(ticket["id"])["status"] == "serving"
    assert queue.finish(ticket["id"])["status"] == "done"
    with pytest.raises(QueueError) as error:
        queue.finish(ticket["id"])
    assert "đã hoàn thành" in error.value.message


def test_transfer_keeps_number_and_place_in_time(queue, clock):
    moved = issue(queue)                               # HT, issued first
    clock.advance(minutes=5)
    later = issue(queue, "2.000815")                   # CT, issued later
    queue.call_next(1)
    transferred = queue.transfer(moved["id"], "CT")
    assert transferred["number"] == moved["number"] and transferred["status"] == "waiting"
    assert transferred["service"]["id"] == "CT"
    assert queue.call_next(3)["id"] == moved["id"]     # ahead of the later CT ticket
    assert queue.call_next(3)["id"] == later["id"]


def test_calling_a_ticket_another_counter_called_says_which(queue):
    ticket = issue(queue)
    queue.call_next(2)
    with pytest.raises(QueueError) as error:
        queue.call(ticket["id"], 1)
    assert error.value.message == f"Số {ticket['number']} đã được Quầy 2 gọi."


def test_call_specific_ticket_out_of_order(queue):
    first, second = issue(queue), issue(queue)
    assert queue.call(second["id"], 1)["status"] == "called"
    assert queue.call_next(2)["id"] == first["id"]


def test_counter_cannot_act_on_another_counters_ticket(queue):
    ticket = issue(queue)
    queue.call_next(2)
    with pytest.raises(QueueError) as error:
        queue.finish(ticket["id"], counter_id=1)
    assert error.value.field == "counter_id"


def test_listeners_hear_events_after_commit(queue):
    heard = []
    queue.listeners.append(lambda event: heard.append(event["type"]))
    issue(queue)
    queue.call_next(1)
    assert heard == ["ticket.issued", "ticket.called"]


def test_concurrent_issue_and_call_from_threads_never_duplicate(config, tmp_path):
    path = tmp_path / "centre.db"
    seeded_store(config, path).close()
    issued, called, errors = [], [], []

    def kiosk():
        queue = Queue(__import__("kiosk.store", fromlist=["open_store"]).open_store(path), config)
        for _ in range(40):
            issued.append(queue.issue("1.001193", None, str(uuid.uuid4()))["number"])

    def counter(counter_id):
        queue = Queue(__import__("kiosk.store", fromlist=["open_store"]).open_store(path), config)
        for _ in range(60):
            try:
                ticket = queue.call_next(counter_id)
            except QueueError as error:
                errors.append(error)
                continue
            if ticket:
                called.append(ticket["id"])

    threads = [threading.Thread(target=kiosk) for _ in range(4)] + \
              [threading.Thread(target=counter, args=(n,)) for n in (1, 2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(issued) == 160 and len(set(issued)) == 160
    assert len(called) == len(set(called))
    assert not errors
