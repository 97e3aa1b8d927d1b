"""Repair from the kiosks: the server re-adopts the day's tickets it lost.

Every ticket a kiosk showed is in its journal (kiosk/sync/journal.py), a second copy of the
server's database. When the server loses committed tickets (a torn WAL, a restored backup),
the kiosks send them back: first the count and a hash of the day's client_ids (`compare`),
and only when those differ, the list (`adopt`). A lost ticket comes back with its number,
service, issue time, procedure and priority, as the citizen's receipt shows it; then the
day's sequence of every service moves above the highest number of the server's own series
that any copy holds, so the next online ticket never repeats a number a citizen holds.

Depends only on a ticket's service, day, number, issued_at, client_id, procedure, priority
and whether it was issued offline: not on how numbers were reserved.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Iterable

from kiosk.core.errors import QueueError, invalid
from kiosk.core.policy import PRIORITY_KINDS
from kiosk.core.queue import Queue, _check_client_id
from kiosk.core.ticket_numbers import RangeExhausted
from kiosk.store import repair as records

MAX_TICKETS = 1000


def day_digest(client_ids: Iterable[str]) -> str:
    """The hash both sides compute over a day's tickets: order-free, 32 hex digits."""
    return hashlib.sha256("\n".join(sorted(client_ids)).encode()).hexdigest()[:32]


