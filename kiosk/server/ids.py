"""Ids in paths, queries and bodies, limited to what SQLite can hold.

SQLite integers are signed 64-bit: an id of 2^63 or more makes the driver raise
OverflowError, which used to surface as a 500. Every route takes its ids through these
types, so such an id gets a 422 in the error shape before any query runs."""
from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Request
from pydantic import Field

SQLITE_MAX_INT = 2**63 - 1

PathId = Annotated[int, Path(ge=1, le=SQLITE_MAX_INT)]
QueryId = Annotated[int, Query(ge=0, le=SQLITE_MAX_INT)]
BodyId = Annotated[int, Field(ge=1, le=SQLITE_MAX_INT)]


def last_event_id_header(request: Request) -> int | None:
    """The Last-Event-ID a reconnecting EventSource sends; None when absent or not an event id."""
    header = request.headers.get("last-event-id", "")
    if header.isascii() and header.isdigit() and len(header) <= 19 and int(header) <= SQLITE_MAX_INT:
        return int(header)
    return None
