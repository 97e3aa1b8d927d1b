"""What a counter's staff console needs beyond the queue itself: today's counts for the
counter, the receipts that failed to print, and the rules of a reprint."""
from __future__ import annotations

from kiosk.core.errors import conflict
from kiosk.core.queue import ACTIVE, Queue, _brief


def counter_today(queue: Queue, counter_id: int) -> dict:
    """Today's work at one counter, counted from the event log."""
    counter = queue._counter(counter_id)
    day = queue.clock.today()
    counts = queue.store.counter_event_counts(counter["id"], day)
    waiting = sum(queue.store.waiting_count(service_id) for service_id in set(counter["services"]))
    return {
        "counter_id": counter["id"], "day": day,
        "called": counts.get("ticket.called", 0),
        "done": counts.get("ticket.finished", 0),
        "no_show": counts.get("ticket.no_show", 0) - counts.get("ticket.no_show_undone", 0),
        "no_show_undone": counts.get("ticket.no_show_undone", 0),
        "requeued": counts.get("ticket.requeued", 0),
        "transferred": counts.get("ticket.transferred", 0),
        "recalled": counts.get("ticket.recalled", 0),
        "waiting": waiting,
        "recalls_before_no_show": queue.config.policy.recalls_before_no_show,
    }


def waiting_for(queue: Queue, counter_id: int) -> list[dict]:
    """Everyone waiting for the counter's services, priority first then by issue time, so
    staff can call a specific ticket (the overview shows only the first few per service)."""
    counter = queue._counter(counter_id)
    waiting = queue._in_call_order(queue.store.waiting_tickets(counter["services"]))
    return [_brief(t) for t in waiting]


def print_failed(queue: Queue) -> list[dict]:
    """Today's unfinished tickets whose receipt did not print, oldest first."""
    return [queue.view(t) for t in queue.store.print_failed_tickets(queue.clock.today())]


def ticket_to_reprint(queue: Queue, ticket_id: int) -> dict:
    """The ticket a reprint will print; only a ticket still in the queue is worth a receipt."""
    ticket = queue.ticket(ticket_id)
    if ticket["status"] not in ACTIVE:
        raise conflict(f"ticket {ticket_id} is {ticket['status']}; only an active ticket is reprinted",
                       f"Số {ticket['number']} đã kết thúc, không cần in lại phiếu.")
    return ticket


def record_reprint(queue: Queue, ticket_id: int, outcome, actor: str | None) -> dict:
    """After the printer answered: mark the ticket printed, or refuse with the printer's reason."""
    if not outcome.ok:
        raise conflict(f"reprint failed: {outcome.code}: {outcome.reason}",
                       outcome.message or "Không in được phiếu. Vui lòng kiểm tra máy in.", "printer")
    return queue.mark_printed(ticket_id, device=actor)
