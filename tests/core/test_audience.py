"""The public view of events and of the queue overview (kiosk/core/audience.py)."""
from kiosk.core.audience import public_event, public_overview


def test_a_rating_event_keeps_only_which_ticket_was_rated(queue):
    ticket = queue.issue("1.001193", "elderly", device="kiosk-1")
    event = {"id": 7, "type": "ticket.rated", "at": "2026-11-23T09:00:00+07:00", "actor": "web", "counter_id": 1,
             "data": {"number": ticket["number"], "priority": "elderly", "procedure_code": "1.001193",
                      "rating": "dissatisfied", "reason": "attitude", "channel": "web", "staff": "lan"},
             "ticket": queue.ticket(ticket["id"])}
    shown = public_event(event)
    assert shown["data"] == {"number": ticket["number"], "priority": True}
    assert "actor" not in shown and shown["ticket"]["id"] == ticket["id"] and shown["ticket"]["priority"] is True
    assert not {"public_id", "client_id", "procedure", "print_failed"} & set(shown["ticket"])


def test_reasons_added_later_are_not_public_and_centre_events_keep_what_changed():
    assert public_event({"id": 8, "type": "ticket.rating_reason", "at": "", "data": {"reason": "attitude"}}) is None
    changed = public_event({"id": 9, "type": "centre.changed", "at": "", "actor": "admin", "counter_id": None,
                            "data": {"counters": [3]}, "ticket": None})
    assert changed == {"id": 9, "type": "centre.changed", "at": "", "counter_id": None, "data": {"counters": [3]},
                       "ticket": None}


def test_the_overview_keeps_counts_and_numbers_with_a_priority_flag(queue):
    queue.issue("1.001193", "disability", device="kiosk-1")
    queue.issue("1.000894", None, device="kiosk-1")
    full = queue.overview()
    shown = public_overview(full)
    waiting = shown["services"][0]["waiting"]
    assert [(t["number"], t["priority"]) for t in waiting] == [(1001, True), (1002, False)]
    assert shown["services"][0]["waiting_count"] == full["services"][0]["waiting_count"] == 2
    assert all("procedure_name" not in t for t in waiting)
    assert full["services"][0]["waiting"][0]["priority"] == "disability"     # the original is not changed
