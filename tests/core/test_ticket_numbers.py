"""What an uploaded offline ticket must prove, and what a kiosk learns of its series."""
import uuid

import pytest

from kiosk.core import accounts
from kiosk.core.errors import QueueError


@pytest.fixture
def kiosk(store, clock):
    accounts.add_device(store, "kiosk-1", "kiosk", clock)      # slot 1
    return "kiosk-1"


def upload(queue, device, number, issued_at, code="1.001193"):
    return queue.issue(code, None, str(uuid.uuid4()), device=device, number=number, issued_at=issued_at)


@pytest.mark.parametrize("issued_at, why", [
    ("2000-01-01T08:00:00+07:00", "within today"),
    ("hôm qua", "not an ISO 8601 time"),
    ("2026-11-23T07:59:00", "time zone"),
    ("2026-11-23T08:10:00+07:00", "in the future"),
    ("2026-11-24T07:00:00+07:00", "in the future"),
    (None, "needs issued_at"),
])
def test_a_bad_issue_time_is_refused_naming_the_field(queue, kiosk, issued_at, why):
    with pytest.raises(QueueError) as error:
        upload(queue, kiosk, 1600, issued_at)
    assert error.value.kind == "invalid" and error.value.field == "issued_at" and why in error.value.reason


def test_issued_at_without_an_offline_number_is_refused(queue, kiosk, clock):
    with pytest.raises(QueueError) as error:
        queue.issue("1.001193", None, str(uuid.uuid4()), device=kiosk, issued_at="2026-11-23T07:00:00+07:00")
    assert error.value.field == "issued_at" and "only with the number" in error.value.reason


def test_a_small_clock_skew_is_tolerated_and_the_time_is_stored_in_the_centres_zone(queue, kiosk, clock):
    utc = upload(queue, kiosk, 1600, "2026-11-23T00:30:00+00:00")          # 07:30 in Hà Nội
    ahead = upload(queue, kiosk, 1601, "2026-11-23T08:01:30+07:00")        # 90 s ahead, skew 120 s
    assert ahead["issued_at"] == "2026-11-23T08:01:30.000+07:00"
    assert utc["issued_at"] == "2026-11-23T07:30:00.000+07:00" and utc["day"] == "2026-11-23"


def test_a_ticket_of_an_earlier_day_is_kept_as_expired_and_never_queued(queue, kiosk):
    ticket = upload(queue, kiosk, 1600, "2026-11-22T16:50:00+07:00")
    assert ticket["day"] == "2026-11-22" and ticket["status"] == "expired"
    assert queue.call_next(1) is None


def test_staff_and_unslotted_devices_cannot_upload_offline_numbers(queue, store, clock):
    accounts.add_device(store, "tv-1", "display", clock)
    for device in ("tv-1", "lan", None):
        with pytest.raises(QueueError) as error:
            upload(queue, device, 1600, clock.now().isoformat())
        assert error.value.field == "number" and "no offline series" in error.value.reason


def test_the_last_number_of_a_series_tells_staff(queue, store, kiosk, clock):
    upload(queue, kiosk, 1699, clock.now().isoformat())
    assert queue.numbers.state(store.services(), clock.today())["exhausted"] == [
        {"service_id": "HT", "series": "kiosk-1", "first": 1600, "last": 1699}]


def test_the_series_state_gives_the_next_number_the_server_has_not_seen(queue, store, kiosk, clock):
    upload(queue, kiosk, 1600, clock.now().isoformat())
    upload(queue, kiosk, 1604, clock.now().isoformat())
    state = queue.numbers.series_state(kiosk, store.services(), clock.today())
    assert state["slot"] == 1 and state["series_size"] == 100 and state["kiosk_slots"] == 4
    ht = next(row for row in state["services"] if row["service_id"] == "HT")
    ct = next(row for row in state["services"] if row["service_id"] == "CT")
    assert ht == {"service_id": "HT", "first": 1600, "last": 1699, "next": 1605}
    assert ct == {"service_id": "CT", "first": 2600, "last": 2699, "next": 2600}


def test_a_ticket_cannot_be_placed_before_a_lower_number_of_the_same_series(queue, kiosk):
    upload(queue, kiosk, 1600, "2026-11-23T07:40:00+07:00")
    with pytest.raises(QueueError) as error:
        upload(queue, kiosk, 1601, "2026-11-23T07:00:00+07:00")          # back-dated behind 1600
    assert error.value.field == "issued_at" and "number 1600 of the same series" in error.value.reason
    assert upload(queue, kiosk, 1601, "2026-11-23T07:39:00+07:00")["number"] == 1601   # within the skew
    assert upload(queue, kiosk, 1650, "2026-11-23T07:45:00+07:00")["number"] == 1650
