"""`main.py backup` against a real server under load (real processes, real SQLite files)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from kiosk import PROJECT_ROOT
from kiosk.store.backup import list_backups, row_counts, sha256
from tests.support import LiveServer, config_with_limits, prepared_live_db, run_cli


def issue(url: str, token: str, code: str) -> dict:
    response = requests.post(f"{url}/api/tickets", json={"procedure_code": code, "client_id": str(uuid.uuid4())},
                             headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code in (200, 201), response.text
    return response.json()


def burst(url: str, token: str, how_many: int, issued: list) -> None:
    codes = ["1.001193", "2.000815"]                  # two services, so neither range runs short
    with ThreadPoolExecutor(max_workers=4) as pool:
        for ticket in pool.map(lambda i: issue(url, token, codes[i % 2]), range(how_many)):
            issued.append(ticket)


def backup(db, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), "backup", "--db", str(db), *extra],
                          capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT)


def assert_consistent(path) -> dict:
    """integrity_check ok, the manifest matches the copy, and every ticket has its issue event."""
    manifest = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert manifest["row_counts"] == row_counts(conn)
        issued = conn.execute("SELECT count(*) FROM events WHERE type = 'ticket.issued'").fetchone()[0]
        assert issued == manifest["row_counts"]["tickets"]               # one snapshot, not torn between tables
    finally:
        conn.close()
    assert manifest["sha256"] == sha256(path) and manifest["schema_version"] > 0
    return manifest


def test_a_backup_during_a_burst_of_500_issues_is_consistent_and_restorable(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    # one kiosk token issues the whole burst: lift the per-kiosk issue rate (docs/SECURITY.md §7)
    server = LiveServer(db, config_with_limits(tmp_path, kiosk_issue_rate="1000000 per minute")).start()
    try:
        issued: list[dict] = []
        writer = threading.Thread(target=burst, args=(server.url, token, 500, issued))
        writer.start()
        copies = tmp_path / "copies"                  # not backups/: its rotation keeps one backup a day
        copies.mkdir()
        while writer.is_alive() or not list_backups(copies):
            done = backup(db, "--out", str(copies))
            assert done.returncode == 0, done.stderr
        writer.join()
    finally:
        server.stop()
    backups = list_backups(copies)
    assert len(issued) == 500
    counts = [assert_consistent(b)["row_counts"]["tickets"] for b in backups]
    assert all(0 <= n <= 500 for n in counts)
    mid_burst = [b for b, n in zip(backups, counts) if 0 < n < 500]
    print("tickets in each copy:", counts)
    assert mid_burst, counts                          # at least one copy was taken while tickets poured in

    chosen = mid_burst[0]
    conn = sqlite3.connect(chosen)
    in_backup = {row[0] for row in conn.execute("SELECT public_id FROM tickets")}
    conn.close()
    run_cli("restore", str(chosen), db=db)
    with LiveServer(db) as restarted:
        for ticket in issued:
            found = requests.get(f"{restarted.url}/api/public/tickets/{ticket['public_id']}", timeout=10)
            assert found.status_code == (200 if ticket["public_id"] in in_backup else 404)
            if found.ok:
                assert found.json()["number"] == ticket["number"]


def test_a_missing_usb_stick_gets_a_clear_message_and_a_non_zero_exit(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    done = backup(db, "--out", str(tmp_path / "media" / "USB"))
    assert done.returncode == 2
    assert "Không tìm thấy thư mục đích" in done.stderr and "USB" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "media").exists()                            # nothing made in place of the stick


def test_a_backup_to_a_given_folder_writes_the_copy_and_its_manifest_there(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    stick = tmp_path / "usb"
    stick.mkdir()
    done = backup(db, "--out", str(stick))
    assert done.returncode == 0, done.stderr
    [copy] = list_backups(stick)
    manifest = assert_consistent(copy)
    assert manifest["source"] == str(db.resolve()) and manifest["row_counts"]["devices"] == 1
