"""Issuing tickets: online from the service's run, offline uploads from a kiosk's own series,
and the same answer again for a request repeated with its client_id. Part of Queue
(kiosk/core/queue.py), which brings the store, the clock, the numbering and the event log.
"""
from __future__ import annotations

import re
import uuid

from kiosk.core import policy
from kiosk.core.errors import conflict, invalid, not_found
from kiosk.core.keys import public_key
from kiosk.core.ticket_numbers import RangeExhausted

_CLIENT_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class Issuing:
    """Queue's issuing methods (a mixin: Queue provides store, numbers, clock and the event helpers)."""

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
                view = self.view(ticket, just_issued=not offline)   # the row as inserted: nothing changed it since
        except RangeExhausted as exhausted:
            self._exhausted(exhausted.data, device)
            raise exhausted.error from None
        self._notify(events)
        return view, False

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
            "public_id": public_key(self.clock.now().timestamp()), "client_id": client_id, "day": day,
            "number": number,
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

    def _same_request(self, existing: dict, procedure_code: str) -> dict:
        if existing["procedure_code"] != procedure_code:
            raise conflict("client_id was already used for another procedure",
                           "Mã yêu cầu đã được dùng cho thủ tục khác.", "client_id")
        return self.view(existing)

    def _active_procedure(self, code: str) -> dict:
        if not isinstance(code, str) or not code:
            raise invalid("procedure_code", "procedure_code must be a non-empty string",
                          "Vui lòng chọn thủ tục.")
        procedure = self.store.catalogue().procedure(code)
        if procedure is None or not procedure["active"]:
            raise not_found("procedure_code", f"unknown or retired procedure code {code!r}",
                            "Không tìm thấy thủ tục này. Ông/bà vui lòng hỏi cán bộ hướng dẫn.")
        return procedure

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


def _check_client_id(client_id) -> None:
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise invalid("client_id", "client_id must be 8-64 characters of letters, digits and '-' (a UUID)",
                      "Mã yêu cầu không hợp lệ.")


def _check_priority(priority) -> None:
    if priority is not None and priority not in policy.PRIORITY_KINDS:
        raise invalid("priority", f"priority must be null or one of {', '.join(policy.PRIORITY_KINDS)}",
                      "Đối tượng ưu tiên không hợp lệ.")
