"""The lobby display's core: settings, the latest calls from the event log, the state snapshot."""
import uuid

import pytest

from kiosk.core import display
from kiosk.core.errors import QueueError


def issue(queue, code="1.001193"):
    return queue.issue(code, None, str(uuid.uuid4()))


def test_settings_come_from_the_config(config):
    settings = display.settings(config)
    assert settings["centre"] == config.centre.name
    assert settings["opening_hours"] == config.centre.opening_hours
    assert settings["message"] == config.centre.display_message


def test_simultaneous_calls_each_keep_their_line_newest_first(queue):
    for code in ("1.001193", "1.001193", "2.000815"):
        issue(queue, code)
    a = queue.call_next(1)
    b = queue.call_next(2)
    c = queue.call_next(3)
    queue.recall(a["id"], counter_id=1)
    calls = display.recent_calls(queue)
    assert [(x["number"], x["counter_name"], x["type"]) for x in calls] == [
        (a["number"], "Quầy 1", "ticket.recalled"), (c["number"], "Quầy 3", "ticket.called"),
        (b["number"], "Quầy 2", "ticket.called"), (a["number"], "Quầy 1", "ticket.called")]
    assert calls[0]["event_id"] > calls[1]["event_id"] > calls[2]["event_id"]


def test_calls_of_yesterday_are_not_shown(queue, clock):
    issue(queue)
    queue.call_next(1)
    clock.advance(days=1)
    assert display.recent_calls(queue) == []


def test_state_is_current_to_its_event_id(queue, config, store):
    issue(queue)
    queue.call_next(1)
    state = display.state(queue, config)
    assert state["last_event_id"] == store.last_event_id()
    assert state["calls"][0]["number"] == 1001
    assert state["overview"]["counters"][0]["current"]["number"] == 1001
    assert state["settings"]["centre"] == config.centre.name


def test_only_calls_are_announced(queue, store):
    issue(queue)
    called = queue.call_next(1)
    call_event = display.recent_calls(queue)[0]["event_id"]
    assert display.announced_call(queue, call_event)["number"] == called["number"]
    with pytest.raises(QueueError):
        display.announced_call(queue, 1)          # ticket.issued
    with pytest.raises(QueueError):
        display.announced_call(queue, 999)


def test_state_labels_each_service_with_its_short_name_or_its_name(queue, config):
    services = {s["id"]: s for s in display.state(queue, config)["overview"]["services"]}
    assert services["XH"]["short_name"] == "Bảo trợ, người có công"     # config.yaml's short_name
    assert services["XH"]["name"] == "Bảo trợ xã hội – Người có công"   # the full name stays for staff
    assert services["HT"]["short_name"] == "Hộ tịch"                     # no short_name: the name
