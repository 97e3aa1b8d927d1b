"""The queue: issuing, calling and closing tickets. Knows nothing of Kivy or HTTP.

Every change runs in one store transaction that also appends to the event log; listeners
(the server's live event stream) are told after the commit.
"""
from __future__ import annotations

import re
import secrets
import uuid
from typing import Callable

from kiosk.clock import Clock
from kiosk.config import Config
from kiosk.core import fairness, missed, policy
from kiosk.core.errors import QueueError, conflict, invalid, not_found
from kiosk.core.ticket_numbers import RangeExhausted, TicketNumbers
from kiosk.store import Store

ACTIVE = ("waiting", "called", "serving")
AT_COUNTER = ("called", "serving")
_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

Listener = Callable[[dict], None]


class Queue:
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

    # -- issuing ------------------------------------------------------------------------
    def issue(self, procedure_code: str, priority: str | None = None, client_id: str | None = None,
              device: str | None = None, number: int | None = None, issued_at: str | None = None) -> dict:
        return self.issue_or_replay(procedure_code, priority, client_id, device, number, issued_at)[0]

    def issue_or_replay(self, procedure_code: str, priority: str | None = None, client_id: str | None = None,
                        device: str | None = None, number: int | None = None,
                        issued_at: str | None = None) -> tuple[dict, bool]:
        """Give a citizen a ticket. The same `client_id` always returns the same ticket.

        `number` and `issued_at` come only from a kiosk uploading a ticket it issued offline
        from its own series; the citizen keeps that number and their place in time. Online
        tickets take the service's next number and the server's time.
        """
        client_id = client_id or str(uuid.uuid4())
        _check_client_id(client_id)
        _check_priority(priority)
        offline = number is not None
        if issued_at is not None and not offline:
            raise invalid("issued_at", "issued_at is accepted only with the number of an offline ticket "
                          "from the kiosk's own series", "Thời điểm lấy số không hợp lệ.")
        day_and_time = self.numbers.offline_day(issued_at) if offline else None
        events: list[dict] = []
        try:
            with self.store.write():
                existing = self.store.ticket_by("client_id", client_id)
                if existing and offline and not existing["offline"] and existing["number"] != number:
                    self._adopt_offline_number(existing, procedure_code, number, day_and_time, device, events)
                    return self._publish(events, existing["id"]), True
                if existing:
                    return self._same_request(existing, procedure_code), True
                ticket = self._new_ticket(procedure_code, priority, client_id, device, number, day_and_time, events)
        except RangeExhausted as exhausted:
            self._exhausted(exhausted.data, device)
            raise exhausted.error from None
        return self._publish(events, ticket["id"]), False

    def _new_ticket(self, procedure_code, priority, client_id, device, number, day_and_time, events) -> dict:
        procedure = self._active_procedure(procedure_code)
        service = self._service(procedure["service"])
        day = self._roll_over(events)
        issued_at = self._now()
        if day_and_time:
            service = self._service_holding(number, service)
            day, issued_at = day_and_time
            self.numbers.check_offline(service, number, day, issued_at, device)
        else:
            number = self.numbers.next_online(day, service)
        ticket = self.store.insert_ticket({
            "public_id": secrets.token_urlsafe(12), "client_id": client_id, "day": day, "number": number,
            "issued_service_id": service["id"], "service_id": service["id"],
            "procedure_code": procedure["code"], "procedure_name": procedure["name"],
            "priority": priority, "status": "waiting" if day == self.clock.today() else "expired",
            "device": device, "issued_at": issued_at, "offline": int(day_and_time is not None),
        })
        events.append(self._log("ticket.issued", ticket, actor=device))
        last_of_series = day_and_time and self.numbers.exhausted_series(service, number, device)
        event = last_of_series and self.numbers.record_exhausted(last_of_series, self._now(), device)
        if event:
            events.append(event)
        return ticket

    def _adopt_offline_number(self, existing: dict, procedure_code: str, number: int, day_and_time: tuple,
                              device: str | None, events: list[dict]) -> None:
        """A kiosk uploads, as an offline ticket, a `client_id` the server already issued online.

        That happens when the online request was committed but its answer never reached the
        kiosk (the server died or was too slow after the commit): the kiosk then showed the
        citizen a number from its own series instead. Nobody ever saw the server's number,
        so the ticket takes the number and issue time the citizen holds.
        """
        self._same_request(existing, procedure_code)
        service = self._service(existing["issued_service_id"])
        day, issued_at = day_and_time
        self.numbers.check_offline(service, number, day, issued_at, device)
        self.store.update_ticket(existing["id"], number=number, day=day, issued_at=issued_at, offline=1)
        events.append(self._log("ticket.renumbered", self.store.ticket(existing["id"]), device,
                                data={"from_number": existing["number"], "to_number": number}))

    def _exhausted(self, data: dict, device: str | None) -> None:
        """Tell staff, in a transaction of its own (the refused issue was rolled back)."""
        with self.store.write():
            event = self.numbers.record_exhausted(data, self._now(), device)
        self._notify([event] if event else [])

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

    # -- reading ------------------------------------------------------------------------
    def ticket(self, ticket_id: int) -> dict:
        return self.view(self._ticket(ticket_id))

    def ticket_by_public_id(self, public_id: str) -> dict:
        row = self.store.ticket_by("public_id", public_id)
        if row is None:
            raise not_found("public_id", "no ticket has this public id", "Không tìm thấy phiếu này.")
        return self.view(row)

    def view(self, ticket: dict) -> dict:
        """The ticket as every front end sees it (docs/CONTRACTS.md)."""
        service = self.store.service(ticket["service_id"]) or {"id": ticket["service_id"], "name": "?"}
        serving = [c for c in self.store.counters() if service["id"] in c["services"]]
        counter = self.store.counter(ticket["counter_id"]) if ticket["counter_id"] else None
        ahead, wait = self._estimate(ticket, len(serving))
        return {
            "id": ticket["id"], "public_id": ticket["public_id"], "client_id": ticket["client_id"],
            "day": ticket["day"], "number": ticket["number"],
            "service": {"id": service["id"], "name": service["name"], "name_en": service.get("name_en") or "",
                        "waiting_area": service.get("waiting_area") or ""},
            "procedure": {"code": ticket["procedure_code"], "name": ticket["procedure_name"]},
            "priority": ticket["priority"], "status": ticket["status"],
            "counter": {"id": counter["id"], "name": counter["name"]} if counter else None,
            "counters": [{"id": c["id"], "name": c["name"]} for c in serving],
            "issued_at": ticket["issued_at"], "called_at": ticket["called_at"],
            "finished_at": ticket["finished_at"],
            "people_ahead": ahead, "estimated_wait_minutes": wait,
            "public_url": f"{self.config.server.public_url}/t/{ticket['public_id']}",
            "offline": bool(ticket["offline"]), "recalls": ticket["recalls"] or 0,
            "print_failed": bool(ticket["print_failed"]), "appointment": bool(ticket.get("appointment")),
        }

    def overview(self, recent: int = 8, waiting_shown: int = 10) -> dict:
        """What the lobby display and staff consoles show: per service and per counter.
        Each figure is an indexed read, so its cost does not grow with the queue."""
        counters = self.store.counters()
        services = []
        for service in self.store.services():
            serving = [c for c in counters if service["id"] in c["services"]]
            last = self.store.last_waiting(service["id"])
            services.append({
                "id": service["id"], "name": service["name"], "name_en": service.get("name_en") or "",
                "waiting_area": service.get("waiting_area") or "",
                "waiting_count": self.store.waiting_count(service["id"]),
                "estimated_wait_minutes": self._estimate(last, len(serving))[1] if last else 0,
                "waiting": [_brief(t) for t in self._first_in_call_order(service["id"], waiting_shown)],
            })
        at_counters = []
        for counter in counters:
            current = self.store.current_at_counter(counter["id"])
            at_counters.append({"id": counter["id"], "name": counter["name"], "services": counter["services"],
                                "current": _brief(current) if current else None})
        calls = [_brief(t) for t in self.store.recent_calls(recent)]
        return {"day": self.clock.today(), "services": services, "counters": at_counters, "recent_calls": calls}

    def _first_in_call_order(self, service_id: str, limit: int) -> list[dict]:
        """Priority tickets first, then normal ones, each oldest first (as _in_call_order)."""
        first = self.store.first_waiting(service_id, priority=True, limit=limit)
        return first + self.store.first_waiting(service_id, priority=False, limit=limit - len(first))

    # -- internals ----------------------------------------------------------------------
    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="milliseconds")

    def _same_request(self, existing: dict, procedure_code: str) -> dict:
        if existing["procedure_code"] != procedure_code:
            raise conflict("client_id was already used for another procedure",
                           "Mã yêu cầu đã được dùng cho thủ tục khác.", "client_id")
        return self.view(existing)

    def _active_procedure(self, code: str) -> dict:
        if not isinstance(code, str) or not code:
            raise invalid("procedure_code", "procedure_code must be a non-empty string",
                          "Vui lòng chọn thủ tục.")
        procedure = self.store.procedure(code)
        if procedure is None or not procedure["active"]:
            raise not_found("procedure_code", f"unknown or retired procedure code {code!r}",
                            "Không tìm thấy thủ tục này. Ông/bà vui lòng hỏi cán bộ hướng dẫn.")
        return procedure

    def _service(self, service_id: str, field: str = "service") -> dict:
        service = self.store.service(service_id)
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

    def _service_holding(self, number: int, service: dict) -> dict:
        """The service whose range holds an offline number: normally the procedure's; another
        when an admin moved the procedure while the kiosk was offline. The citizen's receipt
        names that service, so the ticket waits there (staff can transfer it)."""
        if not isinstance(number, int) or isinstance(number, bool):
            raise invalid("number", "number must be a whole number", "Số thứ tự này không hợp lệ.")
        if service["range_start"] <= number <= service["range_end"]:
            return service
        for other in self.store.services():
            if other["range_start"] <= number <= other["range_end"]:
                return other
        raise invalid("number", f"number {number} is in no service's range", "Số thứ tự này không hợp lệ.")

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

    def _estimate(self, ticket: dict, open_counters: int) -> tuple[int, int]:
        if ticket["status"] != "waiting":
            return 0, 0
        ahead = self.store.count_waiting_ahead(ticket)
        recent = self.store.recent_service_minutes(ticket["service_id"], self.config.policy.estimate_window)
        if self.booked_ahead and not ticket["priority"]:
            mean = sum(recent) / len(recent) if recent else self.config.policy.default_service_minutes
            ahead = self.booked_ahead(ticket, ahead, mean / max(open_counters, 1))
        return ahead, policy.estimated_wait_minutes(ahead, recent, self.config.policy.default_service_minutes,
                                                    open_counters)

    def _in_call_order(self, waiting: list[dict]) -> list[dict]:
        return sorted(waiting, key=lambda t: (t["priority"] is None, t["issued_at"], t["id"]))


