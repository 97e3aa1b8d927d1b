"""Issuing (kiosk/core/issuing.py): numbers, replays by client_id, refusals, offline uploads."""
import uuid

import pytest

from kiosk.core import accounts
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from tests.conftest import seeded_store
from tests.core.test_queue import issue


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
