"""What the public may see of the queue: the lobby display's view, with nothing personal.

Anyone in the lobby can read the event stream, the queue overview and the display state
(no token, or a kiosk or display device's token). They get numbers, services, counters,
statuses and times, and whether a ticket has priority (the display marks those numbers),
but never the kind of priority ("disability" is health data), the procedure a citizen came
for, who served or changed a ticket (staff and admin usernames), ratings and their reasons,
or a ticket's public_id and client_id (with a public_id anyone could rate that ticket).

Staff, managers and admins get the full view. These are pure functions over the JSON the
queue produces; the server decides who is who.
"""
from __future__ import annotations

PUBLIC_TICKET_KEYS = ("id", "day", "number", "service", "status", "counter", "counters", "priority",
                      "issued_at", "called_at", "finished_at", "people_ahead", "estimated_wait_minutes",
                      "offline", "recalls")
PUBLIC_BRIEF_KEYS = ("id", "number", "service_id", "priority", "status", "counter_id", "issued_at",
                     "called_at", "recalls")
# What a ticket event's data may carry in public: its snapshot minus priority kind and
# procedure, and the from/to of transfers and renumbering.
PUBLIC_TICKET_DATA = ("number", "service_id", "issued_service_id", "status", "offline", "day", "priority",
                      "from_service", "to_service", "from_number", "to_number")
# Centre events (catalogue, centre, settings changed) say which codes, services, counters or
# keys changed, so kiosks and displays know what to re-read.
PUBLIC_CENTRE_DATA = ("codes", "action", "services", "counters", "keys")
# Event types that are nobody's business in the lobby.
PRIVATE_TYPES = ("ticket.rating_reason", "ticket.review", "device.changed", "device.revoked", "device.paired")


def public_event(event: dict) -> dict | None:
    """An event of the stream as the public sees it, or None when the public does not see it."""
    if event["type"] in PRIVATE_TYPES:
        return None
    data = event.get("data") or {}
    allowed = PUBLIC_TICKET_DATA if event["type"].startswith("ticket.") else PUBLIC_CENTRE_DATA
    shown = {key: data[key] for key in allowed if key in data}
    if "priority" in shown:
        shown["priority"] = bool(shown["priority"])
    ticket = event.get("ticket")
    return {"id": event["id"], "type": event["type"], "at": event["at"], "counter_id": event.get("counter_id"),
            "data": shown, "ticket": public_ticket(ticket) if ticket else None}


def public_ticket(ticket: dict) -> dict:
    """A ticket (queue.view) as the display sees it: a priority flag, no kind, no ids to act on it."""
    shown = {key: ticket[key] for key in PUBLIC_TICKET_KEYS if key in ticket}
    shown["priority"] = bool(ticket.get("priority"))
    return shown


def public_brief(ticket: dict) -> dict:
    """A ticket of the queue overview's lists, as the display sees it."""
    shown = {key: ticket[key] for key in PUBLIC_BRIEF_KEYS if key in ticket}
    shown["priority"] = bool(ticket.get("priority"))
    return shown


def public_overview(overview: dict) -> dict:
    """queue.overview() with every listed ticket reduced to its public brief."""
    services = [{**service, "waiting": [public_brief(t) for t in service["waiting"]]}
                for service in overview["services"]]
    counters = [{**counter, "current": public_brief(counter["current"]) if counter["current"] else None}
                for counter in overview["counters"]]
    return {**overview, "services": services, "counters": counters,
            "recent_calls": [public_brief(t) for t in overview["recent_calls"]]}


def public_display_state(state: dict) -> dict:
    """display.state() for the public display."""
    return {**state, "overview": public_overview(state["overview"])}