def _candidate(ticket: dict) -> fairness.Candidate:
    return fairness.Candidate(ticket["id"], ticket["priority"], (ticket["issued_at"], ticket["id"]),
                              bool(ticket.get("appointment")))


def _brief(ticket: dict) -> dict:
    return {"id": ticket["id"], "number": ticket["number"], "service_id": ticket["service_id"],
            "priority": ticket["priority"], "status": ticket["status"], "counter_id": ticket["counter_id"],
            "procedure_name": ticket["procedure_name"], "issued_at": ticket["issued_at"],
            "called_at": ticket["called_at"], "recalls": ticket["recalls"] or 0,
            "appointment": bool(ticket.get("appointment"))}


def _check_client_id(client_id) -> None:
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise invalid("client_id", "client_id must be 8-64 characters of letters, digits and '-' (a UUID)",
                      "Mã yêu cầu không hợp lệ.")


def _check_priority(priority) -> None:
    if priority is not None and priority not in policy.PRIORITY_KINDS:
        raise invalid("priority", f"priority must be null or one of {', '.join(policy.PRIORITY_KINDS)}",
                      "Đối tượng ưu tiên không hợp lệ.")


_STATUS_VI = {"waiting": "đang chờ", "done": "đã hoàn thành", "no_show": "đã được đánh dấu vắng mặt",
              "cancelled": "đã bị hủy", "expired": "đã hết hạn"}


def _status_message(ticket: dict, store: Store) -> str:
    if ticket["status"] in AT_COUNTER and ticket["counter_id"]:
        counter = store.counter(ticket["counter_id"])
        return f"Số {ticket['number']} đã được {counter['name'] if counter else 'quầy khác'} gọi."
    return f"Số {ticket['number']} {_STATUS_VI.get(ticket['status'], ticket['status'])}."


__all__ = ["Queue", "QueueError"]
