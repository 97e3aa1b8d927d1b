"""A thread holding the write gate (an import publishing) makes ticket issuing wait without
stalling the event loop, and the ticket is issued once the thread's transaction commits."""
import asyncio
import threading
import uuid
from types import SimpleNamespace

import pytest

from kiosk.core.queue import Queue
from kiosk.server.batching import GroupCommit
from kiosk.store import open_store
from tests.conftest import seeded_store

PATIENCE = 20   # seconds; only reached when the behaviour is broken


@pytest.fixture
def centre(config, clock, tmp_path):
    """The server's queue and group commit on a database file, and an import's own connection."""
    path = tmp_path / "centre.db"
    queue = Queue(seeded_store(config, path), config, clock)
    importer = open_store(path, check=False)
    yield SimpleNamespace(queue=queue, store=queue.store, writes=GroupCommit(queue.store), importer=importer)
    importer.close()


def issue(centre):
    return centre.writes.run(lambda: centre.queue.issue("1.001193", None, str(uuid.uuid4())))


def test_issuing_waits_for_a_held_gate_while_the_loop_serves_others(centre):
    importer, writes = centre.importer, centre.writes
    locked, loop_served, order = threading.Event(), threading.Event(), []

    def publish(hold):
        with hold(), importer.write():   # the import's own connection takes the write lock
            importer.db.execute("UPDATE procedures SET name = 'Tên mới' WHERE code = '1.001193'")
            locked.set()
            served = loop_served.wait(PATIENCE)   # the loop runs other work while the lock is held
            order.append(("published", served))

    async def lobby():
        thread = threading.Thread(target=publish, args=(writes.gate.holder(),))
        thread.start()
        await asyncio.to_thread(locked.wait, PATIENCE)
        issuing = asyncio.ensure_future(issue(centre))
        await asyncio.sleep(0)          # issuing starts, finds the gate held and waits
        loop_served.set()               # had the loop blocked in SQLite's busy handler, this would never run
        ticket = await issuing
        order.append(("issued", ticket["number"]))
        await asyncio.to_thread(thread.join)

    asyncio.run(lobby())
    assert order == [("published", True), ("issued", 1001)]
    assert centre.store.procedure("1.001193")["name"] == "Tên mới"


def test_a_holder_that_fails_reopens_the_gate(centre):
    writes = centre.writes

    async def lobby():
        hold = writes.gate.holder()

        def failing_import():
            with hold():
                raise RuntimeError("the import failed")
        try:
            await asyncio.to_thread(failing_import)
        except RuntimeError:
            pass
        await asyncio.sleep(0)   # the reopening callback runs
        assert not writes.gate.closed
        return await issue(centre)

    assert asyncio.run(lobby())["number"] == 1001


def test_a_writer_waiting_goes_before_the_holders_next_chunk(centre):
    importer, writes = centre.importer, centre.writes
    first_held, issuing_waits, tickets_seen = threading.Event(), threading.Event(), []

    def chunks(hold):
        for _ in range(5):           # an import's audit entries, in short transactions back to back
            with hold(), importer.write():
                tickets_seen.append(importer.count("tickets"))
                first_held.set()
                issuing_waits.wait(PATIENCE)

    async def lobby():
        thread = threading.Thread(target=chunks, args=(writes.gate.holder(),))
        thread.start()
        await asyncio.to_thread(first_held.wait, PATIENCE)
        issuing = asyncio.ensure_future(issue(centre))
        await asyncio.sleep(0)
        issuing_waits.set()
        await issuing
        await asyncio.to_thread(thread.join)

    asyncio.run(lobby())
    assert tickets_seen == [0, 1, 1, 1, 1]   # issued between the first chunk and the second, not after all


def test_a_device_seen_while_the_gate_is_held_is_recorded_on_its_next_request(centre, clock):
    from kiosk.core.accounts import Principal
    from kiosk.server.app import _device_seen_recorder
    store, writes = centre.store, centre.writes
    store.db.execute("INSERT INTO devices (name, role, token_hash) VALUES ('kiosk-1', 'kiosk', 'x')")
    device = store.db.execute("SELECT id FROM devices WHERE name = 'kiosk-1'").fetchone()[0]
    seen = _device_seen_recorder(store, clock, writes.gate)
    last_seen = lambda: store.db.execute("SELECT last_seen FROM devices WHERE id = ?", [device]).fetchone()[0]  # noqa: E731

    async def requests_from_the_kiosk():
        hold = writes.gate.holder()
        holding = hold()
        await asyncio.to_thread(holding.__enter__)
        seen(Principal("device", "kiosk-1", "kiosk", device))   # must not write: the lock may be held
        during = last_seen()
        await asyncio.to_thread(holding.__exit__, None, None, None)
        await asyncio.sleep(0)
        seen(Principal("device", "kiosk-1", "kiosk", device))
        return during

    assert asyncio.run(requests_from_the_kiosk()) is None
    assert last_seen() is not None
