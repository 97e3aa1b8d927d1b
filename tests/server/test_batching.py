import asyncio
import uuid

from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from kiosk.server.batching import GroupCommit
from kiosk.store import open_store
from tests.conftest import seeded_store


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
