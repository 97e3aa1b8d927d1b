"""The WAL's fsync and the thread that runs it for the group commit (kiosk/server/wal_sync.py)."""
import asyncio
import os
import sqlite3
import threading

import pytest

from kiosk.server.wal_sync import RecordingSync, SyncThread, WalSync


def test_the_sync_thread_tells_each_outcome_on_the_loop_that_asked():
    disk = RecordingSync()
    worker = SyncThread(disk)

    async def one_sync(fail_with):
        disk.fail_with = fail_with
        told = asyncio.get_running_loop().create_future()
        loop_thread = threading.get_ident()
        worker.ask(lambda outcome: told.set_result((outcome, threading.get_ident() == loop_thread)))
        return await asyncio.wait_for(told, 5)

    async def three_syncs():
        return [await one_sync(None), await one_sync(OSError(5, "Input/output error")), await one_sync(None)]

    told = asyncio.run(three_syncs())
    worker.close()
    assert [outcome is None for outcome, _ in told] == [True, False, True]
    assert isinstance(told[1][0], OSError) and all(on_loop for _, on_loop in told)
    assert disk.calls == 3


def test_closing_the_sync_thread_waits_for_the_sync_it_was_asked_for():
    disk = RecordingSync()
    disk.hold()
    worker = SyncThread(disk)

    async def ask_and_leave():
        worker.ask(lambda outcome: None)
    asyncio.run(ask_and_leave())              # that loop ends before the sync returns: nobody is told
    assert disk.started.acquire(timeout=5)
    threading.Timer(0.05, disk.release).start()
    worker.close()
    assert disk.calls == 1


def test_wal_sync_fsyncs_the_databases_wal_file(tmp_path):
    path = tmp_path / "centre.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.commit()
    assert os.path.getsize(f"{path}-wal") > 0
    sync = WalSync(path)
    sync()
    kept = sync._descriptor
    connection.execute("INSERT INTO t VALUES (2)")
    connection.commit()
    sync()
    assert sync.calls == 2 and sync._descriptor == kept            # one descriptor for every fsync,
    assert os.fstat(kept).st_ino == os.stat(f"{path}-wal").st_ino  # of the WAL file itself
    threads = SyncThread(sync)
    threads.close()
    assert sync._descriptor is None
    with pytest.raises(OSError):
        os.fstat(kept)                                             # closed with the sync thread
    connection.close()
