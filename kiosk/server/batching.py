"""Group commit: the queue writes of requests that arrive together share one durable commit.

A commit with `synchronous=FULL` waits for the disk (fsync), a few milliseconds on an old
PC. Committing every ticket alone would cap the server at a few hundred tickets a second
and make concurrent requests queue behind each other's fsync. Here, the first write opens a
transaction and schedules its commit for the end of the current event-loop turn; writes of
other requests already waiting in that turn run inside it, each in its own savepoint (so one
refused request never undoes another), and every response waits until the commit is on
disk. Nothing is acknowledged before it is durable.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Callable, TypeVar

from kiosk.store import Store

T = TypeVar("T")
log = logging.getLogger("kiosk.server")


class GroupCommit:
    def __init__(self, store: Store):
        self.store = store
        self._batch: asyncio.Future | None = None
        self.after_commit: list[Callable[[], None]] = []
        self.commits = 0

    async def run(self, operation: Callable[[], T]) -> T:
        """Run `operation` (a synchronous store write) in the current batch; return its
        result once the batch is committed."""
        batch = self._batch or self._open()
        result = operation()
        await asyncio.shield(batch)
        return result

    def _open(self) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        self.store.db.conn.execute("BEGIN IMMEDIATE")
        self._batch = loop.create_future()
        loop.call_soon(self._commit)
        return self._batch

    def _commit(self) -> None:
        batch, self._batch = self._batch, None
        conn = self.store.db.conn
        try:
            conn.execute("COMMIT")
        except Exception as error:  # disk full, I/O error: nobody in the batch is acknowledged
            log.exception("group commit failed; rolling back the batch")
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            batch.set_exception(error)
            return
        self.commits += 1
        batch.set_result(None)
        for callback in self.after_commit:
            callback()
