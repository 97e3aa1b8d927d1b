"""The display's rules, without Kivy or a network: what it shows and says, in which order."""
from kiosk.ui.display.board import Board

COUNTERS = [{"id": 1, "name": "Quầy 1", "services": ["HT"], "current": None},
            {"id": 2, "name": "Quầy 2", "services": ["HT", "CT"], "current": None}]
SERVICES = [{"id": "HT", "name": "Hộ tịch", "waiting_count": 6,
             "waiting": [{"id": i, "number": 1000 + i, "priority": "elderly" if i == 3 else None} for i in range(3, 9)]}]


class Clock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def state(last_event_id=10, calls=()):
    return {"settings": {"centre": "Trung tâm", "opening_hours": "7:30–17:00", "message": "Xin chào"},
            "overview": {"counters": COUNTERS, "services": SERVICES}, "calls": list(calls),
            "last_event_id": last_event_id}


def call(event_id, number, counter_id, kind="ticket.called", status="called"):
    return {"id": event_id, "type": kind, "at": "2026-11-23T08:00:00+07:00", "counter_id": counter_id,
            "data": {"number": number}, "ticket": {"id": number, "number": number, "status": status,
                                                   "counter": {"id": counter_id, "name": f"Quầy {counter_id}"}}}


def board():
    b = Board(clock=Clock())
    b.load(state(calls=[{"event_id": 9, "type": "ticket.called", "number": 1001, "counter_id": 1, "at": "2026-11-23T07:59:00+07:00",
                         "counter_name": "Quầy 1"}]))
    b.set_connected(True)
    return b


def test_a_snapshot_shows_without_announcing():
    b = board()
    view = b.view()
    assert view.latest.number == 1001 and view.latest.counter_name == "Quầy 1"
    assert view.fresh == set() and b.take_announcements() == []
    assert view.centre == "Trung tâm" and view.opening_hours == "7:30–17:00" and view.message == "Xin chào"
    assert view.services[0].next == [(1003, True), (1004, False), (1005, False), (1006, False)]
    assert view.services[0].more == 2
    assert b.last_event_id == 10


def test_simultaneous_calls_each_show_and_are_announced_in_turn():
    b = board()
    b.apply(call(11, 1002, 1))
    b.apply(call(12, 2001, 2))
    view = b.view()
    assert view.latest.number == 2001 and [c.number for c in view.history] == [1002, 1001]
    assert view.fresh == {11, 12}
    assert [a.text for a in b.take_announcements()] == [
        "Mời công dân có số thứ tự 1002 đến quầy số 1", "Mời công dân có số thứ tự 2001 đến quầy số 2"]
    assert b.take_announcements() == []


def test_a_recall_is_announced_again_and_highlighted():
    b = board()
    b.apply(call(11, 1002, 1))
    b.take_announcements()
    b.apply(call(12, 1002, 1, kind="ticket.recalled"))
    assert [a.number for a in b.take_announcements()] == [1002]
    assert [c.type for c in b.view().history[:1]] == ["ticket.called"]
    assert b.view().latest.type == "ticket.recalled"


def test_an_event_seen_twice_is_applied_once():
    b = board()
    b.apply(call(11, 1002, 1))
    b.apply(call(11, 1002, 1))
    b.apply(call(5, 999, 1))          # older than the snapshot
    assert [a.event_id for a in b.take_announcements()] == [11]
    assert [c.event_id for c in b.calls] == [11, 9]


def test_a_replayed_call_whose_ticket_left_is_listed_but_not_announced():
    b = board()
    b.apply(call(11, 1002, 1, status="done"))
    assert b.take_announcements() == []
    assert b.view().latest.number == 1002


def test_a_snapshot_arriving_before_the_event_does_not_swallow_its_announcement():
    b = board()
    b.load(state(last_event_id=11, calls=[{"event_id": 11, "type": "ticket.called", "number": 1002,
                                           "counter_id": 1, "counter_name": "Quầy 1"}]))
    assert b.take_announcements() == []
    b.apply(call(11, 1002, 1))
    assert [a.number for a in b.take_announcements()] == [1002]
    assert 11 in b.view().fresh


def test_highlight_fades_and_only_recent_lines_are_shown():
    b = board()
    for i in range(8):
        b.apply(call(11 + i, 1002 + i, 1 + i % 2))
    view = b.view()
    assert len(view.history) == b.shown_calls - 1
    b.clock.t += b.fresh_seconds + 1
    assert b.view().fresh == set()


def test_offline_is_shown_until_connected_again():
    b = board()
    b.set_connected(False)
    assert b.view().offline
    b.set_connected(True)
    assert not b.view().offline


def test_non_call_events_move_the_position_only():
    b = board()
    b.apply({"id": 11, "type": "ticket.issued", "counter_id": None, "data": {"number": 1009}, "ticket": {}})
    assert b.last_event_id == 11 and b.take_announcements() == [] and b.view().latest.number == 1001


def test_an_event_moves_its_ticket_at_once_before_the_next_snapshot():
    b = board()
    b.apply(call(11, 1003, 2) | {"ticket": {"id": 3, "number": 1003, "status": "called", "priority": "elderly",
                                            "counter": {"id": 2, "name": "Quầy 2"}}})
    view = b.view()
    assert (2, "Quầy 2", 1003) in view.counters
    assert view.services[0].next[0] == (1004, False) and view.services[0].more == 1
    b.apply({"id": 12, "type": "ticket.finished", "counter_id": 2, "data": {"number": 1003},
             "ticket": {"id": 3, "number": 1003, "status": "done", "counter": {"id": 2, "name": "Quầy 2"}}})
    assert (2, "Quầy 2", None) in b.view().counters


def test_yesterdays_calls_leave_the_board_at_rollover():
    b = board()
    b.apply(call(11, 1002, 1))
    b.load({**state(), "overview": {"day": "2026-11-24", "counters": COUNTERS, "services": SERVICES}, "calls": []})
    assert b.view().latest is None
