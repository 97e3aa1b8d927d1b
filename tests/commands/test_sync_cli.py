"""`main.py sync --once`, and staff seeing each kiosk's last contact."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading

import requests

from kiosk import PROJECT_ROOT
from tests.support import LiveServer, free_port, login, prepared_live_db, run_cli


def main_py(*args: str) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT_ROOT)
    return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])


def test_sync_once_reports_an_unreachable_server(tmp_path):
    status, result = main_py("sync", "--once", "--server", f"http://127.0.0.1:{free_port()}", "--token", "x",
                             "--kiosk-db", str(tmp_path / "k.db"))
    assert status == 1 and result["error"] and result["status"]["online"] is False and result["uploaded"] == []


def test_sync_once_uploads_the_outbox_and_staff_see_the_kiosks_last_contact(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db).start()
    args = ("--server", server.url, "--token", token, "--kiosk-db", str(tmp_path / "k.db"))
    try:
        status, first = main_py("sync", "--once", *args)
        assert status == 0 and first["catalogue_refreshed"] is True
        assert first["series_refreshed"] is True and first["status"]["slot"] == 1
        assert first["status"]["numbers_left"] == {"CT": 100, "HT": 100, "KD": 100, "VH": 100, "XH": 100}
        server.kill()
        shown = [main_py("issue", code, *args)[1] for code in ("1.001193", "2.000815")]
        server.start()
        # The loop (no --once) prints a line for the round that uploads, and stops on Ctrl-C.
        loop = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "sync", *args], cwd=PROJECT_ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        watchdog = threading.Timer(60, loop.kill)               # bounded even if it never prints
        watchdog.start()
        try:
            result = json.loads(loop.stdout.readline())
            loop.send_signal(signal.SIGINT)
            assert loop.wait(timeout=30) == 0
        finally:
            watchdog.cancel()
            if loop.poll() is None:
                loop.kill()
        assert result["error"] is None
        assert [(u["client_id"], u["number"]) for u in result["uploaded"]] == \
            [(t["client_id"], t["number"]) for t in shown]
        assert result["status"]["outbox"] == 0 and result["status"]["online"] is True
        assert main_py("sync", "--once", *args)[1]["uploaded"] == []          # nothing twice
        devices = requests.get(f"{server.url}/api/devices", headers=login(server.url), timeout=10).json()
        assert [d["name"] for d in devices if d["last_seen"]] == ["kiosk-1"]
    finally:
        server.stop()
    listing = run_cli("device", "list", db=db)
    assert "kiosk-1\tmáy lấy số\tđang hoạt động\tdãy số dự phòng 1\tliên lạc lần cuối 20" in listing
