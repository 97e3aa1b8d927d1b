"""A damaged database stops `main.py serve` (a real process) with one line that names the
latest backup and how to restore it: garbage, an empty file, a malformed page. No traceback."""
import os
import sqlite3
import subprocess
import sys

import pytest

from kiosk import PROJECT_ROOT
from kiosk.store import open_store
from kiosk.store.integrity import DatabaseDamaged, check_database, latest_backup
from tests.support import free_port, prepared_live_db


def serve(db) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "serve", "--port", str(free_port()),
                           "--db", str(db)], capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)


def assert_refused(done: subprocess.CompletedProcess, *words: str) -> str:
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("Lỗi: Cơ sở dữ liệu ") and "máy chủ không khởi động" in lines[0]
    for word in words:
        assert word in lines[0]
    return lines[0]


def damage_a_page(db) -> None:
    """Overwrite the middle of the tickets table's b-tree, leaving the header intact."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xff" * page_size)


def test_garbage_refuses_to_start_and_names_the_latest_backup(tmp_path):
    db = tmp_path / "centre.db"
    db.write_bytes(os.urandom(64 * 1024))
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "centre-20261120-121500.db").write_bytes(b"older")
    newest = backups / "centre-20261121-121500.db"             # the names `main.py backup` writes
    newest.write_bytes(b"newer")
    (backups / "centre-20261121-121500.db.json").write_bytes(b"{}")             # its manifest: not a backup
    (backups / ".centre-20261122-121500.db.partial").write_bytes(b"half")     # a killed backup: not one
    line = assert_refused(serve(db), "không phải là cơ sở dữ liệu SQLite", f"Bản sao lưu mới nhất: {newest} (2026-11-21 12:15)",
                          f"main.py restore {newest} --db {db}")
    assert "centre-20261120" not in line
    assert db.read_bytes()[:16] != b"SQLite format 3\x00"                  # nothing was overwritten


def test_an_empty_file_where_a_database_was_is_not_a_new_database(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    for side in ("-wal", "-shm"):
        (tmp_path / f"centre.db{side}").unlink(missing_ok=True)
    db.write_bytes(b"")
    assert_refused(serve(db), "tệp rỗng (0 byte)", "Không có bản sao lưu nào trong", "chuyển centre.db")
    assert db.stat().st_size == 0


def test_a_malformed_page_is_found_by_quick_check(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    damage_a_page(db)
    assert_refused(serve(db), "centre.db bị hỏng")


def test_a_missing_file_is_a_new_database_and_a_sound_one_opens(tmp_path):
    db = tmp_path / "new" / "centre.db"
    check_database(db)                                # missing: fine, the first start
    open_store(db).close()
    assert db.stat().st_size > 0                      # a product database is never an empty file
    check_database(db)
    assert latest_backup(db) is None


def test_every_command_refuses_a_damaged_database_not_only_serve(tmp_path):
    db = tmp_path / "centre.db"
    db.write_bytes(b"")
    with pytest.raises(DatabaseDamaged):
        open_store(db)
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "device", "list", "--db", str(db)],
                          capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "tệp rỗng (0 byte)" in done.stderr
