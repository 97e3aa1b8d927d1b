"""The queue: issuing (kiosk/core/issuing.py), calling and closing tickets, and what front
ends see of them (kiosk/core/ticket_views.py). Knows nothing of Kivy or HTTP.

Every change runs in one store transaction that also appends to the event log; listeners
(the server's live event stream) are told after the commit.
"""
from __future__ import annotations

from typing import Callable

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core import fairness, missed, policy
from kiosk.core.errors import QueueError, conflict, not_found
from kiosk.core.issuing import Issuing, _check_client_id  # noqa: F401  (_check_client_id: kiosk/server)
from kiosk.core.ticket_numbers import TicketNumbers
from kiosk.core.ticket_views import TicketViews, _brief  # noqa: F401  (_brief: kiosk/core/console.py)
from kiosk.store import Store

ACTIVE = ("waiting", "called", "serving")
AT_COUNTER = ("called", "serving")

Listener = Callable[[dict], None]


class Queue(Issuing, TicketViews):
    def __init__(self, store: Store, config: Config, clock: Clock | None = None):
        self.store = store
        self.config = config
        self.clock = clock or Clock(config.centre.timezone)
        self.listeners: list[Listener] = []
        self.numbers = TicketNumbers(store, config, self.clock)
        self._rolled_over_day: str | None = None   # saves a read per write once today is known
        # (normal ticket, people ahead by the priority policy, minutes per call) -> people ahead
        # with the appointments counted; set by kiosk/core/appointments.py when bookings are on
        self.booked_ahead: Callable[[dict, int, float], int] | None = None

    # -- calling ------------------------------------------------------------------------
    def call_next(self, counter_id: int, staff: str | None = None) -> dict | None:
        """Call the next ticket for a counter by the priority policy; None when nobody waits.
        The counter's current ticket, if any, is finished first."""
        events: list[dict] = []
        with self.store.write():
            counter = self._counter(counter_id)
            self._roll_over(events)
            self._finish_current(counter, staff, events)
            chosen, streak = fairness.choose(self.store, counter, self.config, self.clock.today(), _candidate)
            if chosen is None:
                called = None
            else:
                called = self._call(chosen.id, counter, staff, events)
                self.store.set_priority_streak(counter["id"], streak)
        if called is None:
            self._notify(events)
            return None
        return self._publish(events, called)

    def call(self, ticket_id: int, counter_id: int, staff: str | None = None) -> dict:
        """Call one specific waiting ticket to a counter."""
        events: list[dict] = []
        with self.store.write():
            counter = self._counter(counter_id)
            ticket = self._ticket(ticket_id)
            if ticket["service_id"] not in counter["services"]:
                raise conflict(f"counter {counter_id} does not serve service {ticket['service_id']}",
                               f"{counter['name']} không phục vụ lĩnh vực của số {ticket['number']}.", "counter_id")
            self._require_status(ticket, ("waiting",))
            self._finish_current(counter, staff, events)
            self._call(ticket_id, counter, staff, events)
        return self._publish(events, ticket_id)

    def recall(self, ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
        return self._change(ticket_id, "ticket.recalled", AT_COUNTER, staff, counter_id,
                            lambda t: {"recalls": (t["recalls"] or 0) + 1})

    def start(self, ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
        return self._change(ticket_id, "ticket.started", ("called",), staff, counter_id,
                            lambda t: {"status": "serving", "started_at": self._now()})

    def finish(self, ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
        return self._change(ticket_id, "ticket.finished", AT_COUNTER, staff, counter_id,
                            lambda t: {"status": "done", "finished_at": self._now()})

    def no_show(self, ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
        """Only after `policy.recalls_before_no_show` recalls; undone or re-queued the same day."""
        def changes(ticket: dict) -> dict:
            missed.check_recalled(ticket, self.config.policy.recalls_before_no_show)
            return {"status": "no_show", "finished_at": self._now()}
        return self._change(ticket_id, "ticket.no_show", AT_COUNTER, staff, counter_id, changes)

    def undo_no_show(self, ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
        return missed.undo_no_show(self, ticket_id, staff, counter_id)

    def requeue(self, ticket_id: int, staff: str | None = None, counter_id: int | None = None) -> dict:
        return missed.requeue(self, ticket_id, staff, counter_id)

    def cancel(self, ticket_id: int, staff: str | None = None) -> dict:
        return self._change(ticket_id, "ticket.cancelled", ("waiting",), staff, None,
                            lambda t: {"status": "cancelled", "finished_at": self._now()})

    def transfer(self, ticket_id: int, service_id: str, staff: str | None = None,
                 counter_id: int | None = None) -> dict:
        """Move a ticket to another service. It keeps its number and its original issue time,
        so it waits in the new service in the place it had in time."""
        target = self._service(service_id, field="service_id")

        def changes(ticket: dict) -> dict:
            if ticket["service_id"] == target["id"]:
                raise conflict("the ticket is already in that service",
                               f"Số {ticket['number']} đã thuộc lĩnh vực {target['name']}.", "service_id")
            return {"status": "waiting", "service_id": target["id"], "counter_id": None,
                    "called_at": None, "started_at": None, "transfers": (ticket["transfers"] or 0) + 1}
        return self._change(ticket_id, "ticket.transferred", ACTIVE, staff, counter_id, changes,
                            extra=lambda t: {"from_service": t["service_id"], "to_service": target["id"]})

    def mark_print_failed(self, ticket_id: int, reason: str, device: str | None = None) -> dict:
        return self._change(ticket_id, "ticket.print_failed", None, device, None,
                            lambda t: {"print_failed": 1}, extra=lambda t: {"reason": reason[:300]})

    def mark_printed(self, ticket_id: int, device: str | None = None) -> dict:
        return self._change(ticket_id, "ticket.reprinted", None, device, None, lambda t: {"print_failed": 0})

    # -- day rollover -------------------------------------------------------------------
    def roll_over(self) -> int:
        """Close yesterday's unfinished tickets as expired; return how many were closed."""
        events: list[dict] = []
        with self.store.write():
            self._roll_over(events)
        self._notify(events)
        return len(events)

    # -- internals ----------------------------------------------------------------------
    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="milliseconds")

    def _service(self, service_id: str, field: str = "service") -> dict:
        service = self.store.catalogue().service(service_id)
        if service is None or not service["active"]:
            raise not_found(field, f"unknown service {service_id!r}", "Không tìm thấy lĩnh vực này.")
        return service

    def _counter(self, counter_id: int) -> dict:
        counter = self.store.counter(counter_id)
        if counter is None or not counter["active"]:
            raise not_found("counter_id", f"unknown counter {counter_id!r}", "Không tìm thấy quầy này.")
        return counter

    def _ticket(self, ticket_id: int) -> dict:
        ticket = self.store.ticket(ticket_id)
        if ticket is None:
            raise not_found("ticket_id", f"no ticket with id {ticket_id}", "Không tìm thấy số thứ tự này.")
        return ticket

    def _roll_over(self, events: list[dict]) -> str:
        today = self.clock.today()
        if self._rolled_over_day == today or self.store.meta("current_day") == today:
            self._rolled_over_day = today
            return today
        for ticket in self.store.active_tickets_before(today):
            self.store.update_ticket(ticket["id"], status="expired", finished_at=self._now())
            events.append(self._log("ticket.expired", {**ticket, "status": "expired"}))
        self.store.reset_priority_streaks()
        self.store.set_meta("current_day", today)
        return today

    def _finish_current(self, counter: dict, staff: str | None, events: list[dict]) -> None:
        current = self.store.current_at_counter(counter["id"])
        if current:
            self.store.update_ticket(current["id"], status="done", finished_at=self._now())
            events.append(self._log("ticket.finished", self.store.ticket(current["id"]), staff,
                                    counter["id"], {"auto": True}))

    def _call(self, ticket_id: int, counter: dict, staff: str | None, events: list[dict]) -> int:
        if not self.store.update_ticket(ticket_id, expect_status=("waiting",), status="called",
                                        counter_id=counter["id"], staff=staff, called_at=self._now()):
            raise conflict("the ticket is no longer waiting", "Số này vừa được quầy khác gọi.")
        events.append(self._log("ticket.called", self.store.ticket(ticket_id), staff, counter["id"]))
        return ticket_id

    def _require_status(self, ticket: dict, allowed: tuple) -> None:
        if ticket["status"] in allowed:
            return
        raise conflict(f"ticket {ticket['id']} is {ticket['status']}, expected one of {', '.join(allowed)}",
                       _status_message(ticket, self.store))

    def _change(self, ticket_id, event_type, allowed, actor, counter_id, changes, extra=None) -> dict:
        events: list[dict] = []
        with self.store.write():
            ticket = self._ticket(ticket_id)
            if allowed is not None:
                self._require_status(ticket, allowed)
            if counter_id is not None and ticket["counter_id"] not in (None, counter_id):
                other = self.store.counter(ticket["counter_id"])
                raise conflict(f"ticket {ticket_id} is at counter {ticket['counter_id']}",
                               f"Số {ticket['number']} đang ở {other['name'] if other else 'quầy khác'}.",
                               "counter_id")
            data = extra(ticket) if extra else None
            fields = changes(ticket)
            self.store.update_ticket(ticket_id, **fields)
            events.append(self._log(event_type, self.store.ticket(ticket_id), actor,
                                    counter_id or ticket["counter_id"], data))
        return self._publish(events, ticket_id)

    def _log(self, event_type: str, ticket: dict, actor: str | None = None, counter_id: int | None = None,
             data: dict | None = None) -> dict:
        snapshot = {k: ticket[k] for k in ("number", "service_id", "issued_service_id", "procedure_code",
                                           "priority", "status", "offline", "day")}
        return self.store.append_event({
            "ticket_id": ticket["id"], "type": event_type, "at": self._now(), "actor": actor,
            "counter_id": counter_id if counter_id is not None else ticket.get("counter_id"),
            "data": {**snapshot, **(data or {})},
        })

    def _publish(self, events: list[dict], ticket_id: int) -> dict:
        self._notify(events)
        return self.ticket(ticket_id)

    def _notify(self, events: list[dict]) -> None:
        for event in events:
            for listener in self.listeners:
                listener(event)

    def _in_call_order(self, waiting: list[dict]) -> list[dict]:
        return sorted(waiting, key=lambda t: (t["priority"] is None, t["issued_at"], t["id"]))


def _candidate(ticket: dict) -> fairness.Candidate:
    return fairness.Candidate(ticket["id"], ticket["priority"], (ticket["issued_at"], ticket["id"]),
                              bool(ticket.get("appointment")))


_STATUS_VI = {"waiting": "đang chờ", "done": "đã hoàn thành", "no_show": "đã được đánh dấu vắng mặt",
              "cancelled": "đã bị hủy", "expired": "đã hết hạn"}


def _status_message(ticket: dict, store: Store) -> str:
    if ticket["status"] in AT_COUNTER and ticket["counter_id"]:
        counter = store.counter(ticket["counter_id"])
        return f"Số {ticket['number']} đã được {counter['name'] if counter else 'quầy khác'} gọi."
    return f"Số {ticket['number']} {_STATUS_VI.get(ticket['status'], ticket['status'])}."


__all__ = ["Queue", "QueueError"]