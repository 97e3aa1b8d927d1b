"""Group commit: the queue writes of requests that arrive together share one durable commit.

Committing every ticket alone, each waiting for the disk (fsync), would cap the server at a
few hundred tickets a second and make concurrent requests queue behind each other's fsync.
Here, the first write opens a transaction and schedules its commit for the end of the
current event-loop turn; writes of other requests already waiting in that turn run inside
it, each in its own savepoint (so one refused request never undoes another). The
transaction never outlives the turn: nothing else the loop runs (an admin edit, a read) ever
finds it open. Every response waits until its batch is on disk. Nothing is acknowledged
before it is durable.

On a database file the disk is waited for off the loop (`wal_sync`, kiosk/server/wal_sync.py),
and the next batch does not wait for it. The batch's COMMIT runs with `synchronous=NORMAL`:
SQLite appends its frames to the WAL without an fsync and frees the write lock at once. A
thread then fsyncs the WAL file, and a batch is answered only when an fsync that began after
its COMMIT returned. That is the guarantee `synchronous=FULL` gives: the frames of every
acknowledged commit are on the disk, and a frame written later and torn by a power cut fails
SQLite's checksum and is ignored, with what it held unacknowledged. The batches committed
while an fsync runs share the next one. Everything else on the connection (admin edits,
single statements) keeps `synchronous=FULL`, and so do the checkpoints
(kiosk/store/checkpoints.py). The event stream sends only events an fsync has covered
(`durable_event_id`). Should an fsync fail, what it covered cannot be trusted to be on disk:
that batch and every later write are refused (503) until the server restarts; a kiosk's
retry with the same client id then returns the same ticket or issues it anew.

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
    def __init__(self, store: Store, wal_sync: Callable[[], None] | None = None):
        """`wal_sync`: makes the database's WAL durable (an fsync; kiosk/server/wal_sync.py). With
        it, commits do not wait for the disk and batches are answered after it returns; without
        it (an in-memory database), each COMMIT is as durable as it will be when it returns."""
        self.store = store
        self._batch: asyncio.Future | None = None
        self._failure: BaseException | None = None    # a storage fault that spoilt the open batch
        self._wal_sync = wal_sync
        self._unsynced: list[asyncio.Future] = []     # committed batches no fsync has covered yet
        self._syncing: asyncio.Future | None = None
        self._sync_failed: BaseException | None = None
        self._disk = ThreadPoolExecutor(1, thread_name_prefix="wal-sync") if wal_sync else None
        self._durable_event_id = store.last_event_id() if wal_sync else None
        self.after_commit: list[Callable[[], None]] = []
        self.commits = 0
        self.gate = WriteGate()   # held by an import's thread while it writes (kiosk/server/write_gate.py)

    async def run(self, operation: Callable[[], T]) -> T:
        """Run `operation` (a synchronous store write) in the current batch; return its
        result once the batch is on disk."""
        while self._batch is None and self.gate.closed:   # an import's thread holds the write lock
            await self.gate.wait()
        if self._sync_failed is not None:
            raise StorageFault(self._sync_failed)
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

    def durable_event_id(self) -> int | None:
        """The last event id known to be on disk while some commit still waits for the disk;
        None when every commit of this connection is durable."""
        if not self._unsynced and self._syncing is None:
            return None
        return self._durable_event_id

    def close(self) -> None:
        if self._disk is not None:
            self._disk.shutdown(wait=True)

    def _open(self) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        try:
            if self._wal_sync:
                self.store.db.conn.execute("PRAGMA synchronous=NORMAL")   # the fsync comes after, off the loop
            self.store.db.conn.execute("BEGIN IMMEDIATE")
        except Exception as error:
            self._full_sync_again()
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
        if failure is None:
            try:
                self.store.db.conn.execute("COMMIT")
            except Exception as error:
                failure = error
        self._ended(failure)
        if failure is not None:
            _refuse(batch, failure)
        elif self._wal_sync is None:
            self._answer([batch])
        else:
            self._unsynced.append(batch)
            self._sync_soon()

    def _ended(self, failure: BaseException | None) -> None:
        self.store.memo.hold = False
        if failure is not None:   # disk full, I/O error: nobody in the batch is acknowledged
            log.error("group commit failed (%s); rolling back the batch", failure)
            _roll_back(self.store.db.conn)
        self._full_sync_again()
        self.store.memo.ended()

    def _full_sync_again(self) -> None:
        if self._wal_sync:
            try:
                self.store.db.conn.execute("PRAGMA synchronous=FULL")
            except Exception as error:  # refused only inside a transaction, which _ended closed
                log.error("could not set synchronous=FULL again: %s", error)

    def _sync_soon(self) -> None:
        """One fsync at a time; the batches committed while it runs wait for the next one."""
        if self._syncing is not None or not self._unsynced:
            return
        covered, self._unsynced = self._unsynced, []
        last_event = self.store.last_event_id()    # committed now, so on disk once this fsync returns
        self._syncing = asyncio.get_running_loop().run_in_executor(self._disk, self._wal_sync)
        self._syncing.add_done_callback(lambda done: self._synced(covered, last_event, done))

    def _synced(self, covered: list[asyncio.Future], last_event: int | None, done: asyncio.Future) -> None:
        self._syncing = None
        error = done.exception() if not done.cancelled() else asyncio.CancelledError()
        if error is not None:
            log.error("fsync of the WAL failed (%s): refusing every write until the server restarts", error)
            self._sync_failed = error
            for batch in covered + self._unsynced:
                _refuse(batch, error)
            self._unsynced = []
            return
        self._durable_event_id = last_event
        self._answer(covered)
        self._sync_soon()

    def _answer(self, batches: list[asyncio.Future]) -> None:
        self.commits += len(batches)
        for batch in batches:
            batch.set_result(None)
        for callback in self.after_commit:
            callback()


def _refuse(batch: asyncio.Future, error: BaseException) -> None:
    batch.set_exception(StorageFault(error) if storage_fault_kind(error) or isinstance(error, OSError) else error)
    batch.exception()      # retrieved: a batch nobody awaits any more must not warn


def _roll_back(conn) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except Exception as error:  # the disk may refuse even this; the transaction dies with the connection's next use
        log.error("rollback after a failed group commit failed too: %s", error)
