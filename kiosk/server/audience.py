"""Who gets the full view of the queue and who the public one (kiosk/core/audience.py).

Staff, managers and admins (logged-in users) see priority kinds, procedures, actors and
ratings. Everyone else sees the public view: no token, a kiosk's or a display's token (the
lobby display and the kiosk need only numbers, counters and waiting counts), or a token
that is no longer valid (a lobby TV's browser with an expired staff session must keep
showing the board, and a bad token must never see more than no token)."""
from __future__ import annotations

from fastapi import Request

from kiosk.core import audience
from kiosk.core.accounts import ANONYMOUS, Principal, RevokedDevice
from kiosk.core.errors import QueueError
from kiosk.server.auth import current_principal

FULL_VIEW_ROLES = ("staff", "manager", "admin")


async def viewer(request: Request) -> Principal:
    """The caller, or anonymous when its credentials do not hold (a read-only view only)."""
    try:
        return await current_principal(request)
    except RevokedDevice:
        raise
    except QueueError:
        return ANONYMOUS


def sees_everything(who: Principal) -> bool:
    return who.kind == "user" and who.role in FULL_VIEW_ROLES


def event_for(who: Principal, event: dict) -> dict | None:
    """A stream event as `who` may see it; None when `who` does not see it at all."""
    return event if sees_everything(who) else audience.public_event(event)


def overview_for(who: Principal, overview: dict) -> dict:
    return overview if sees_everything(who) else audience.public_overview(overview)


def display_state_for(who: Principal, state: dict) -> dict:
    return state if sees_everything(who) else audience.public_display_state(state)
