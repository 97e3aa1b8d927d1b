"""What every front end sees: one ticket (with the people ahead of it and its estimated
wait) and the overview of the queue per service and per counter (docs/CONTRACTS.md). Part
of Queue (kiosk/core/queue.py).
"""
from __future__ import annotations

from kiosk.core import policy
from kiosk.core.errors import not_found


class TicketViews:
    """Queue's reading methods (a mixin: Queue provides store, config and clock)."""

    def ticket(self, ticket_id: int) -> dict:
        return self.view(self._ticket(ticket_id))

    def ticket_by_public_id(self, public_id: str) -> dict:
        row = self.store.ticket_by("public_id", public_id)
        if row is None:
            raise not_found("public_id", "no ticket has this public id", "Không tìm thấy phiếu này.")
        return self.view(row)

    def view(self, ticket: dict, just_issued: bool = False) -> dict:
        """The ticket as every front end sees it (docs/CONTRACTS.md). `just_issued`: the
        ticket is at the back of its lane, where the people ahead are counted from the back."""
        catalogue = self.store.catalogue()
        service = catalogue.service(ticket["service_id"]) or {"id": ticket["service_id"], "name": "?"}
        serving = [c for c in catalogue.active_counters() if service["id"] in c["services"]]
        counter = catalogue.counter(ticket["counter_id"]) if ticket["counter_id"] else None
        ahead, wait = self._estimate(ticket, len(serving), just_issued)
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

    def _estimate(self, ticket: dict, open_counters: int, just_issued: bool = False) -> tuple[int, int]:
        if ticket["status"] != "waiting":
            return 0, 0
        ahead = (self.store.count_waiting_ahead_of_newest if just_issued else self.store.count_waiting_ahead)(ticket)
        recent = self.store.recent_service_minutes(ticket["service_id"], self.config.policy.estimate_window)
        if self.booked_ahead and not ticket["priority"]:
            mean = sum(recent) / len(recent) if recent else self.config.policy.default_service_minutes
            ahead = self.booked_ahead(ticket, ahead, mean / max(open_counters, 1))
        return ahead, policy.estimated_wait_minutes(ahead, recent, self.config.policy.default_service_minutes,
                                                    open_counters)


def _brief(ticket: dict) -> dict:
    return {"id": ticket["id"], "number": ticket["number"], "service_id": ticket["service_id"],
            "priority": ticket["priority"], "status": ticket["status"], "counter_id": ticket["counter_id"],
            "procedure_name": ticket["procedure_name"], "issued_at": ticket["issued_at"],
            "called_at": ticket["called_at"], "recalls": ticket["recalls"] or 0,
            "appointment": bool(ticket.get("appointment"))}
