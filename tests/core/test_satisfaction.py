"""Rating rules: once per ticket, only after it is finished, at the right counter, in time."""
import json

import pytest

from kiosk.core.errors import QueueError
from kiosk.core.satisfaction import RATING_WINDOW_MINUTES, Satisfaction


@pytest.fixture
def sat(queue):
    return Satisfaction(queue)


def served(queue, clock, counter=1, staff="lan"):
    ticket = queue.issue("1.001193")
    called = queue.call_next(counter, staff=staff)
    clock.advance(minutes=5)
    queue.finish(called["id"], staff=staff, counter_id=counter)
    return queue.store.ticket(ticket["id"])


def test_web_rating_only_once_and_only_when_done(queue, clock, sat):
    ticket = queue.issue("1.001193")
    with pytest.raises(QueueError) as waiting:
        sat.rate_by_public_id(ticket["public_id"], "satisfied")
    assert waiting.value.kind == "conflict" and sat.state_by_public_id(ticket["public_id"])["rateable"] is False
    queue.call_next(1, staff="lan")
    with pytest.raises(QueueError):
        sat.rate_by_public_id(ticket["public_id"], "satisfied")
    queue.finish(ticket["id"], staff="lan")
    assert sat.state_by_public_id(ticket["public_id"])["rateable"] is True
    rating = sat.rate_by_public_id(ticket["public_id"], "satisfied")
    assert rating["rating_label"] == "Hài lòng" and rating["channel"] == "web"
    with pytest.raises(QueueError) as again:
        sat.rate_by_public_id(ticket["public_id"], "dissatisfied")
    assert again.value.kind == "conflict" and "đã được đánh giá" in again.value.message
    state = sat.state_by_public_id(ticket["public_id"])
    assert state["rateable"] is False and state["rating"]["rating"] == "satisfied"


def test_the_rating_is_tied_to_ticket_counter_and_staff_and_logged(queue, clock, sat):
    ticket = served(queue, clock, counter=2, staff="hung")
    sat.rate_by_public_id(ticket["public_id"], "neutral")
    row = queue.store.rating_for(ticket["id"])
    assert (row["ticket_id"], row["counter_id"], row["staff"], row["service_id"]) == (ticket["id"], 2, "hung", "HT")
    event = queue.store.events_after(0)[-1]
    assert event["type"] == "ticket.rated" and event["counter_id"] == 2
    assert json.loads(event["data"])["rating"] == "neutral"


def test_reason_is_optional_and_added_once(queue, clock, sat):
    ticket = served(queue, clock)
    with pytest.raises(QueueError):
        sat.add_reason_by_public_id(ticket["public_id"], "long_wait")    # no rating yet
    sat.rate_by_public_id(ticket["public_id"], "dissatisfied")
    with pytest.raises(QueueError) as bad:
        sat.add_reason_by_public_id(ticket["public_id"], "rude")
    assert bad.value.field == "reason"
    assert sat.add_reason_by_public_id(ticket["public_id"], "long_wait")["reason_label"] == "Chờ lâu"
    with pytest.raises(QueueError):
        sat.add_reason_by_public_id(ticket["public_id"], "attitude")
    assert queue.store.events_after(0)[-1]["type"] == "ticket.rating_reason"


def test_bad_rating_value(queue, clock, sat):
    ticket = served(queue, clock)
    with pytest.raises(QueueError) as bad:
        sat.rate_by_public_id(ticket["public_id"], "great")
    assert bad.value.field == "rating" and bad.value.kind == "invalid"


def test_web_rating_on_the_tickets_day_only(queue, clock, sat):
    ticket = served(queue, clock)
    clock.advance(days=1)
    with pytest.raises(QueueError) as late:
        sat.rate_by_public_id(ticket["public_id"], "satisfied")
    assert "hết thời hạn" in late.value.message


def test_tablet_unlocks_only_the_ticket_just_finished_at_its_counter(queue, clock, sat):
    assert sat.pending_at_counter(1) is None
    first = served(queue, clock, counter=1)
    pending = sat.pending_at_counter(1)
    assert pending["ticket_id"] == first["id"] and pending["number"] == first["number"]
    assert sat.pending_at_counter(2) is None                     # another counter sees nothing
    with pytest.raises(QueueError):
        sat.rate_at_counter(2, first["id"], "very_satisfied")   # and cannot rate it
    second = served(queue, clock, counter=1)
    with pytest.raises(QueueError):
        sat.rate_at_counter(1, first["id"], "very_satisfied")   # no longer the latest
    sat.rate_at_counter(1, second["id"], "very_satisfied", device="tablet-1")
    assert sat.pending_at_counter(1) is None                     # rated: locked again
    with pytest.raises(QueueError) as twice:
        sat.rate_at_counter(1, second["id"], "satisfied")
    assert "đã được đánh giá" in twice.value.message
    assert sat.add_reason_at_counter(1, second["id"], "other")["reason"] == "other"


def test_tablet_window_closes(queue, clock, sat):
    ticket = served(queue, clock, counter=2)
    clock.advance(minutes=RATING_WINDOW_MINUTES - 0.1)
    assert sat.pending_at_counter(2)["ticket_id"] == ticket["id"]
    clock.advance(minutes=0.2)
    assert sat.pending_at_counter(2) is None
    with pytest.raises(QueueError):
        sat.rate_at_counter(2, ticket["id"], "satisfied")


def test_no_show_is_never_rateable(queue, clock, sat):
    ticket = queue.issue("1.001193")
    queue.call_next(1, staff="lan")
    queue.recall(ticket["id"], staff="lan")
    queue.no_show(ticket["id"], staff="lan")
    assert sat.pending_at_counter(1) is None
    with pytest.raises(QueueError):
        sat.rate_by_public_id(ticket["public_id"], "satisfied")


def test_rated_ticket_shows_in_the_report(queue, clock, sat):
    from kiosk.core.reports import day_period, report_for
    ticket = served(queue, clock, counter=1)
    sat.rate_at_counter(1, ticket["id"], "dissatisfied", reason="long_wait")
    report = report_for(queue.store, day_period(ticket["day"]))
    assert report["satisfaction"]["distribution"][3]["count"] == 1
    assert report["satisfaction"]["reasons"][0]["count"] == 1
    assert report["by_counter"][0]["rated"] == 1 and report["by_staff"][0]["mean_score"] == 1.0
