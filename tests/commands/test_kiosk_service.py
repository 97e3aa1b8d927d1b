"""`main.py kiosk` as its unit runs it (token from systemd's credentials directory, READY=1
and heartbeats on $NOTIFY_SOCKET), killed with SIGKILL mid-run and started again, as
Restart=always does: the journal and the outbox survive, and reach the server afterwards."""
from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from kiosk import PROJECT_ROOT
from kiosk.sync.journal import Journal
from tests.support import LiveServer, run_cli


def main_py(*args: str) -> dict:
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT_ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


class KioskService:
    """The kiosk process with what systemd would hand it; `up()` waits for READY=1 and a beat."""

    def __init__(self, tmp_path, server_url: str, kiosk_db, token: str):
        credentials = tmp_path / "credentials"
        credentials.mkdir(exist_ok=True)
        (credentials / "kiosk.token").write_text(token + "\n")
        self.socket_path = str(tmp_path / "notify")
        self.command = [sys.executable, str(PROJECT_ROOT / "main.py"), "kiosk", "--locked", "--size", "540x960",
                        "--server", server_url, "--kiosk-db", str(kiosk_db)]
        self.env = {**{k: v for k, v in os.environ.items() if k != "KIOSK_TOKEN"}, "NOTIFY_SOCKET": self.socket_path,
                    "WATCHDOG_USEC": "2000000", "CREDENTIALS_DIRECTORY": str(credentials), "KIVY_NO_CONSOLELOG": "1"}

    def up(self) -> subprocess.Popen:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            if os.path.exists(self.socket_path):
                os.unlink(self.socket_path)
            sock.bind(self.socket_path)
            sock.settimeout(90)
            process = subprocess.Popen(self.command, cwd=PROJECT_ROOT, env=self.env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            messages = []
            while "WATCHDOG=1" not in messages:
                messages.append(sock.recv(4096).decode())
        assert messages[0].startswith("READY=1")
        return process


def kill(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(timeout=10)


@pytest.mark.slow
def test_a_killed_kiosk_comes_back_with_its_outbox_and_delivers_it(tmp_path):
    db = tmp_path / "centre.db"
    token = run_cli("device", "add", "kiosk-1", "--role", "kiosk", "--print-token", db=db)
    server = LiveServer(db).start()
    kiosk_db = tmp_path / "kiosk.db"
    args = ("--server", server.url, "--token", token, "--kiosk-db", str(kiosk_db))
    try:
        assert main_py("sync", "--once", *args)["series_refreshed"] is True
        server.kill()
        shown = [main_py("issue", code, *args) for code in ("1.001193",)]     # offline: outbox
        service = KioskService(tmp_path, server.url, kiosk_db, token)
        kill(service.up())                                      # killed mid-run, server still down
        journal = Journal(kiosk_db)
        assert [row["client_id"] for row in journal.outbox()] == [t["client_id"] for t in shown]
        journal.close()

        server.start()
        kiosk = service.up()                                    # started again, as Restart=always does
        journal = Journal(kiosk_db)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and journal.counts().get("outbox"):
                time.sleep(0.2)
        finally:
            kill(kiosk)
            journal.close()
    finally:
        server.stop()
    with sqlite3.connect(db) as connection:
        numbers = dict(connection.execute("SELECT client_id, number FROM tickets").fetchall())
    assert [numbers.get(t["client_id"]) for t in shown] == [t["number"] for t in shown]   # same numbers, once each
