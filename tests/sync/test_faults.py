"""Fault tests with real processes on loopback: `main.py serve` killed with SIGKILL and
restarted, kiosks as `main.py issue`/`sync` processes or in-process SyncClients, a slow
server, torn journal rows, and a display listener catching up after a restart.
Every wait is bounded."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from kiosk import PROJECT_ROOT
from kiosk.config import load_config
from kiosk.sync.sync_client import OFFLINE_MESSAGE, SyncClient
from kiosk.sync.uploader import Backoff, RealSleeper, Uploader
from tests.support import LiveServer, login, prepared_live_db, run_cli, sse_events

CODES = ("1.001193", "2.000815", "1.001776")     # services HT, CT, XH


def server_tickets(db) -> dict:
    """client_id -> number, read from the server's database file."""
    conn = sqlite3.connect(db)
    try:
        return {client_id: number for client_id, number in conn.execute("SELECT client_id, number FROM tickets")}
    finally:
        conn.close()


def kiosk_cli(*args: str, check: bool = True) -> tuple[int, dict, str]:
    """Run `main.py ARGS`; return (exit status, the JSON line it printed, stderr)."""
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=PROJECT_ROOT)
    if check:
        assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    return done.returncode, json.loads(lines[-1]) if lines else {}, done.stderr


