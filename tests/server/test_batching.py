import asyncio
import gc
import sqlite3
import uuid

import pytest
from fastapi.testclient import TestClient

from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from kiosk.server.app import create_app
from kiosk.server.batching import GroupCommit
from kiosk.server.storage import StorageFault
from kiosk.server.wal_sync import RecordingSync, WalSync
from kiosk.store import open_store
from tests.conftest import seeded_store
from tests.server.conftest import prepare_db


def test_concurrent_writes_share_one_commit_and_a_refusal_undoes_nothing_else(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    writes = GroupCommit(store)

    async def burst():
        good = [writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4()))) for _ in range(10)]
        bad = writes.run(lambda: queue.issue("9.999999", None, str(uuid.uuid4())))
        return await asyncio.gather(*good, bad, return_exceptions=True)

    results = asyncio.run(burst())
    assert writes.commits == 1
    assert isinstance(results[-1], QueueError)
    assert sorted(t["number"] for t in results[:-1]) == list(range(1001, 1011))
    other_connection = open_store(path)
    assert other_connection.count("tickets") == 10


def test_after_commit_callbacks_run_once_per_batch(config, clock):
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    writes = GroupCommit(store)
    woken = []
    writes.after_commit.append(lambda: woken.append(store.count("tickets")))

    async def two_batches():
        await asyncio.gather(*(writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4()))) for _ in range(3)))
        await writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4())))

    asyncio.run(two_batches())
    assert woken == [3, 4]


def test_a_request_cancelled_while_it_waits_still_has_its_write_and_spoils_no_other(config, clock, caplog):
    store = seeded_store(config)
    queue = Queue(store, config, clock)
    writes = GroupCommit(store)

    async def burst():
        gone = asyncio.ensure_future(writes.run(lambda: queue.issue("1.001193", None, "cancelled-0001")))
        refused = asyncio.ensure_future(writes.run(lambda: queue.issue("9.999999", None, str(uuid.uuid4()))))
        kept = asyncio.ensure_future(writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4()))))
        await asyncio.sleep(0)                   # all three queued, then two of their requests go away
        gone.cancel()
        refused.cancel()
        return await asyncio.wait_for(kept, 10), await asyncio.gather(gone, refused, return_exceptions=True)

    kept, (gone, refused) = asyncio.run(burst())
    assert isinstance(gone, asyncio.CancelledError) and isinstance(refused, asyncio.CancelledError)
    assert kept["number"] == 1002 and store.ticket_by("client_id", "cancelled-0001")["number"] == 1001
    assert writes.commits == 1
    gc.collect()                     # an unretrieved exception is logged when its future is freed
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]


def other_connection_count(path) -> int:
    return sqlite3.connect(path).execute("SELECT count(*) FROM tickets").fetchone()[0]


def issuing(config, clock, path, disk):
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    writes = GroupCommit(store, wal_sync=disk)
    return store, writes, lambda: writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4())))


async def syncing(disk, issue, tickets: int) -> list[asyncio.Task]:
    """`tickets` issued in one batch whose fsync has begun and is held."""
    disk.hold()
    batch = [asyncio.create_task(issue()) for _ in range(tickets)]
    await asyncio.to_thread(disk.started.acquire, True, 5)
    return batch


def test_no_batch_is_answered_before_an_fsync_that_began_after_its_commit(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    disk = RecordingSync()
    store, writes, issue = issuing(config, clock, path, disk)

    async def scenario():
        first = await syncing(disk, issue, 3)
        assert other_connection_count(path) == 3 and not any(t.done() for t in first)   # committed, not answered
        queued = [asyncio.create_task(issue()) for _ in range(2)]
        await asyncio.sleep(0.05)
        assert other_connection_count(path) == 3                         # fewer than the disk is syncing: they wait
        queued.append(asyncio.create_task(issue()))
        await asyncio.sleep(0.05)
        assert other_connection_count(path) == 6                         # as many: they run while the disk syncs
        assert not any(t.done() for t in queued)                         # and wait for an fsync of their own
        assert not store.db.conn.in_transaction                          # no transaction outlives its turn
        disk.release()
        numbers = [(await t)["number"] for t in first + queued]
        return numbers, disk.calls, writes.commits

    assert asyncio.run(scenario()) == (list(range(1001, 1007)), 2, 2)
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2     # FULL again for every other write
    writes.close()


def test_a_write_made_outside_the_batches_while_the_disk_syncs_is_not_part_of_any_batch(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    disk = RecordingSync()
    store, writes, issue = issuing(config, clock, path, disk)

    async def scenario():
        [first] = await syncing(disk, issue, 1)
        with store.write():                                              # an admin edit, on the loop, meanwhile
            store.save_service({**store.service("HT"), "name": "Hộ tịch (sửa)"})
        renamed = sqlite3.connect(path).execute("SELECT name FROM services WHERE id = 'HT'").fetchone()[0]
        disk.release()
        await first
        return renamed

    assert asyncio.run(scenario()) == "Hộ tịch (sửa)"                    # committed by itself, at once
    writes.close()


def test_a_batch_reads_nothing_after_its_commit(config, clock, tmp_path):
    """After the COMMIT, a read would be a transaction of its own (its locks, its syscalls):
    the last event id the fsync will cover is read inside the batch's transaction."""
    disk = RecordingSync()
    store, writes, issue = issuing(config, clock, tmp_path / "centre.db", disk)
    statements = []
    store.db.conn.set_trace_callback(statements.append)
    asyncio.run(issue())
    store.db.conn.set_trace_callback(None)
    after_commit = statements[statements.index("COMMIT") + 1:]
    assert after_commit == ["PRAGMA synchronous=FULL"], after_commit
    assert writes.durable_event_id() is None and store.events_after(0)[-1]["type"] == "ticket.issued"
    writes.close()


def test_a_failed_fsync_refuses_its_batch_and_every_write_after_it(config, clock, tmp_path):
    disk = RecordingSync()
    disk.fail_with = OSError(5, "Input/output error")
    store, writes, issue = issuing(config, clock, tmp_path / "centre.db", disk)
    with pytest.raises(StorageFault):
        asyncio.run(issue())
    disk.fail_with = None
    with pytest.raises(StorageFault):      # the disk said it may have lost what it was given: nothing more is trusted
        asyncio.run(issue())
    writes.close()


def test_the_event_stream_is_held_to_what_an_fsync_covered(config, clock, tmp_path):
    disk = RecordingSync()
    store, writes, issue = issuing(config, clock, tmp_path / "centre.db", disk)
    before = store.last_event_id()

    async def scenario():
        assert writes.durable_event_id() is None                         # nothing waits for the disk
        [first] = await syncing(disk, issue, 1)
        held = writes.durable_event_id()
        disk.release()
        await first
        return held

    assert asyncio.run(scenario()) == before
    assert store.events_after(before, upto=before) == [] and len(store.events_after(before)) == 1
    writes.close()


def test_the_server_fsyncs_the_wal_before_it_answers_a_ticket(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    tokens = prepare_db(config, path, clock)
    with TestClient(create_app(config, path, clock)) as client:
        disk = client.app.state.writes._wal_sync
        assert isinstance(disk, WalSync)
        before = disk.calls
        response = client.post("/api/tickets", json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())},
                               headers={"Authorization": f"Bearer {tokens['kiosk']}"})
        assert response.status_code == 201 and disk.calls == before + 1
