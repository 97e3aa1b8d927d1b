"""`main.py restore` with real processes: refused while the server runs, every ticket back after."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid

import requests

from kiosk import PROJECT_ROOT
from kiosk.store.backup import list_backups
from tests.support import LiveServer, prepared_live_db, run_cli


def restore(db, backup) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "restore", str(backup), "--db", str(db)],
                          capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)


def issue_some(url: str, token: str, how_many: int) -> list[dict]:
    return [requests.post(f"{url}/api/tickets", json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())},
                          headers={"Authorization": f"Bearer {token}"}, timeout=10).json() for _ in range(how_many)]


def test_restore_refuses_while_the_server_runs_and_changes_nothing(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        issue_some(server.url, token, 3)
        run_cli("backup", db=db)
        [backup] = list_backups(tmp_path / "backups")
        issue_some(server.url, token, 2)
        done = restore(db, backup)
        assert done.returncode == 2 and "Máy chủ đang chạy" in done.stderr and "Traceback" not in done.stderr
        later = issue_some(server.url, token, 1)[0]
        assert later["number"] == 1006                                 # the live database went on untouched
    assert sorted(p.name for p in tmp_path.glob("centre*.db")) == ["centre.db"]   # nothing kept aside


def test_restore_then_start_gives_every_ticket_back(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        tickets = issue_some(server.url, token, 12)
        run_cli("backup", db=db)
    [backup] = list_backups(tmp_path / "backups")
    db.write_bytes(b"\x00" * 4096)                                      # the disk lost the database
    for side in ("-wal", "-shm"):
        (tmp_path / f"centre.db{side}").unlink(missing_ok=True)
    done = restore(db, backup)
    assert done.returncode == 0, done.stderr
    [kept] = tmp_path.glob("centre.before-restore-*.db")
    assert kept.read_bytes() == b"\x00" * 4096                         # the damaged file is kept aside, as it was
    with LiveServer(db) as server:
        for ticket in tickets:
            found = requests.get(f"{server.url}/api/public/tickets/{ticket['public_id']}", timeout=10).json()
            assert (found["number"], found["status"]) == (ticket["number"], "waiting")
        assert issue_some(server.url, token, 1)[0]["number"] == 1013   # numbering goes on after the restored ones


def test_restore_refuses_a_damaged_file_and_a_database_of_something_else(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    before = db.read_bytes()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (text TEXT)").connection.close()
    done = restore(db, other)
    assert done.returncode == 2 and "không phải là cơ sở dữ liệu của hệ thống" in done.stderr
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(before[:8192] + b"\xff" * 8192 + before[16384:])
    done = restore(db, damaged)
    assert done.returncode == 2 and "bị hỏng" in done.stderr and "Traceback" not in done.stderr, done.stderr
    done = restore(db, tmp_path / "missing.db")
    assert done.returncode == 2 and "Không tìm thấy tệp sao lưu" in done.stderr
    assert db.read_bytes() == before
