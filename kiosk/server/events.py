"""Live events: the queue's event log streamed as Server-Sent Events.

Each stream reads the log itself (`id > last seen`), so a client reconnecting with
Last-Event-ID gets exactly what it missed, and no event can be lost between the commit
and the notification: the notification only wakes streams up.
"""
from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from kiosk.core.accounts import Principal
from kiosk.server.audience import event_for, viewer
from kiosk.server.ids import QueryId, last_event_id_header
from kiosk.server.ticket_access import without_secrets

KEEPALIVE_SECONDS = 15
POLL_SECONDS = 1.0   # also catches events written by another process on the same database

router = APIRouter()


class EventHub:
    """Wakes every open stream when the queue commits an event. Safe to call from any thread."""

    def __init__(self):
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiters: set[asyncio.Event] = set()

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def notify(self, _event: dict | None = None) -> None:
        if self.loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self._wake()
        else:
            self.loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        for waiter in list(self.waiters):
            waiter.set()

    async def wait(self, timeout: float) -> None:
        waiter = asyncio.Event()
        self.waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter.wait(), timeout)
        except asyncio.TimeoutError:
            pass
        finally:
            self.waiters.discard(waiter)


def public_event(row: dict, queue) -> dict:
    data = json.loads(row["data"]) if row["data"] else {}
    event = {"id": row["id"], "type": row["type"], "at": row["at"], "actor": row["actor"],
             "counter_id": row["counter_id"], "data": data, "ticket": None}
    if row["ticket_id"] is not None:
        ticket = queue.store.ticket(row["ticket_id"])
        if ticket:
            event["ticket"] = without_secrets(queue.view(ticket))
    return event


def sse_frame(event: dict) -> str:
    return f"id: {event['id']}\nevent: {event['type']}\ndata: {json.dumps(event, ensure_ascii=False)}\n\n"


@router.get("/api/events")
async def stream_events(request: Request, since: QueryId | None = None, who: Principal = Depends(viewer)):
    """Live events. Resume with the Last-Event-ID header (or ?since=ID); without either,
    the stream starts with what happens next. Staff, managers and admins get every event in
    full; everyone else the public view (kiosk/core/audience.py)."""
    state = request.app.state
    reader = state.reader
    last = since if since is not None else last_event_id_header(request)
    if last is None:
        last = reader.store.last_event_id()

    async def frames():
        nonlocal last
        yield "retry: 1000\n\n"
        idle = 0.0
        while not await request.is_disconnected():
            rows = reader.store.events_after(last, limit=200)
            for row in rows:
                last = row["id"]
                event = event_for(who, public_event(row, reader))
                if event is not None:
                    yield sse_frame(event)
            if rows:
                idle = 0.0
                continue
            await state.hub.wait(POLL_SECONDS)
            idle += POLL_SECONDS
            if idle >= KEEPALIVE_SECONDS:
                idle = 0.0
                yield ": keepalive\n\n"

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(frames(), media_type="text/event-stream", headers=headers)