def wait_until(predicate, timeout: float = 30.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def test_kill_9_while_a_kiosk_issues_100_tickets_then_restart(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db).start()
    kiosk = SyncClient.from_config(load_config(), server.url, token, tmp_path / "kiosk.db", timeout=0.5,
                                   retry_online_seconds=0.2)
    uploader = None
    try:
        assert kiosk.sync_once()["error"] is None
        uploader = Uploader(kiosk, RealSleeper(), idle_seconds=0.2, backoff=Backoff(first=0.05, maximum=0.2)).start()
        shown = []
        for i in range(100):
            if i == 30:
                threading.Thread(target=server.kill).start()      # lands mid-request, whenever it lands
            if i == 65:
                server.start()
            shown.append(kiosk.issue_ticket(CODES[i % 3]))
        assert sum(t["offline"] for t in shown) >= 20                     # the outage was real
        assert all(t["message"] == OFFLINE_MESSAGE for t in shown if t["offline"])
        assert wait_until(lambda: kiosk.status()["outbox"] == 0), kiosk.status()
    finally:
        if uploader:
            uploader.stop()
        kiosk.close()
        server.stop()
    held = server_tickets(db)
    assert len(held) == 100
    assert len(set(held.values())) == 100                                  # no number twice
    assert held == {t["client_id"]: t["number"] for t in shown}            # each keeps the number shown


KIOSK_PROCESS = """
import json, sys
from kiosk.config import load_config
from kiosk.sync.sync_client import SyncClient
url, token, journal, count = sys.argv[1:5]
kiosk = SyncClient.from_config(load_config(), url, token, journal)
for i in range(int(count)):
    print(json.dumps(kiosk.issue_ticket(["1.001193", "2.000815"][i % 2])), flush=True)
kiosk.close()
"""


def test_two_kiosks_started_cold_with_the_server_down_then_reconnect_without_duplicates(tmp_path):
    db, token_1, _ = prepared_live_db(tmp_path)
    token_2 = run_cli("device", "add", "kiosk-2", "--role", "kiosk", "--print-token", db=db)
    kiosks = {"k1": (token_1, tmp_path / "k1.db"), "k2": (token_2, tmp_path / "k2.db")}
    server = LiveServer(db)                             # not started: the kiosks have never reached it
    tickets = []
    try:
        # Two freshly paired kiosk processes issue at the same time with the server down.
        running = {name: subprocess.Popen([sys.executable, "-c", KIOSK_PROCESS, server.url, token, str(journal), "6"],
                                          cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                   for name, (token, journal) in kiosks.items()}
        shown = {name: [json.loads(line) for line in process.communicate(timeout=120)[0].splitlines()]
                 for name, process in running.items()}
        tickets = shown["k1"] + shown["k2"]
        assert len(tickets) == 12 and all(t["offline"] for t in tickets)
        assert [t["number"] for t in shown["k1"]] == [1600, 2600, 1601, 2601, 1602, 2602]   # slot 1's series
        assert [t["number"] for t in shown["k2"]] == [1700, 2700, 1701, 2701, 1702, 2702]   # slot 2's series

        server.start()
        for name, (token, journal) in kiosks.items():    # reconnect: the sync command drains each outbox
            _, result, _ = kiosk_cli("sync", "--once", "--server", server.url, "--token", token,
                                     "--kiosk-db", str(journal))
            assert [u["number"] for u in result["uploaded"]] == [t["number"] for t in shown[name]]
            assert result["status"]["outbox"] == 0
            kiosk = SyncClient.from_config(load_config(), server.url, token, journal)
            tickets.append(kiosk.issue_ticket(CODES[0]))                   # and online again
            kiosk.close()
        assert [t["offline"] for t in tickets[-2:]] == [False, False]
    finally:
        server.stop()
    held = server_tickets(db)
    assert held == {t["client_id"]: t["number"] for t in tickets}
    assert len(set(held.values())) == 14


class SlowHandler(BaseHTTPRequestHandler):
    """A server that answers everything at once except ticket requests, which hang."""
    release = threading.Event()
    posts: list = []

    def log_message(self, *args):
        pass

    def _send(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        routes = {
            "/api/health": {"status": "ok", "catalogue_version": "v1"},
            "/api/procedures": [{"code": "1.001193", "name": "Đăng ký khai sinh", "service": "HT", "active": True}],
            "/api/services": [{"id": "HT", "name": "Hộ tịch", "active": 1}],
            "/api/counters": [{"id": 1, "name": "Quầy 1", "services": ["HT"]}],
            "/api/series": {"device": "k", "slot": 1, "day": _today(), "series_size": 100, "kiosk_slots": 4,
                            "services": [{"service_id": "HT", "first": 1600, "last": 1699, "next": 1600}]},
            "/api/settings": {},
        }
        self._send(200, routes[self.path])

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.posts.append(body)
        self.release.wait(5)                     # "slow": far longer than the kiosk's timeout
        self._send(201, {"id": 1, "number": 1999})


def _today() -> str:
    from kiosk.clock import Clock
    return Clock(load_config().centre.timezone).today()


def test_a_slow_server_makes_the_kiosk_fall_back_within_its_timeout(tmp_path):
    SlowHandler.release.clear()
    SlowHandler.posts = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    config = load_config()
    assert config.sync.timeout_seconds < 5                 # the server below hangs for 5 s
    kiosk = SyncClient.from_config(config, url, "token", tmp_path / "kiosk.db")
    try:
        assert kiosk.sync_once()["error"] is None
        first = kiosk.issue_ticket("1.001193")
        # Had the kiosk waited for the answer, it would show the server's 1999, online.
        assert (first["offline"], first["number"], first["message"]) == (True, 1600, OFFLINE_MESSAGE)
        second = kiosk.issue_ticket("1.001193")
        assert (second["offline"], second["number"]) == (True, 1601)
        assert len(SlowHandler.posts) == 1                  # the second citizen did not wait on the hung server
        assert kiosk.status()["online"] is False and kiosk.status()["outbox"] == 2
    finally:
        SlowHandler.release.set()
        kiosk.close()
        httpd.shutdown()
        httpd.server_close()


def test_torn_outbox_rows_are_reported_and_everything_readable_is_uploaded(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    journal = tmp_path / "kiosk.db"
    server = LiveServer(db).start()
    try:
        args = ("--server", server.url, "--token", token, "--kiosk-db", str(journal))
        kiosk = SyncClient.from_config(load_config(), server.url, token, journal)
        kiosk.sync_once()
        server.kill()
        shown = [kiosk.issue_ticket(CODES[i % 3]) for i in range(5)]
        assert all(t["offline"] for t in shown)
        kiosk.close()
        # A power cut half-wrote two rows (simulated by garbling them in place).
        conn = sqlite3.connect(journal)
        conn.execute("UPDATE tickets SET number = NULL WHERE client_id = ?", [shown[1]["client_id"]])
        conn.execute("UPDATE tickets SET issued_at = substr(issued_at, 1, 9) WHERE client_id = ?", [shown[3]["client_id"]])
        conn.commit()
        conn.close()
        server.start()
        status, result, stderr = kiosk_cli("sync", "--once", *args)
    finally:
        server.stop()
    torn = {shown[1]["client_id"], shown[3]["client_id"]}
    assert {item["client_id"] for item in result["unreadable"]} == torn
    assert all(client_id in stderr for client_id in torn)
    assert result["status"]["unreadable"] == 2
    readable = [t for t in shown if t["client_id"] not in torn]
    assert [u["client_id"] for u in result["uploaded"]] == [t["client_id"] for t in readable]
    assert server_tickets(db) == {t["client_id"]: t["number"] for t in readable}


def test_acknowledged_tickets_are_there_after_a_restart_with_the_database_intact(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db).start()
    kiosk = SyncClient.from_config(load_config(), server.url, token, tmp_path / "kiosk.db", timeout=0.5,
                                   retry_online_seconds=0)
    try:
        kiosk.sync_once()
        shown = [kiosk.issue_ticket(CODES[i % 3]) for i in range(10)]
        server.stop()                                       # a clean shutdown ...
        shown += [kiosk.issue_ticket(CODES[i % 3]) for i in range(5)]
        server.start()
        assert kiosk.sync_once()["error"] is None
        shown += [kiosk.issue_ticket(CODES[0])]
        server.kill()                                       # ... and a hard one
        server.start()
        acknowledged = {r["client_id"]: r["number"] for r in kiosk.journal.tickets() if r["state"] in ("sent", "uploaded")}
        assert len(acknowledged) == 16
        assert server_tickets(db) == acknowledged == {t["client_id"]: t["number"] for t in shown}
        staff = login(server.url)
        waiting = requests.get(f"{server.url}/api/queue", headers=staff, timeout=10).json()
        assert sum(s["waiting_count"] for s in waiting["services"]) == 16
    finally:
        kiosk.close()
        server.stop()


def test_a_display_reconnecting_after_a_kill_catches_up_on_every_missed_event(tmp_path):
    db, token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db).start()
    kiosk_headers = {"Authorization": f"Bearer {token}"}

    def issue(code="1.001193"):
        response = requests.post(f"{server.url}/api/tickets", json={"procedure_code": code}, headers=kiosk_headers,
                                 timeout=10)
        assert response.status_code == 201
        return response.json()
    try:
        stream = requests.get(f"{server.url}/api/events", stream=True, timeout=10)
        first = issue()
        seen = sse_events(stream, 1)
        assert [(e["event"], e["data"]["ticket"]["number"]) for e in seen] == [("ticket.issued", first["number"])]
        server.kill()
        # The display's stream is broken; it will reconnect with the last id it saw.
        broken = False
        try:
            broken = sse_events(stream, 1) == []
        except requests.RequestException:
            broken = True
        assert broken
        stream.close()
        server.start()
        staff = login(server.url)
        missed = [issue(), issue("2.000815")]
        called = requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).json()
        with requests.get(f"{server.url}/api/events", headers={"Last-Event-ID": str(seen[-1]["id"])},
                          stream=True, timeout=10) as again:
            caught_up = sse_events(again, 3)
    finally:
        server.stop()
    assert [(e["event"], e["data"]["ticket"]["number"]) for e in caught_up] == [
        ("ticket.issued", missed[0]["number"]), ("ticket.issued", missed[1]["number"]),
        ("ticket.called", called["number"])]
    assert called["number"] == first["number"]
    assert [e["id"] for e in caught_up] == list(range(seen[-1]["id"] + 1, seen[-1]["id"] + 4))
