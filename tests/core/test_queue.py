import threading
import uuid

import pytest

from kiosk.core import accounts
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from tests.conftest import seeded_store


def issue(queue, code="1.001193", priority=None, **kw):
    return queue.issue(code, priority, str(uuid.uuid4()), **kw)


def test_numbers_come_from_the_service_range_in_order(queue):
    assert [issue(queue)["number"] for _ in range(3)] == [1001, 1002, 1003]
    assert issue(queue, "2.000815")["number"] == 2001


def test_issued_ticket_carries_what_the_kiosk_shows(queue):
    ticket = issue(queue)
    assert ticket["status"] == "waiting"
    assert ticket["service"]["waiting_area"] == "Khu A"
    assert ticket["procedure"] == {"code": "1.001193", "name": "Đăng ký khai sinh"}
    assert {c["id"] for c in ticket["counters"]} == {1, 2}
    assert ticket["public_url"].endswith("/t/" + ticket["public_id"])
    assert len(ticket["public_id"]) >= 16


def test_same_client_id_returns_the_same_ticket(queue, store):
    client_id = str(uuid.uuid4())
    first = queue.issue("1.001193", None, client_id)
    again = queue.issue("1.001193", None, client_id)
    assert again["id"] == first["id"] and again["number"] == first["number"]
    assert store.count("tickets") == 1


def test_client_id_reused_for_another_procedure_is_refused(queue):
    client_id = str(uuid.uuid4())
    queue.issue("1.001193", None, client_id)
    with pytest.raises(QueueError) as error:
        queue.issue("2.000815", None, client_id)
    assert error.value.field == "client_id"


@pytest.mark.parametrize("code,priority,field", [
    ("9.999999", None, "procedure_code"), ("", None, "procedure_code"), ("1.001193", "vip", "priority"),
])
def test_bad_requests_name_the_field(queue, code, priority, field):
    with pytest.raises(QueueError) as error:
        queue.issue(code, priority, str(uuid.uuid4()))
    assert error.value.field == field
    assert error.value.message  # a Vietnamese sentence for the citizen


def test_numbers_reset_each_day_and_old_tickets_expire(queue, clock, store):
    old = issue(queue)
    clock.advance(days=1)
    fresh = issue(queue)
    assert fresh["number"] == 1001
    assert queue.ticket(old["id"])["status"] == "expired"
    assert [e["type"] for e in store.events_after(0)] == ["ticket.issued", "ticket.expired", "ticket.issued"]


def test_range_exhausted_gives_a_clear_conflict_and_tells_staff_once(config, clock):
    store = seeded_store(config)
    store.save_service({**store.service("HT"), "range_end": 1402})   # online 1001-1002, then 4 series of 100
    queue = Queue(store, config, clock)
    assert [issue(queue)["number"] for _ in range(2)] == [1001, 1002]
    for _ in range(2):
        with pytest.raises(QueueError) as error:
            issue(queue)
        assert error.value.kind == "conflict" and "Đã hết số thứ tự" in error.value.message
    assert [t["number"] for t in store.tickets_between(clock.today(), clock.today())] == [1001, 1002]
    told = [e for e in store.events_after(0) if e["type"] == "numbering.exhausted"]
    assert len(told) == 1 and '"series": "online"' in told[0]["data"]
    assert queue.numbers.state(store.services(), clock.today())["exhausted"] == [
        {"service_id": "HT", "series": "online", "first": 1001, "last": 1002}]


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


def test_offline_ticket_from_the_kiosks_series_keeps_its_number_and_time(queue, store, clock):
    accounts.add_device(store, "kiosk-1", "kiosk", clock)          # slot 1: HT 1600-1699
    online = issue(queue)
    assert online["number"] == 1001
    issued_at = clock.now().isoformat()
    clock.advance(minutes=30)
    later = issue(queue)
    offline = queue.issue("1.001193", None, str(uuid.uuid4()), device="kiosk-1", number=1600, issued_at=issued_at)
    assert offline["number"] == 1600 and offline["offline"] is True
    assert issue(queue)["number"] == 1003                         # the online run has no gap
    assert queue.call_next(1)["id"] == online["id"]
    assert queue.call_next(1)["id"] == offline["id"]              # issue-time order, whatever its number
    assert queue.call_next(1)["id"] == later["id"]


def test_offline_number_outside_the_kiosks_series_is_refused(queue, store, clock):
    accounts.add_device(store, "kiosk-1", "kiosk", clock)
    for number in (1500, 1700, 2700, 999):                        # online run, slot 2, slot 2 of CT, no range
        with pytest.raises(QueueError) as error:
            queue.issue("1.001193", None, str(uuid.uuid4()), device="kiosk-1", number=number,
                        issued_at=clock.now().isoformat())
        assert error.value.kind == "invalid" and error.value.field == "number", number


def test_listeners_hear_events_after_commit(queue):
    heard = []
    queue.listeners.append(lambda event: heard.append(event["type"]))
    issue(queue)
    queue.call_next(1)
    assert heard == ["ticket.issued", "ticket.called"]


def test_overview_lists_waiting_per_service_and_current_per_counter(queue):
    issue(queue), issue(queue, priority="child"), issue(queue, "2.000815")
    queue.call_next(3)
    overview = queue.overview()
    ht = next(s for s in overview["services"] if s["id"] == "HT")
    assert ht["waiting_count"] == 2 and ht["waiting"][0]["priority"] == "child"
    counter3 = next(c for c in overview["counters"] if c["id"] == 3)
    assert counter3["current"]["number"] == 2001


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
