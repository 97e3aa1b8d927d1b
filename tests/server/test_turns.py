"""The memo asks the database once per event-loop turn, and still sees another connection's
commit from the next turn on (kiosk/server/turns.py)."""
from __future__ import annotations

import asyncio
import sqlite3
import threading

from kiosk.server.turns import LoopTurns
from tests.conftest import seeded_store


def data_version_reads(store) -> list[str]:
    asked: list[str] = []
    store.db.conn.set_trace_callback(lambda sql: asked.append(sql) if "data_version" in sql else None)
    return asked


def test_checks_in_one_turn_ask_once_and_the_next_turn_sees_another_connections_commit(config, tmp_path):
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    other = sqlite3.connect(path, isolation_level=None)

    async def run():
        store.memo.moment = LoopTurns(asyncio.get_running_loop()).current
        before = store.catalogue().service("HT")["name"]
        asked = data_version_reads(store)
        for _ in range(5):
            store.catalogue().service("HT")
        assert len(asked) == 0                  # the same turn: no read transaction per use
        other.execute("UPDATE services SET name = 'Hộ tịch (đã sửa)' WHERE id = 'HT'")
        await asyncio.sleep(0)                  # a request sent after that commit comes in a later turn
        assert store.catalogue().service("HT")["name"] == "Hộ tịch (đã sửa)" != before
        assert len(asked) == 1
        assert store.memo.check(ask=True) and len(asked) == 2     # a batch's BEGIN always asks
    asyncio.run(run())


def test_off_the_loops_thread_every_check_asks(config, tmp_path):
    store = seeded_store(config, tmp_path / "centre.db")
    turns = {}

    async def run():
        turns["loop"] = LoopTurns(asyncio.get_running_loop())
        store.memo.moment = turns["loop"].current
        asked = data_version_reads(store)
        seen = []

        def off_the_loop():
            seen.append(turns["loop"].current())
            store.memo.check()
            store.memo.check()
        worker = threading.Thread(target=off_the_loop)
        worker.start()
        worker.join()
        assert seen == [None] and len(asked) == 2
    asyncio.run(run())
