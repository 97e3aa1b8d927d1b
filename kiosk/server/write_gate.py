"""Lets a thread of the server take the database's write lock without stalling the event loop.

The event loop writes synchronously (kiosk/server/batching.py). Should it begin a transaction
while another connection holds the write lock, SQLite's busy handler sleeps in the loop's
thread, in growing steps (1, 2, 5, 10, 15, 20, 25 ms...): a 40 ms hold by an import's publish
stalled every request for 55-80 ms. A thread of this process (an import applying) instead
holds the gate around each of its write transactions; while the gate is held, GroupCommit
waits for it asynchronously before it begins, and the loop serves everything else meanwhile.

    hold = writes.gate.holder()          # on the event loop
    with hold(), store.write(): ...      # in the thread

The gate's state changes on the event loop only: `hold()` returns once the loop has closed it,
so no transaction the loop begins afterwards can race the thread for the lock.
"""
from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from typing import Callable, ContextManager, Iterator

CLOSE_WAIT_SECONDS = 1.0   # a loop that does not answer (shutting down): go ahead; SQLite still serialises


class WriteGate:
    def __init__(self) -> None:
        self._holders = 0
        self._reopened: asyncio.Future | None = None
        self._waiters = 0
        self._deferred: list[Callable[[], None]] = []   # closings held back for the writers already waiting

    @property
    def closed(self) -> bool:
        return self._holders > 0

    async def wait(self) -> None:
        """Return once no thread holds the gate (on the event loop). A thread closing the gate
        again at once (an import's next chunk) waits until the writers woken have begun: the
        caller begins its transaction before it next awaits."""
        self._waiters += 1
        try:
            while self._reopened is not None:
                await asyncio.shield(self._reopened)
        finally:
            self._waiters -= 1
            if self._waiters == 0 and self._deferred:
                loop = asyncio.get_running_loop()
                for close in self._deferred:
                    loop.call_soon(close)
                self._deferred.clear()

    def holder(self) -> Callable[[], ContextManager[None]]:
        """`hold()` for a thread, bound to the running event loop (call this on the loop)."""
        loop = asyncio.get_running_loop()
        return lambda: self._held(loop)

    @contextmanager
    def _held(self, loop: asyncio.AbstractEventLoop) -> Iterator[None]:
        closed = threading.Event()

        def close() -> None:
            if self._holders == 0 and self._waiters:
                self._deferred.append(close)
                return
            self._holders += 1
            if self._reopened is None:
                self._reopened = loop.create_future()
            closed.set()
        if not _call_soon(loop, close):
            yield
            return
        closed.wait(CLOSE_WAIT_SECONDS)
        try:
            yield
        finally:
            _call_soon(loop, self._reopen)   # after close() even if that was late: callbacks run in order

    def _reopen(self) -> None:
        self._holders -= 1
        if self._holders == 0 and self._reopened is not None:
            reopened, self._reopened = self._reopened, None
            reopened.set_result(None)


def _call_soon(loop: asyncio.AbstractEventLoop, callback) -> bool:
    try:
        loop.call_soon_threadsafe(callback)
    except RuntimeError:   # the loop is closed
        return False
    return True
