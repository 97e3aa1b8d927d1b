"""Disk full, forced with SQLite's max_page_count: 503 in the error shape, the whole group
commit refused (nothing acknowledged that is not on disk), staff told, automatic recovery."""
import asyncio
import sqlite3
import uuid

import pytest
from fastapi.testclient import TestClient

from kiosk.core.queue import Queue
from kiosk.server.app import create_app
from kiosk.server.batching import GroupCommit
from kiosk.server.storage import FULL_MESSAGE, StorageFault, StorageMonitor, storage_fault_kind
from tests.conftest import seeded_store
from tests.server.conftest import prepare_db


def fill_database(conn) -> None:
    """The file may not grow by a single page any more: the next write that needs one fails."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def make_room(conn) -> None:
    conn.execute("PRAGMA max_page_count = 1073741823")


def issue_until_full(issue, limit=2000):
    for _ in range(limit):
        try:
            issue()
        except StorageFault as error:
            return error
    raise AssertionError("the database never filled up")


def test_disk_errors_are_told_apart_from_bugs():
    assert storage_fault_kind(sqlite3.OperationalError("database or disk is full")) == "full"
    assert storage_fault_kind(sqlite3.OperationalError("disk I/O error")) == "io"
    assert storage_fault_kind(OSError(28, "No space left on device")) == "full"
    assert storage_fault_kind(sqlite3.OperationalError("no such table: tickets")) is None
    assert storage_fault_kind(ValueError("database or disk is full")) is None


def test_a_full_disk_fails_the_whole_group_commit_and_nothing_is_acknowledged(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    queue = Queue(store, config, clock)
    writes = GroupCommit(store)
    fill_database(store.db.conn)
    issue_until_full(lambda: asyncio.run(writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4())))))
    held = sqlite3.connect(path).execute("SELECT COUNT(*) FROM tickets").fetchone()[0]

    async def burst():
        return await asyncio.gather(*(writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4())))
                                      for _ in range(10)), return_exceptions=True)

    results = asyncio.run(burst())
    assert all(isinstance(r, StorageFault) for r in results), results
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == held
    make_room(store.db.conn)
    ticket = asyncio.run(writes.run(lambda: queue.issue("1.001193", None, str(uuid.uuid4()))))
    assert ticket["number"] == 1001 + held                      # no number lost or taken twice
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM tickets").fetchone()[0] == held + 1


@pytest.fixture
def live_app(config, clock, tmp_path):
    path = tmp_path / "centre.db"
    tokens = prepare_db(config, path, clock)
    with TestClient(create_app(config, path, clock)) as client:
        tokens["staff"] = client.post("/api/auth/login", json={"username": "lan", "password": "mat-khau-lan"}
                                      ).json()["token"]
        yield client, {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}


def test_the_api_answers_503_in_the_error_shape_tells_staff_and_recovers(live_app):
    client, auth = live_app
    conn = client.app.state.store.db.conn

    def issue():
        return client.post("/api/tickets", json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())},
                           headers=auth["kiosk"])

    acknowledged = [issue().json() for _ in range(3)]
    fill_database(conn)
    for _ in range(2000):
        response = issue()
        if response.status_code != 201:
            break
        acknowledged.append(response.json())
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert response.json()["detail"] == {"field": None, "message": FULL_MESSAGE,
                                         "reason": response.json()["detail"]["reason"]}
    assert "disk full" in response.json()["detail"]["reason"]
    assert client.get("/api/health").json()["storage"] == "full"
    told = client.get("/api/storage", headers=auth["staff"]).json()
    assert told["status"] == "full" and told["message"] == FULL_MESSAGE and told["fault"]["kind"] == "full"

    make_room(conn)
    assert issue().status_code == 201                            # recovery needs no restart
    assert client.get("/api/storage", headers=auth["staff"]).json()["status"] == "ok"
    ids = {t["client_id"] for t in acknowledged}
    held = {r[0] for r in conn.execute("SELECT client_id FROM tickets").fetchall()}
    assert ids <= held                                           # every acknowledged ticket is intact


def test_free_space_below_the_threshold_is_a_warning(tmp_path):
    monitor = StorageMonitor(tmp_path / "centre.db", warn_free_mb=10**6)
    state = monitor.state()
    assert state["status"] == "low" and "sắp đầy" in state["message"]
    assert StorageMonitor(tmp_path / "centre.db", warn_free_mb=0).state()["status"] == "ok"
