"""Errors the queue core raises: a precise reason for APIs and a Vietnamese message for people."""
from __future__ import annotations


class QueueError(Exception):
    """A request the queue refuses.

    kind: not_found | invalid | conflict | forbidden (the HTTP layer maps it to a status).
    field: the request field at fault, or None.
    reason: precise English for admins and API clients.
    message: Vietnamese for citizens and staff.
    """

    def __init__(self, kind: str, reason: str, message: str, field: str | None = None):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.message = message
        self.field = field

    def as_detail(self) -> dict:
        return {"field": self.field, "reason": self.reason, "message": self.message}


def not_found(field: str, reason: str, message: str) -> QueueError:
    return QueueError("not_found", reason, message, field)


def invalid(field: str, reason: str, message: str) -> QueueError:
    return QueueError("invalid", reason, message, field)


def conflict(reason: str, message: str, field: str | None = None) -> QueueError:
    return QueueError("conflict", reason, message, field)