class Repair:
    def __init__(self, queue: Queue):
        self.queue = queue
        self.store = queue.store

    def compare(self, day: str, device: str, count: int, digest: str) -> dict:
        """Does the server hold exactly the day's tickets this kiosk holds?"""
        held = records.device_day_client_ids(self.store, day, device)
        ours = day_digest(held)
        return {"day": day, "match": len(held) == count and ours == digest, "count": len(held), "digest": ours}

    def adopt(self, day: str, device: str, tickets: list[dict], unshown: Iterable[str] = ()) -> dict:
        """Re-adopt the tickets of `day` the server does not hold.

        `unshown`: client_ids the kiosk was just given online and has not shown yet. When a
        lost ticket's number was given again to one of those (the server restarted unnoticed),
        the lost ticket keeps its number, since its citizen holds it, and the unshown one is
        renumbered above every number held. Any other clash is a conflict for staff.
        Returns {"adopted", "present", "renumbered", "conflicts", "refused", "next_numbers"}."""
        _check_day(day, self.queue.clock.today())
        if len(tickets) > MAX_TICKETS:
            raise invalid("tickets", f"at most {MAX_TICKETS} tickets per request", "Quá nhiều số thứ tự trong một lần gửi.")
        unshown = set(unshown)
        outcome = {"adopted": [], "present": 0, "renumbered": [], "conflicts": [], "refused": []}
        events, deferred = [], []
        with self.store.write():
            for ticket in tickets:
                holder = self._classify(ticket, day, outcome)
                if holder is None:
                    continue
                if holder is True:
                    self._adopt_one(ticket, day, device, outcome, events)
                elif holder["client_id"] in unshown and holder["device"] == device:
                    deferred.append((ticket, holder))
                else:
                    outcome["conflicts"].append(_conflict(ticket, f"number {ticket['number']} is held by ticket {holder['id']}"))
                    events.append(self.queue._log("ticket.repair_conflict", holder, device,
                                                  data={"lost_client_id": ticket["client_id"],
                                                        "lost_issued_at": ticket["issued_at"]}))
            services = {t["service_id"] for t in tickets}
            self._continue_numbering(day, services)
            for ticket, holder in deferred:
                self._renumber(holder, day, device, outcome, events)
                self._adopt_one(ticket, day, device, outcome, events)
            outcome["next_numbers"] = self._continue_numbering(day, services)
        self.queue._notify(events)
        return outcome

    def _classify(self, ticket: dict, day: str, outcome: dict):
        """None: nothing to do (present or refused); True: free to adopt; else the ticket holding its number."""
        try:
            _check_ticket(ticket, day)
        except QueueError as error:
            outcome["refused"].append({"client_id": ticket.get("client_id"), "number": ticket.get("number"),
                                       "reason": error.reason})
            return None
        if self.store.ticket_by("client_id", ticket["client_id"]):
            outcome["present"] += 1
            return None
        if self.store.service(ticket["service_id"]) is None:
            outcome["refused"].append(_conflict(ticket, f"unknown service {ticket['service_id']!r}"))
            return None
        holder = records.holder_of_number(self.store, day, ticket["service_id"], ticket["number"])
        return True if holder is None else holder

    def _adopt_one(self, ticket: dict, day: str, device: str, outcome: dict, events: list) -> None:
        row = self._insert(ticket, self.store.service(ticket["service_id"]), day, device)
        events.append(self.queue._log("ticket.issued", row, device, data={"repaired": True}))
        outcome["adopted"].append({"client_id": row["client_id"], "number": row["number"], "id": row["id"]})

    def _renumber(self, holder: dict, day: str, device: str, outcome: dict, events: list) -> None:
        try:
            number = self.queue.numbers.next_online(day, self.store.service(holder["issued_service_id"]))
        except RangeExhausted as exhausted:
            raise exhausted.error from None
        self.store.update_ticket(holder["id"], number=number)
        events.append(self.queue._log("ticket.renumbered", self.store.ticket(holder["id"]), device,
                                      data={"from_number": holder["number"], "to_number": number, "repaired": True}))
        outcome["renumbered"].append({"client_id": holder["client_id"], "from_number": holder["number"],
                                      "to_number": number})

    def _insert(self, ticket: dict, service: dict, day: str, device: str) -> dict:
        procedure = self.store.procedure(ticket["procedure_code"]) or {}
        public_id = ticket.get("public_id")
        if not isinstance(public_id, str) or not 8 <= len(public_id) <= 64 or self.store.ticket_by("public_id", public_id):
            public_id = secrets.token_urlsafe(12)        # the receipt's QR code keeps working when it can
        return self.store.insert_ticket({
            "public_id": public_id, "client_id": ticket["client_id"], "day": day, "number": ticket["number"],
            "issued_service_id": service["id"], "service_id": service["id"],
            "procedure_code": ticket["procedure_code"],
            "procedure_name": procedure.get("name") or ticket.get("procedure_name") or ticket["procedure_code"],
            "priority": ticket.get("priority"), "status": "waiting", "device": device,
            "issued_at": ticket["issued_at"], "offline": int(bool(ticket.get("offline"))),
        })

    def _continue_numbering(self, day: str, service_ids: set[str]) -> dict[str, int]:
        """Move each service's sequence above the highest online-series number now held."""
        moved = {}
        for service_id in sorted(service_ids):
            if self.store.service(service_id) is None:
                continue
            highest = records.highest_online_number(self.store, day, service_id)
            if highest is not None:
                moved[service_id] = records.raise_sequence_above(self.store, day, service_id, highest)
        return moved


def _check_day(day: str, today: str) -> None:
    if day != today:
        raise invalid("day", f"only today's tickets ({today}) can be re-adopted, not {day}",
                      "Chỉ khôi phục được số thứ tự của ngày hôm nay.")


def _check_ticket(ticket: dict, day: str) -> None:
    _check_client_id(ticket.get("client_id"))
    number = ticket.get("number")
    if not isinstance(number, int) or not 1 <= number <= 99999:
        raise invalid("tickets.number", f"number {number!r} is out of range", "Số thứ tự không hợp lệ.")
    try:
        moment = datetime.fromisoformat(ticket.get("issued_at") or "")
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or ticket["issued_at"][:10] != day:
        raise invalid("tickets.issued_at", f"issued_at {ticket.get('issued_at')!r} is not an ISO time of {day}",
                      "Thời điểm cấp số không hợp lệ.")
    if ticket.get("priority") not in (None, *PRIORITY_KINDS):
        raise invalid("tickets.priority", f"unknown priority {ticket.get('priority')!r}", "Đối tượng ưu tiên không hợp lệ.")


def _conflict(ticket: dict, reason: str) -> dict:
    return {"client_id": ticket["client_id"], "number": ticket["number"], "reason": reason}
