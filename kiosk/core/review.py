"""Tickets staff must look at: those a revoked device uploaded from its offline queue.

A citizen holding such a number must not lose their place (the ticket is accepted), but the
device was revoked for a reason (stolen, broken, replaced), so staff are told: the ticket is
flagged and a `ticket.review` event is logged."""
from __future__ import annotations

from kiosk.store import Store

TICKET_REVIEW = "ticket.review"
REVOKED_UPLOAD = "uploaded by a revoked device"


def hold_for_review(store: Store, ticket: dict, device: str, at: str, reason: str = REVOKED_UPLOAD) -> dict:
    """Flag an accepted ticket and log why; call inside the write transaction that stored it."""
    store.flag_for_review(ticket["id"], reason)
    store.append_event({"ticket_id": ticket["id"], "type": TICKET_REVIEW, "at": at, "actor": device,
                        "counter_id": None, "data": {"device": device, "reason": reason, "number": ticket["number"]}})
    return {**ticket, "review": reason}
