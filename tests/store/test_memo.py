"""Catalogue rows and device tokens held in memory (kiosk/store/memo.py): a change is seen by
the very next read, whether this connection or another process made it, and a change rolled
back never stays in memory."""
import uuid

import pytest

from kiosk.core import accounts
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from kiosk.store import open_store
from tests.conftest import seeded_store


@pytest.fixture
def centre(config, clock, tmp_path):
    """The server's connection, with a kiosk token already looked up once (so it is in memory)."""
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    token = accounts.add_device(store, "kiosk-1", "kiosk", clock)
    assert accounts.authenticate(store, token, clock).name == "kiosk-1"
    yield store, token, path
    store.close()


def revoke(store, name="kiosk-1"):
    with store.write():
        store.save_device({"name": name, "active": 0})


def test_a_device_revoked_through_this_connection_is_refused_at_once(centre, clock):
    store, token, _ = centre
    revoke(store)
    assert accounts.authenticate(store, token, clock).revoked     # its uploads kept for review, nothing else


def test_a_device_revoked_by_another_process_is_refused_at_once(centre, clock):
    store, token, path = centre
    other = open_store(path)                       # e.g. `main.py device revoke` on the live database
    revoke(other)
    other.close()
    assert accounts.authenticate(store, token, clock).revoked


def test_a_new_token_replaces_the_old_one_at_once(centre, clock):
    store, old, _ = centre
    new = accounts.add_device(store, "kiosk-1", "kiosk", clock)
    assert accounts.authenticate(store, new, clock).name == "kiosk-1"
    with pytest.raises(QueueError):
        accounts.authenticate(store, old, clock)


def test_the_last_contact_update_keeps_the_token_in_memory(centre, clock):
    store, token, _ = centre
    device = accounts.authenticate(store, token, clock)
    store.touch_device(device.id, clock.now().isoformat())
    reads = []
    store.db.conn.set_trace_callback(reads.append)
    accounts.authenticate(store, token, clock)
    store.db.conn.set_trace_callback(None)
    assert not [s for s in reads if "FROM devices" in s]


def test_catalogue_changes_reach_the_next_ticket_from_any_connection(centre, config, clock):
    store, _, path = centre
    queue = Queue(store, config, clock)
    assert queue.issue("1.001193", None, str(uuid.uuid4()))["service"]["name"] != "Hộ tịch mới"
    other = open_store(path)
    with other.write():
        other.save_service({**other.service("HT"), "name": "Hộ tịch mới"})
        other.save_procedure({**other.procedure("1.000894"), "active": 0})
    other.close()
    assert queue.issue("1.001193", None, str(uuid.uuid4()))["service"]["name"] == "Hộ tịch mới"
    with pytest.raises(QueueError) as error:
        queue.issue("1.000894", None, str(uuid.uuid4()))
    assert error.value.field == "procedure_code"
    with store.write():
        store.save_counter({**store.counter(1), "active": 0})
    assert [c["id"] for c in queue.issue("1.001193", None, str(uuid.uuid4()))["counters"]] == [2]


def test_a_rolled_back_change_never_stays_in_memory(centre, config, clock):
    store, _, _ = centre
    queue = Queue(store, config, clock)
    ticket = queue.issue("1.001193", None, str(uuid.uuid4()))
    with pytest.raises(RuntimeError):
        with store.write():
            store.save_service({**store.service("HT"), "name": "Chưa lưu"})
            assert queue.ticket(ticket["id"])["service"]["name"] == "Chưa lưu"   # read inside the change
            raise RuntimeError("the admin's save failed")
    assert queue.ticket(ticket["id"])["service"]["name"] != "Chưa lưu"


def test_calls_keep_the_counters_in_memory_but_the_priority_streak_stays_live(config, clock):
    config.policy.priority_max_consecutive = 1
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    for priority in ("elderly", "elderly", None, None):
        queue.issue("1.001193", priority, str(uuid.uuid4()))
    reads = []
    store.db.conn.set_trace_callback(reads.append)
    called = [queue.call_next(1)["priority"] for _ in range(4)]
    store.db.conn.set_trace_callback(None)
    assert called == ["elderly", None, "elderly", None]     # the streak changes with every call
    assert not [s for s in reads if "FROM counters" in s and "WHERE id" not in s]   # the list is not re-read


def test_the_estimate_follows_service_times_finished_on_any_connection(centre, config, clock):
    store, _, path = centre
    queue = Queue(store, config, clock)
    for _ in range(3):
        queue.issue("1.001193", None, str(uuid.uuid4()))
    waiting = queue.issue("1.001193", None, str(uuid.uuid4()))
    before = queue.ticket(waiting["id"])["estimated_wait_minutes"]
    other = open_store(path)                     # a second server process's connection, say
    elsewhere = Queue(other, config, clock)
    elsewhere.call_next(1)
    clock.advance(minutes=40)
    elsewhere.call_next(1)                       # the first ticket took 40 minutes
    other.close()
    assert queue.ticket(waiting["id"])["estimated_wait_minutes"] > before


def test_rows_a_committed_write_changed_are_held_again_inside_the_next_transaction(config):
    """The server writes inside one batch transaction after another (kiosk/server/batching.py):
    an admin's change must not leave the counters read afresh on every ticket after it."""
    store = seeded_store(config)
    with store.write():
        store.save_counter({**store.counter(1), "name": "Quầy Một"})
    reads = []
    store.db.conn.set_trace_callback(reads.append)
    with store.write():
        names = [store.catalogue().counter(1)["name"] for _ in range(3)]
    store.db.conn.set_trace_callback(None)
    assert names == ["Quầy Một"] * 3
    assert len([s for s in reads if "FROM counters" in s]) == 1
