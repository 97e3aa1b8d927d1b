"""Group commit: the queue writes of requests that arrive together share one durable commit.

A commit with `synchronous=FULL` waits for the disk (fsync), a few milliseconds on an old
PC. Committing every ticket alone would cap the server at a few hundred tickets a second
and make concurrent requests queue behind each other's fsync. Here, the first write opens a
transaction and schedules its commit for the end of the current event-loop turn; writes of
other requests already waiting in that turn run inside it, each in its own savepoint (so one
refused request never undoes another), and every response waits until the commit is on
disk. Nothing is acknowledged before it is durable.

On a database file the COMMIT (and so the fsync) runs on a thread of its own: the event
loop meanwhile reads, authenticates and answers other requests, and the writes that arrive
during the fsync wait for it and then share the next commit. The connection is never used
by two threads at once: no write starts until the last COMMIT returned, and while the
transaction holds SQLite's write lock no other connection can commit, so the memo's
`data_version` check has nothing to see (kiosk/store/memo.py `hold`).

When the disk refuses a write (full, I/O error), SQLite may roll back the whole open
transaction, savepoints and all. So one storage fault fails the whole batch: every request
waiting in it gets a StorageFault (503), none is acknowledged, and requests arriving later in
the same turn fail at once instead of writing outside the lost transaction.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from kiosk.server.storage import StorageFault, storage_fault_kind
from kiosk.server.write_gate import WriteGate
from kiosk.store import Store

T = TypeVar("T")
log = logging.getLogger("kiosk.server")


class GroupCommit:
    def __init__(self, store: Store, commit_off_loop: bool = False):
        self.store = store
        self._batch: asyncio.Future | None = None
        self._failure: BaseException | None = None    # a storage fault that spoilt the open batch
        self._flushing: asyncio.Future | None = None  # the last batch's COMMIT, still on its way to disk
        self._disk = ThreadPoolExecutor(1, thread_name_prefix="group-commit") if commit_off_loop else None
        self.after_commit: list[Callable[[], None]] = []
        self.commits = 0
        self.gate = WriteGate()   # held by an import's thread while it writes (kiosk/server/write_gate.py)

    async def run(self, operation: Callable[[], T]) -> T:
        """Run `operation` (a synchronous store write) in the current batch; return its
        result once the batch is committed."""
        while self._flushing is not None or (self._batch is None and self.gate.closed):
            if self._flushing is not None:      # the connection is busy with the last COMMIT
                await asyncio.shield(self._flushing)
            else:                               # an import's thread holds the write lock
                await self.gate.wait()
        batch = self._batch or self._open()
        if self._failure is not None:
            raise StorageFault(self._failure)
        try:
            result = operation()
        except Exception as error:
            if storage_fault_kind(error) is None:
                raise
            self._failure = error
            raise StorageFault(error) from error
        await asyncio.shield(batch)
        return result

    def close(self) -> None:
        if self._disk is not None:
            self._disk.shutdown(wait=True)

    def _open(self) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        try:
            self.store.db.conn.execute("BEGIN IMMEDIATE")
        except Exception as error:
            if storage_fault_kind(error) is None:
                raise
            raise StorageFault(error) from error
        self.store.memo.check().hold = True      # nobody else can commit until this transaction ends
        self._batch, self._failure = loop.create_future(), None
        loop.call_soon(self._commit)
        return self._batch

    def _commit(self) -> None:
        batch, self._batch = self._batch, None
        failure, self._failure = self._failure, None
        if failure is not None:
            self._finish(batch, failure)
        elif self._disk is None:
            try:
                self.store.db.conn.execute("COMMIT")
            except Exception as error:
                self._finish(batch, error)
                return
            self._finish(batch, None)
        else:
            loop = asyncio.get_running_loop()
            self._flushing = loop.create_future()
            on_disk = loop.run_in_executor(self._disk, self.store.db.conn.execute, "COMMIT")
            on_disk.add_done_callback(lambda done: self._flushed(batch, done))

    def _flushed(self, batch: asyncio.Future, on_disk: asyncio.Future) -> None:
        flushing, self._flushing = self._flushing, None
        self._finish(batch, on_disk.exception() if not on_disk.cancelled() else asyncio.CancelledError())
        flushing.set_result(None)

    def _finish(self, batch: asyncio.Future, error: BaseException | None) -> None:
        self.store.memo.hold = False
        if error is not None:   # disk full, I/O error: nobody in the batch is acknowledged
            log.error("group commit failed (%s); rolling back the batch", error)
            _roll_back(self.store.db.conn)
        self.store.memo.ended()
        if error is not None:
            batch.set_exception(StorageFault(error) if storage_fault_kind(error) else error)
            batch.exception()      # retrieved: a batch nobody awaits any more must not warn
            return
        self.commits += 1
        batch.set_result(None)
        for callback in self.after_commit:
            callback()


def _roll_back(conn) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except Exception as error:  # the disk may refuse even this; the transaction dies with the connection's next use
        log.error("rollback after a failed group commit failed too: %s", error)
