"""The centre's HubSync against the recording hub: order, batches, backoff, catching up, privacy."""
from __future__ import annotations

import pytest

from kiosk.config import Hub
from kiosk.core.queue import Queue
from kiosk.sync.hub_client import RecordingHubClient
from kiosk.sync.hub_push import SENT_DATA, HubSync
from tests.conftest import seeded_store


@pytest.fixture
def centre(tmp_path, config, clock):
    store = seeded_store(config, tmp_path / "centre.db")
    yield store, Queue(store, config, clock)
    store.close()


def busy_morning(queue: Queue, tickets: int) -> None:
    for index in range(tickets):
        queue.issue(["1.001193", "2.000815"][index % 2], priority="elderly" if index % 5 == 0 else None)
    for _ in range(tickets // 2):
        queue.call_next(2, staff="lan")


def sync_until_idle(sync: HubSync, store, steps: int = 1000) -> int:
    for step in range(steps):
        if sync.step(store) > 0 and sync.cursor == store.last_event_id():
            return step
    raise AssertionError("never caught up")


def test_the_log_goes_up_in_order_in_batches_each_event_naming_the_one_before(centre):
    store, queue = centre
    busy_morning(queue, 10)
    hub = RecordingHubClient()
    sync = HubSync(None, Hub(batch_size=4), hub)
    sync_until_idle(sync, store)
    sent = [event for push in hub.pushes for event in push["events"]]
    assert [e["id"] for e in sent] == [row["id"] for row in store.events_after(0, limit=10_000)]
    assert all(len(push["events"]) <= 4 for push in hub.pushes)
    assert all(e["prev"] == p["id"] for p, e in zip(sent, sent[1:]))
    assert hub.applied_through == store.last_event_id()


def test_no_staff_names_ticket_links_or_tokens_leave_the_centre(centre):
    store, queue = centre
    busy_morning(queue, 6)
    hub = RecordingHubClient()
    sync_until_idle(HubSync(None, Hub(), hub), store)
    sent = [event for push in hub.pushes for event in push["events"]]
    assert "lan" in {row["actor"] for row in store.events_after(0)}            # the centre knows who called
    assert all("actor" not in e and set(e["data"]) <= set(SENT_DATA) for e in sent)
    assert not any("public_id" in str(e) or "client_id" in str(e) for e in sent)


def test_a_hub_that_is_down_is_retried_with_growing_waits_and_nothing_is_lost(centre):
    store, queue = centre
    busy_morning(queue, 8)
    hub = RecordingHubClient()
    hub.fail_next = 4
    sync = HubSync(None, Hub(batch_size=5, max_backoff_seconds=60), hub)
    waits = [sync.step(store) for _ in range(4)]
    assert sync.failures == 4 and "down" in sync.last_error
    assert all(high / 2 <= wait <= high for wait, high in zip(waits, (1, 2, 4, 8)))
    sync_until_idle(sync, store)
    assert sorted(hub.stored) == [row["id"] for row in store.events_after(0, limit=10_000)]
    assert sync.failures == 0


def test_a_centre_cut_off_for_a_day_catches_up_on_its_own(centre):
    store, queue = centre
    hub = RecordingHubClient()
    sync = HubSync(None, Hub(batch_size=100), hub)
    sync_until_idle(sync, store)
    hub.fail_next = 10 ** 6                      # the line is down all day
    busy_morning(queue, 400)
    for _ in range(5):
        sync.step(store)
    hub.fail_next = 0
    steps = sync_until_idle(sync, store)
    assert hub.applied_through == store.last_event_id() and len(hub.stored) == store.last_event_id()
    assert steps <= store.last_event_id() // 100 + 2      # full batches back to back, no waiting between


def test_an_offline_tickets_own_issue_time_goes_with_its_issue_event(centre):
    store, queue = centre
    with store.write():
        store.save_device({"name": "kiosk-1", "role": "kiosk", "token_hash": "h", "slot": 1,
                           "created_at": "2026-11-23T07:00:00+07:00"})
    ticket = queue.issue("1.001193", number=1600, issued_at="2026-11-23T07:45:00+07:00", device="kiosk-1",
                         client_id="offline-ticket-1")
    hub = RecordingHubClient()
    sync_until_idle(HubSync(None, Hub(), hub), store)
    issued = next(e for p in hub.pushes for e in p["events"] if e["ticket_id"] == ticket["id"])
    assert issued["issued_at"].startswith("2026-11-23T07:45:00")
