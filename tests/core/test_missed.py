"""A missed call is not a lost place: recall before a no-show, undo, re-queue (kiosk/core/missed.py)."""
import uuid

import pytest

from kiosk.core import missed
from kiosk.core.errors import QueueError


def issue(queue, code="1.001193", priority=None):
    return queue.issue(code, priority, str(uuid.uuid4()))


def missed_call(queue, counter=1, staff="lan"):
    """Call the next ticket at `counter`, recall it once, mark it no-show."""
    ticket = queue.call_next(counter, staff=staff)
    queue.recall(ticket["id"], staff=staff, counter_id=counter)
    return queue.no_show(ticket["id"], staff=staff, counter_id=counter)


def test_no_show_is_refused_before_the_ticket_was_recalled(queue, store):
    ticket = issue(queue)
    queue.call_next(1, staff="lan")
    with pytest.raises(QueueError) as error:
        queue.no_show(ticket["id"], staff="lan", counter_id=1)
    assert (error.value.kind, error.value.field) == ("conflict", "recalls")
    assert "recalls_before_no_show requires 1" in error.value.reason
    assert error.value.message == ("Vui lòng gọi lại số 1001 ít nhất 1 lần (đã gọi lại 0 lần) "
                                   "trước khi đánh dấu vắng mặt.")
    assert queue.ticket(ticket["id"])["status"] == "called"          # nothing changed
    queue.recall(ticket["id"], staff="lan", counter_id=1)
    assert queue.no_show(ticket["id"], staff="lan", counter_id=1)["status"] == "no_show"


def test_the_number_of_recalls_required_is_configurable(queue, config):
    config.policy.recalls_before_no_show = 2
    ticket = issue(queue)
    queue.call_next(1)
    queue.recall(ticket["id"])
    with pytest.raises(QueueError) as error:
        queue.no_show(ticket["id"])
    assert "ít nhất 2 lần (đã gọi lại 1 lần)" in error.value.message
    queue.recall(ticket["id"])
    assert queue.no_show(ticket["id"])["status"] == "no_show"
    config.policy.recalls_before_no_show = 0
    other = issue(queue)
    queue.call_next(1)
    assert queue.no_show(other["id"])["status"] == "no_show"          # 0: no recall needed


def test_undo_calls_the_ticket_back_to_the_free_counter(queue, store):
    ticket = issue(queue)
    missed_call(queue, counter=1)
    back = queue.undo_no_show(ticket["id"], staff="lan", counter_id=1)
    assert (back["status"], back["counter"]["id"], back["finished_at"], back["recalls"]) == ("called", 1, None, 1)
    last = store.events_after(0)[-1]
    assert last["type"] == "ticket.no_show_undone" and last["actor"] == "lan" and last["counter_id"] == 1
    assert '"to_status": "called"' in last["data"]
    assert queue.finish(ticket["id"], counter_id=1)["status"] == "done"


def test_undo_while_the_counter_serves_someone_else_puts_the_ticket_back_in_its_place(queue):
    first, second, third = issue(queue), issue(queue), issue(queue)
    missed_call(queue, counter=1)
    queue.call_next(1)                                    # counter 1 now serves the second
    back = queue.undo_no_show(first["id"], staff="lan", counter_id=1)
    assert (back["status"], back["counter"], back["people_ahead"]) == ("waiting", None, 0)
    assert queue.call_next(2)["id"] == first["id"]        # before the third: its original place
    assert queue.ticket(third["id"])["status"] == "waiting"
    assert queue.ticket(second["id"])["status"] == "called"


def test_requeue_at_the_original_place_by_default(queue, store):
    first, second, third = issue(queue), issue(queue), issue(queue)
    missed_call(queue, counter=1)
    back = queue.requeue(first["id"], staff="mai", counter_id=2)
    assert (back["status"], back["counter"], back["recalls"], back["people_ahead"]) == ("waiting", None, 0, 0)
    assert back["issued_at"] == first["issued_at"]
    event = store.events_after(0)[-1]
    assert (event["type"], event["actor"], event["counter_id"]) == ("ticket.requeued", "mai", 2)
    assert queue.call_next(2)["id"] == first["id"]
    assert queue.call_next(1)["id"] == second["id"]
    assert third["id"] in [t["id"] for t in store.waiting_tickets(["HT"])]


