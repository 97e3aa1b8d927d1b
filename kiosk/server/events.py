"""Live events: the queue's event log streamed as Server-Sent Events.

Each stream reads the log itself (`id > last seen`), so a client reconnecting with
Last-Event-ID gets exactly what it missed, and no event can be lost between the commit
and the notification: the notification only wakes streams up.
"""
from __future__ import annotations

import asyncio
import bisect
import collections
import json
import weakref
from typing import Callable

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, StreamingResponse

from kiosk.core import audience
from kiosk.core.accounts import Principal
from kiosk.server.audience import sees_everything, viewer
from kiosk.server.errors import detail
from kiosk.server.ids import QueryId, last_event_id_header
from kiosk.server.ticket_access import without_secrets

POLL_SECONDS = 1.0   # also catches events written by another process on the same database
WAKE_SLICE = 25      # streams woken per event-loop turn
READ_AT_ONCE = 200   # events the tail reads from the log in one query

router = APIRouter()


class EventHub:
    """Wakes the event log's reader (EventTail) when the queue commits. Safe to call from any
    thread. A notice that comes while the reader is busy is kept, so its next wait returns at
    once: the reader need not read the log again after each read just in case."""

    def __init__(self):
        self.loop: asyncio.AbstractEventLoop | None = None
        self._waiter: asyncio.Future | None = None
        self._notified = False        # a commit since the reader's last wait

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
        self._notified = True
        if self._waiter is not None:
            _settle(self._waiter)

    async def wait(self, timeout: float) -> None:
        """Until a commit since the last wait returned, or `timeout` seconds (a plain future and
        a timer: this runs after every commit, and wait_for would start a task each time)."""
        if not self._notified:
            loop = asyncio.get_running_loop()
            self._waiter = waiter = loop.create_future()
            timer = loop.call_later(timeout, _settle, waiter)
            try:
                await waiter
            finally:
                timer.cancel()
                self._waiter = None
        self._notified = False


def _settle(waiter: asyncio.Future) -> None:
    if not waiter.done():
        waiter.set_result(None)


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


def audience_frames(event: dict) -> tuple[str, str | None]:
    """The event's frame for staff, managers and admins, and for everyone else (None: not shown
    to the public at all; kiosk/core/audience.py)."""
    public = audience.public_event(event)
    return sse_frame(event), (sse_frame(public) if public is not None else None)


class _Logged:
    """One event of the log as the tail holds it: its row, and its frames once a stream asked."""

    __slots__ = ("row", "frames")

    def __init__(self, row: dict):
        self.row, self.frames = row, None

    def frame(self, reader, full: bool) -> str | None:
        if self.frames is None:
            self.frames = audience_frames(public_event(self.row, reader))
        return self.frames[0 if full else 1]


class EventTail:
    """One reader of the event log for every open stream: it reads each new event once (on
    a commit notice, or every POLL_SECONDS for other processes' writes), and the first stream
    that sends it renders its frame for all, so a thousand open streams cost one query per
    event, not a thousand, and no stream open costs no rendering at all."""

    KEEP = 1000   # recent events held in memory; a stream further behind reads the log itself

    def __init__(self, reader, hub: EventHub, durable: Callable[[], int | None] = lambda: None):
        """`durable()`: the last event id on disk while a commit waits for the disk, else None
        (kiosk/server/batching.py): a stream never shows what a power cut could still undo."""
        self.reader, self.hub, self.durable = reader, hub, durable
        self.ids: list[int] = []      # ascending, with the events alongside
        self.events: list[_Logged] = []
        self.last_id = reader.store.last_event_id() or 0
        self._waiters: list[asyncio.Future] = []
        self._task: asyncio.Task | None = None

    @classmethod
    def start(cls, reader, hub: EventHub, durable: Callable[[], int | None] = lambda: None) -> "EventTail":
        tail = cls(reader, hub, durable)
        tail._task = asyncio.get_running_loop().create_task(tail._run())
        return tail

    def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _run(self) -> None:
        while True:
            rows = self.reader.store.events_after(self.last_id, limit=READ_AT_ONCE, upto=self.durable())
            for row in rows:
                self.ids.append(row["id"])
                self.events.append(_Logged(row))
                self.last_id = row["id"]
            if len(self.ids) > self.KEEP:
                del self.ids[:-self.KEEP], self.events[:-self.KEEP]
            if rows:
                await self._wake_streams()
            if len(rows) == READ_AT_ONCE:
                continue                  # more are waiting in the log
            self._waiters = [w for w in self._waiters if not w.done()]   # those a heartbeat timed out
            await self.hub.wait(POLL_SECONDS)     # at once if a commit came since this read

    def frames_after(self, last: int, full: bool) -> list[tuple[int, str | None]] | None:
        """(id, frame) of the events after `last` in the full or the public view (frame None:
        not shown to that audience), or None when they are no longer in memory."""
        if last >= self.last_id:
            return []
        if not self.ids or self.ids[0] > last + 1:
            return None
        start = bisect.bisect_right(self.ids, last)
        return [(event_id, event.frame(self.reader, full))
                for event_id, event in zip(self.ids[start:], self.events[start:])]

    async def _wake_streams(self) -> None:
        """Wake the waiting streams a slice at a time, yielding to the loop in between, so a
        ticket request that arrives meanwhile waits for one slice, not for every stream."""
        waiters, self._waiters = self._waiters, []
        for start in range(0, len(waiters), WAKE_SLICE):
            for waiter in waiters[start:start + WAKE_SLICE]:
                if not waiter.done():
                    waiter.set_result(True)
            await asyncio.sleep(0)

    async def wait_newer(self, last: int, timeout: float) -> bool:
        """True when events after `last` are in memory; False after `timeout` without any."""
        if self.last_id > last:
            return True
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self._waiters.append(waiter)
        expiry = loop.call_later(timeout, lambda: waiter.done() or waiter.set_result(False))
        try:
            return await waiter
        finally:
            expiry.cancel()


