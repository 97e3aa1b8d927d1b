"""A missed call is not a lost place: recall before a no-show, undo a no-show, re-queue a
citizen who comes back. Knows nothing of HTTP or SQL (rules in docs/CONTRACTS.md).

- A called ticket may be marked no-show only after `policy.recalls_before_no_show` recalls.
- Undo (a mistaken no-show, any time the same day): the ticket is called again at the
  counter that undoes it (or, without one, the counter that marked it) when that counter is
  free; otherwise it waits again in its own place in time.
- Re-queue (the citizen came back): the ticket waits again, at its original place in time
  when `policy.requeue_after` is 0, else behind the N oldest tickets then waiting for its
  service (at the end of the queue if fewer wait). A priority ticket keeps its priority.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from kiosk.core.errors import conflict

if TYPE_CHECKING:
    from kiosk.core.queue import Queue

NO_SHOW_UNDONE = "ticket.no_show_undone"
REQUEUED = "ticket.requeued"
_BACK_IN_QUEUE = {"status": "waiting", "counter_id": None, "called_at": None, "started_at": None,
                  "finished_at": None}


def check_recalled(ticket: dict, required: int) -> None:
    """Refuse a no-show for a ticket recalled fewer than `required` times."""
    recalls = ticket["recalls"] or 0
    if recalls >= required:
        return
    raise conflict(f"ticket {ticket['id']} was recalled {recalls} times; "
                   f"policy.recalls_before_no_show requires {required} before a no-show",
                   f"Vui lòng gọi lại số {ticket['number']} ít nhất {required} lần "
                   f"(đã gọi lại {recalls} lần) trước khi đánh dấu vắng mặt.", "recalls")


def undo_no_show(queue: "Queue", ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
    events: list[dict] = []
    with queue.store.write():
        ticket = _missed_today(queue, ticket_id)
        counter = _serving_counter(queue, ticket, counter_id) if counter_id is not None else _marking_counter(queue, ticket)
        if counter is not None and queue.store.current_at_counter(counter["id"]) is None:
            fields = {"status": "called", "counter_id": counter["id"], "finished_at": None, "staff": staff}
        else:
            fields = dict(_BACK_IN_QUEUE)
        _update(queue, ticket, fields)
        # Logged for the counter that marked the no-show, whose count it takes back.
        events.append(queue._log(NO_SHOW_UNDONE, queue.store.ticket(ticket_id), staff, ticket["counter_id"],
                                 {"to_status": fields["status"], "to_counter_id": fields["counter_id"]}))
    return queue._publish(events, ticket_id)


def requeue(queue: "Queue", ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
    events: list[dict] = []
    with queue.store.write():
        ticket = _missed_today(queue, ticket_id)
        counter = _serving_counter(queue, ticket, counter_id) if counter_id is not None else None
        behind = queue.config.policy.requeue_after
        fields = {**_BACK_IN_QUEUE, "recalls": 0, "requeues": (ticket["requeues"] or 0) + 1}
        place = _place_behind(queue, ticket, behind) if behind else ticket["issued_at"]
        if place != ticket["issued_at"]:
            fields.update(issued_at=place, original_issued_at=ticket["original_issued_at"] or ticket["issued_at"])
        _update(queue, ticket, fields)
        events.append(queue._log(REQUEUED, queue.store.ticket(ticket_id), staff,
                                 counter["id"] if counter else ticket["counter_id"],
                                 {"requeue_after": behind, "from_issued_at": ticket["issued_at"], "issued_at": place}))
    return queue._publish(events, ticket_id)


def no_shows_for(queue: "Queue", counter_id: int) -> list[dict]:
    """Today's no-shows of the services a counter serves, latest first: the citizens who may
    come back. Each names the counter that marked it."""
    counter = queue._counter(counter_id)
    names = {c["id"]: c["name"] for c in queue.store.counters(active_only=False)}
    return [{"id": t["id"], "number": t["number"], "service_id": t["service_id"], "priority": t["priority"],
             "procedure_name": t["procedure_name"], "counter_id": t["counter_id"],
             "counter_name": names.get(t["counter_id"]), "called_at": t["called_at"], "missed_at": t["finished_at"],
             "recalls": t["recalls"] or 0, "requeues": t["requeues"] or 0}
            for t in queue.store.no_shows(counter["services"], queue.clock.today())]


def _missed_today(queue: "Queue", ticket_id: int) -> dict:
    ticket = queue._ticket(ticket_id)
    queue._require_status(ticket, ("no_show",))
    if ticket["day"] != queue.clock.today():
        raise conflict(f"ticket {ticket_id} is of {ticket['day']}; a no-show is undone or re-queued only the same day",
                       f"Số {ticket['number']} là của ngày {ticket['day']}, không thể xếp lại. Mời công dân lấy số mới.")
    return ticket


def _serving_counter(queue: "Queue", ticket: dict, counter_id: int) -> dict:
    counter = queue._counter(counter_id)
    if ticket["service_id"] not in counter["services"]:
        raise conflict(f"counter {counter_id} does not serve service {ticket['service_id']}",
                       f"{counter['name']} không phục vụ lĩnh vực của số {ticket['number']}.", "counter_id")
    return counter


def _marking_counter(queue: "Queue", ticket: dict) -> dict | None:
    counter = queue.store.counter(ticket["counter_id"]) if ticket["counter_id"] else None
    if counter is None or not counter["active"] or ticket["service_id"] not in counter["services"]:
        return None
    return counter


def _place_behind(queue: "Queue", ticket: dict, behind: int) -> str:
    """The place in time just after the `behind`-th oldest waiting ticket of its service;
    now when fewer wait. Never earlier than the ticket's own place."""
    nth = queue.store.nth_waiting(ticket["service_id"], behind)
    if nth is None:
        return max(ticket["issued_at"], queue._now())
    after = datetime.fromisoformat(nth["issued_at"]) + timedelta(milliseconds=1)
    return max(ticket["issued_at"], after.isoformat(timespec="milliseconds"))


def _update(queue: "Queue", ticket: dict, fields: dict) -> None:
    if not queue.store.update_ticket(ticket["id"], expect_status=("no_show",), **fields):
        raise conflict(f"ticket {ticket['id']} is no longer a no-show", f"Số {ticket['number']} vừa được xử lý.")
