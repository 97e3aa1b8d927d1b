"""Which tickets a caller may read, and whether it sees the ticket's secrets.

A ticket's `public_id` opens its page and lets its holder rate the service; its `client_id`
lets a kiosk replay the issue. Only the kiosk that issued the ticket gets them back (in the
issue response, and from GET /api/tickets/{id}); staff, managers and admins act on tickets
by id and never need them (a staff member holding a public_id could rate their own work).
A kiosk reads and marks only the tickets it issued: another kiosk's ticket answers 404, as
a ticket that does not exist, so ids cannot be probed."""
from __future__ import annotations

from kiosk.core.accounts import Principal
from kiosk.core.errors import not_found

SECRETS = ("public_id", "client_id", "public_url")   # public_url holds the public_id


def check_readable(store, who: Principal, ticket_id: int) -> None:
    """Refuse a kiosk a ticket it did not issue (404 in the error shape)."""
    if who.role != "kiosk":
        return
    row = store.ticket(ticket_id)
    if row is None or row["device"] != who.name:
        raise not_found("ticket_id", f"no ticket with id {ticket_id} issued by this kiosk",
                        "Không tìm thấy số thứ tự này.")


def shown_to(who: Principal, ticket: dict, store) -> dict:
    """The ticket JSON with its secrets only for the device that issued it."""
    if who.kind == "device" and (store.ticket(ticket["id"]) or {}).get("device") == who.name:
        return ticket
    return {key: value for key, value in ticket.items() if key not in SECRETS}


def without_secrets(ticket: dict | None) -> dict | None:
    """A ticket answered to staff (their actions on it, the reprint list)."""
    if ticket is None:
        return None
    return {key: value for key, value in ticket.items() if key not in SECRETS}