class StreamSlots:
    """Open streams per client address and in total; a refusal is the error shape."""

    def __init__(self, per_address: int, total: int):
        self.per_address, self.total = per_address, total
        self.by_address: collections.Counter[str] = collections.Counter()

    def take(self, address: str) -> JSONResponse | None:
        if sum(self.by_address.values()) >= self.total:
            return JSONResponse(detail(None, f"the server already holds {self.total} event streams (the limit)",
                                       "Máy chủ đang quá tải, vui lòng thử lại sau."),
                                status_code=503, headers={"Retry-After": "10"})
        if self.by_address[address] >= self.per_address:
            return JSONResponse(detail(None, f"{self.per_address} event streams are already open from this "
                                             "address (the limit); close one first",
                                       "Đã mở quá nhiều màn hình theo dõi từ máy này."),
                                status_code=429, headers={"Retry-After": "10"})
        self.by_address[address] += 1
        return None

    def release(self, address: str) -> None:
        self.by_address[address] -= 1
        if self.by_address[address] <= 0:
            del self.by_address[address]


def stream_slots(state) -> StreamSlots:
    if getattr(state, "stream_slots", None) is None:
        limits = state.config.limits
        total = min(limits.streams_total, getattr(state, "stream_budget", None) or limits.streams_total)
        state.stream_slots = StreamSlots(limits.streams_per_address, total)
    return state.stream_slots


def _device_check(store, who: Principal):
    """For a device's stream: is the device still active? Asked each time the stream wakes (an
    event or a heartbeat); a revoke logs `device.revoked`, which wakes every stream, so the
    revoked device's ends at once. Devices are few; people's streams never ask."""
    if who.kind != "device":
        return lambda: True

    def active() -> bool:
        device = store.device(who.name)
        return bool(device and device["active"])
    return active


@router.get("/api/events")
async def stream_events(request: Request, since: QueryId | None = None, who: Principal = Depends(viewer)):
    """Live events. Resume with the Last-Event-ID header (or ?since=ID); without either,
    the stream starts with what happens next. Staff, managers and admins get every event in
    full; everyone else the public view (kiosk/core/audience.py). A comment line (`: heartbeat`)
    is sent after `limits.heartbeat_seconds` without events, so clients see the stream alive."""
    state = request.app.state
    reader, tail = state.reader, state.tail
    full = sees_everything(who)
    last = since if since is not None else last_event_id_header(request)
    if last is None:
        last = tail.last_id
    address = request.client.host if request.client else "unknown"
    slots = stream_slots(state)
    refused = slots.take(address)
    if refused is not None:
        return refused
    heartbeat = state.config.limits.heartbeat_seconds

    released = []

    def release() -> None:
        if not released:
            released.append(True)
            slots.release(address)

    still_allowed = _device_check(reader.store, who)

    async def frames():
        nonlocal last
        try:
            yield "retry: 1000\n\n"
            while still_allowed():
                recent = tail.frames_after(last, full)
                if recent is None:   # a replay from further back than memory holds
                    recent = [(row["id"], audience_frames(public_event(row, reader))[0 if full else 1])
                              for row in reader.store.events_after(last, limit=200, upto=tail.durable())]
                for event_id, frame in recent:
                    last = event_id
                    if frame is not None:
                        yield frame
                if not recent and not await tail.wait_newer(last, heartbeat):
                    yield ": heartbeat\n\n"
        finally:
            release()

    body = frames()
    weakref.finalize(body, release)   # also when the stream never started
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(body, media_type="text/event-stream", headers=headers)