def test_requeue_after_n_goes_behind_n_waiting_and_keeps_its_issue_time(queue, config, clock, store):
    config.policy.requeue_after = 2
    first = issue(queue)
    others = []
    for _ in range(4):
        clock.advance(minutes=1)
        others.append(issue(queue))
    missed_call(queue, counter=1)
    back = queue.requeue(first["id"], staff="lan", counter_id=1)
    assert back["people_ahead"] == 2
    row = store.ticket(first["id"])
    assert row["original_issued_at"] == first["issued_at"] and row["requeues"] == 1
    assert others[1]["issued_at"] < row["issued_at"] < others[2]["issued_at"]
    order = [queue.call_next(1)["id"] for _ in range(5)]
    assert order == [others[0]["id"], others[1]["id"], first["id"], others[2]["id"], others[3]["id"]]


def test_requeue_after_more_than_are_waiting_goes_to_the_end(queue, config, clock):
    config.policy.requeue_after = 5
    first, second = issue(queue), issue(queue)
    missed_call(queue, counter=1)
    clock.advance(minutes=3)
    back = queue.requeue(first["id"])
    assert back["people_ahead"] == 1
    clock.advance(minutes=1)
    later = issue(queue)
    assert [queue.call_next(1)["id"] for _ in range(3)] == [second["id"], first["id"], later["id"]]


def test_a_priority_ticket_keeps_its_priority_when_requeued(queue, config):
    config.policy.requeue_after = 3
    elderly = issue(queue, priority="elderly")
    normal = [issue(queue) for _ in range(3)]
    missed_call(queue, counter=1)
    queue.requeue(elderly["id"])
    assert queue.call_next(1)["id"] == elderly["id"]
    assert queue.ticket(normal[0]["id"])["status"] == "waiting"


def test_a_requeued_ticket_needs_a_new_recall_before_another_no_show(queue):
    ticket = issue(queue)
    missed_call(queue)
    queue.requeue(ticket["id"])
    queue.call_next(1)
    with pytest.raises(QueueError) as error:
        queue.no_show(ticket["id"])
    assert error.value.field == "recalls"


@pytest.mark.parametrize("action", ["undo_no_show", "requeue"])
def test_only_a_no_show_of_today_is_undone_or_requeued(queue, clock, action):
    waiting = issue(queue)
    with pytest.raises(QueueError) as error:
        getattr(queue, action)(waiting["id"])
    assert error.value.kind == "conflict" and "đang chờ" in error.value.message
    issue(queue)
    ticket = queue.call_next(1)
    queue.recall(ticket["id"])
    queue.no_show(ticket["id"])
    clock.advance(days=1)
    with pytest.raises(QueueError) as error:
        getattr(queue, action)(ticket["id"])
    assert "only the same day" in error.value.reason and "lấy số mới" in error.value.message


@pytest.mark.parametrize("action", ["undo_no_show", "requeue"])
def test_a_counter_of_another_service_cannot_take_the_ticket_back(queue, action):
    ticket = issue(queue)
    missed_call(queue, counter=1)
    with pytest.raises(QueueError) as error:
        getattr(queue, action)(ticket["id"], counter_id=3)           # Quầy 3 serves only CT
    assert error.value.field == "counter_id" and "Quầy 3 không phục vụ" in error.value.message
    assert queue.ticket(ticket["id"])["status"] == "no_show"


def test_no_shows_for_lists_todays_missed_tickets_of_the_counters_services(queue, clock):
    first, second = issue(queue), issue(queue)
    issue(queue, "2.000815")
    missed_call(queue, counter=1)
    clock.advance(minutes=2)
    missed_call(queue, counter=2, staff="mai")
    listed = missed.no_shows_for(queue, 2)
    assert [(t["id"], t["counter_name"]) for t in listed] == [(second["id"], "Quầy 2"), (first["id"], "Quầy 1")]
    assert listed[0]["recalls"] == 1 and listed[0]["missed_at"]
    assert missed.no_shows_for(queue, 3) == []                      # CT only
    queue.requeue(first["id"])
    assert [t["id"] for t in missed.no_shows_for(queue, 1)] == [second["id"]]
    clock.advance(days=1)
    assert missed.no_shows_for(queue, 1) == []


def test_events_of_undo_and_requeue_are_published_to_listeners(queue):
    heard = []
    queue.listeners.append(lambda event: heard.append(event["type"]))
    ticket = issue(queue)
    missed_call(queue)
    queue.requeue(ticket["id"])
    queue.call_next(1)
    queue.recall(ticket["id"])
    queue.no_show(ticket["id"])
    queue.undo_no_show(ticket["id"])
    assert heard == ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.no_show", "ticket.requeued",
                     "ticket.called", "ticket.recalled", "ticket.no_show", "ticket.no_show_undone"]
