"""A real full disk under a real `main.py serve`: the database lives on a small tmpfs that a
big file fills. Needs root to mount; skipped with the reason otherwise."""
import os
import shutil
import sqlite3
import subprocess
import uuid

import pytest
import requests
import yaml

from kiosk import PROJECT_ROOT
from kiosk.config import load_config
from kiosk.server.storage import FULL_MESSAGE
from kiosk.sync.sync_client import OFFLINE_MESSAGE, SyncClient
from tests.support import LiveServer, login, run_cli

CODES = ("1.001193", "2.000815")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill ({mounted.stderr.strip() or 'mount failed'}); needs root")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def fill(disk) -> None:
    fd = os.open(disk / "filler.bin", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 1 << 12, 1 << 9):                 # big chunks, then the last few bytes
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    assert shutil.disk_usage(disk).free < 64 * 1024


def test_a_full_disk_sends_kiosks_offline_warns_staff_and_recovers_by_itself(small_disk, tmp_path):
    db = small_disk / "centre.db"
    token = run_cli("device", "add", "kiosk-1", "--role", "kiosk", "--print-token", db=db)
    run_cli("user", "add", "lan", "--role", "staff", stdin="mat-khau-lan\n", db=db)
    settings = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    settings["server"]["storage_warn_free_mb"] = 1000              # far more than the 48 MB disk has
    config_path = tmp_path / "config.yaml"
    config_path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    server = LiveServer(db, config=config_path).start()
    kiosk = SyncClient.from_config(load_config(config_path), server.url, token, tmp_path / "kiosk.db",
                                   timeout=2.0, retry_online_seconds=0)
    shown = []
    try:
        staff = login(server.url)
        low = requests.get(f"{server.url}/api/storage", headers=staff, timeout=10).json()
        assert low["status"] == "low" and "sắp đầy" in low["message"]          # the early warning
        assert kiosk.sync_once()["error"] is None
        shown += [kiosk.issue_ticket(CODES[i % 2]) for i in range(3)]
        assert not any(t["offline"] for t in shown)

        fill(small_disk)
        for i in range(3000):                       # the WAL reuses its space for a while, then must grow
            shown.append(kiosk.issue_ticket(CODES[i % 2]))
            if shown[-1]["offline"]:
                break
        assert shown[-1]["offline"] and shown[-1]["message"] == OFFLINE_MESSAGE
        refused = requests.post(f"{server.url}/api/tickets", headers={"Authorization": f"Bearer {token}"},
                                json={"procedure_code": CODES[0], "client_id": str(uuid.uuid4())}, timeout=10)
        assert refused.status_code == 503 and refused.json()["detail"]["message"] == FULL_MESSAGE
        assert server.process.poll() is None                                    # no crash, no dropped connection
        told = requests.get(f"{server.url}/api/storage", headers=staff, timeout=10).json()
        assert told["status"] == "full" and told["message"] == FULL_MESSAGE
        shown += [kiosk.issue_ticket(CODES[i % 2]) for i in range(3)]
        assert all(t["offline"] for t in shown[-3:])

        (small_disk / "filler.bin").unlink()                                    # space again: no restart
        assert kiosk.sync_once()["error"] is None
        assert kiosk.status()["outbox"] == 0
        shown.append(kiosk.issue_ticket(CODES[0]))
        assert not shown[-1]["offline"]
        assert requests.get(f"{server.url}/api/storage", headers=staff, timeout=10).json()["status"] == "low"
    finally:
        kiosk.close()
        server.stop()
    conn = sqlite3.connect(db)
    held = dict(conn.execute("SELECT client_id, number FROM tickets").fetchall())
    conn.close()
    assert held == {t["client_id"]: t["number"] for t in shown}               # each once, with the number shown
    numbers = [(t["service"]["id"], t["number"]) for t in shown]
    assert len(set(numbers)) == len(numbers)
