"""Group commit: the queue writes of requests that arrive together share one durable commit.

Committing every ticket alone, each waiting for the disk (fsync), would cap the server at a
few hundred tickets a second and make concurrent requests queue behind each other's fsync.
Here a write is queued, and the queue is run as one batch at the end of the event-loop turn:
one transaction, each write in its own savepoint (so one refused request never undoes
another), committed before the turn ends. The transaction never outlives the turn: nothing
else the loop runs (an admin edit, a read) ever finds it open. While the disk is busy with
the last batch's fsync, writes wait in the queue until they are as many as it is syncing (or
it returns), then run as one batch while the disk works: few commits, and a loop that keeps
working. A write's result is told once its batch is on disk, a refusal
at once. Nothing is acknowledged before it is durable.

On a database file the disk is waited for off the loop (`wal_sync`, kiosk/server/wal_sync.py),
and the next batch does not wait for it. The batch's COMMIT runs with `synchronous=NORMAL`:
SQLite appends its frames to the WAL without an fsync and frees the write lock at once. A
thread then fsyncs the WAL file, and a batch is answered only when an fsync that began after
its COMMIT returned. That is the guarantee `synchronous=FULL` gives: the frames of every
acknowledged commit are on the disk, and a frame written later and torn by a power cut fails
SQLite's checksum and is ignored, with what it held unacknowledged. Everything else on the connection (admin edits,
single statements) keeps `synchronous=FULL`, and so do the checkpoints
(kiosk/store/checkpoints.py). The event stream sends only events an fsync has covered
(`durable_event_id`). Should an fsync fail, what it covered cannot be trusted to be on disk:
that batch and every later write are refused (503) until the server restarts; a kiosk's
retry with the same client id then returns the same ticket or issues it anew.

When the disk refuses a write (full, I/O error), SQLite may roll back the whole open
transaction, savepoints and all. So one storage fault fails the whole batch: every request
in it gets a StorageFault (503), none is acknowledged, and the writes after the fault in the
batch are not tried, instead of writing outside the lost transaction.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Callable, TypeVar

from kiosk.server.storage import StorageFault, storage_fault_kind
from kiosk.server.wal_sync import SyncThread
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
        self._queued: list[_Write] = []
        self._run_soon = False                        # a run of the queue is scheduled
        self._after_gate: asyncio.Future | None = None
        self._wal_sync = wal_sync
        self._unsynced: list[list[_Write]] = []       # committed batches no fsync has covered yet
        self._syncing = False                         # an fsync is in flight
        self._syncing_writes = 0                      # how many writes the fsync in flight covers
        self._sync_failed: BaseException | None = None
        self._disk = SyncThread(wal_sync) if wal_sync else None
        self._durable_event_id = store.last_event_id() if wal_sync else None
        self._committed_event = self._durable_event_id     # the last event of the last batch committed
        self.after_commit: list[Callable[[], None]] = []
        self.commits = 0
        self.gate = WriteGate()   # held by an import's thread while it writes (kiosk/server/write_gate.py)

    async def run(self, operation: Callable[[], T]) -> T:
        """Run `operation` (a synchronous store write) in the next batch; return its result
        once the batch is on disk (its exception at once)."""
        if self._sync_failed is not None:
            raise StorageFault(self._sync_failed)
        write = _Write(operation, asyncio.get_running_loop().create_future())
        self._queued.append(write)
        self._schedule()
        return await write.told      # cancelled with its request: the write still runs, untold

    def durable_event_id(self) -> int | None:
        """The last event id known to be on disk while some commit still waits for the disk;
        None when every commit of this connection is durable."""
        if not self._unsynced and not self._syncing:
            return None
        return self._durable_event_id

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()

    def _schedule(self) -> None:
        """Run the queue at the end of this turn, unless the disk is busy and fewer writes wait
        than it is syncing (the fsync's return runs them) or an import's thread holds the
        write lock (its release runs them)."""
        if self._run_soon or not self._queued:
            return
        if self._syncing and len(self._queued) < self._syncing_writes:
            return      # the disk is busy: gather as many writes as it is syncing, then run them meanwhile
        self._run_soon = True
        if self.gate.closed:
            self._after_gate = asyncio.ensure_future(self._run_after_gate())   # held: a task only weakly kept by the loop
        else:
            asyncio.get_running_loop().call_soon(self._run_queue)

    async def _run_after_gate(self) -> None:
        while self.gate.closed:
            await self.gate.wait()
        self._run_queue()        # begins before the next await: the thread cannot close the gate in between

    def _run_queue(self) -> None:
        self._run_soon = False
        if self.gate.closed:     # closed again since this run was scheduled
            self._schedule()
            return
        batch, self._queued = self._queued, []
        failure = self._begin()
        for write in batch:
            failure = failure or write.run()
        last_event = None
        if failure is None:
            last_event = self._last_event_in_transaction()
            failure = self._execute("COMMIT")
        self._ended(failure)
        if failure is not None:
            _refuse(batch, failure)
            self._schedule()
        elif self._wal_sync is None:
            self._answer([batch])
        else:
            self._committed_event = last_event
            self._unsynced.append(batch)
            self._sync_soon()

    def _begin(self) -> BaseException | None:
        if self._wal_sync:
            failure = self._execute("PRAGMA synchronous=NORMAL")   # the fsync comes after, off the loop
            if failure is not None:
                return failure
        failure = self._execute("BEGIN IMMEDIATE")
        if failure is None:
            self.store.memo.check(ask=True).hold = True      # nobody else can commit until this transaction ends
        return failure

    def _last_event_in_transaction(self) -> int | None:
        """The last event the batch's COMMIT will make durable, read inside its transaction: a
        read after the COMMIT would be a read transaction of its own, with its locks. Another
        connection's events committed after it are covered by the next batch's figure."""
        if not self._wal_sync:
            return None
        try:
            return self.store.last_event_id()
        except Exception as error:
            log.error("could not read the batch's last event id: %s", error)
            return self._committed_event

    def _execute(self, statement: str) -> BaseException | None:
        try:
            self.store.db.conn.execute(statement)
        except Exception as error:
            return error
        return None

    def _ended(self, failure: BaseException | None) -> None:
        self.store.memo.hold = False
        if failure is not None:   # disk full, I/O error: nobody in the batch is acknowledged
            log.error("group commit failed (%s); rolling back the batch", failure)
            _roll_back(self.store.db.conn)
        self._full_sync_again()
        self.store.memo.ended()

    def _full_sync_again(self) -> None:
        error = self._execute("PRAGMA synchronous=FULL") if self._wal_sync else None
        if error is not None:   # refused only inside a transaction, which _ended closed
            log.error("could not set synchronous=FULL again: %s", error)

    def _sync_soon(self) -> None:
        """One fsync at a time; the batches committed while it runs wait for the next one."""
        if self._syncing or not self._unsynced:
            return
        covered, self._unsynced = self._unsynced, []
        self._syncing, self._syncing_writes = True, sum(len(batch) for batch in covered)
        last_event = self._committed_event    # on disk once this fsync returns
        self._disk.ask(lambda error: self._synced(covered, last_event, error))

    def _synced(self, covered: list[list["_Write"]], last_event: int | None, error: BaseException | None) -> None:
        self._syncing = False
        if error is not None:
            log.error("fsync of the WAL failed (%s): refusing every write until the server restarts", error)
            self._sync_failed = error
            for batch in covered + self._unsynced:
                _refuse(batch, error)
            self._unsynced = []
            queued, self._queued = self._queued, []
            _refuse(queued, error)
            return
        self._durable_event_id = last_event
        self._answer(covered)
        self._sync_soon()       # the batches committed while it ran
        self._schedule()

    def _answer(self, batches: list[list["_Write"]]) -> None:
        self.commits += len(batches)
        for batch in batches:
            for write in batch:
                write.tell()
        for callback in self.after_commit:
            callback()


class _Write:
    """One queued write: its operation, then its result or its refusal."""

    def __init__(self, operation: Callable[[], object], told: asyncio.Future):
        self.operation, self.told = operation, told
        self.result: object = None

    def run(self) -> BaseException | None:
        """Run the operation in the open transaction; a storage fault is returned (it spoils
        the batch), any other refusal told to the writer at once."""
        try:
            self.result = self.operation()
        except Exception as error:
            if storage_fault_kind(error) is not None:
                return error
            if not self.told.done():      # cancelled when its request was
                self.told.set_exception(error)
        return None

    def tell(self) -> None:
        if not self.told.done():
            self.told.set_result(self.result)

    def refuse(self, error: BaseException) -> None:
        if not self.told.done():
            self.told.set_exception(StorageFault(error) if storage_fault_kind(error) or isinstance(error, OSError)
                                    else error)
            self.told.exception()      # retrieved: a write nobody awaits any more must not warn


def _refuse(batch: list[_Write], error: BaseException) -> None:
    for write in batch:
        write.refuse(error)


def _roll_back(conn) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except Exception as error:  # the disk may refuse even this; the transaction dies with the connection's next use
        log.error("rollback after a failed group commit failed too: %s", error)
