"""The test city: a real PostgreSQL database, two real hub processes and three real centre
servers (uvicorn on 127.0.0.1) pushing and pulling through their own HubSync. One city for
the whole session (tests/hub/conftest.py `city`): every module of the hub's end-to-end tests
shares it, so the servers start once."""
from __future__ import annotations

import contextlib
import io
import sqlite3
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import requests
from psycopg.rows import dict_row

from kiosk import PROJECT_ROOT
from kiosk.cli import main as cli_main
from tests.support import LiveHub, LiveServer, config_with, login

CODES = ["1.001193", "2.000815", "1.001776"]       # Hộ tịch, Chứng thực, Bảo trợ xã hội


def wait_for(check, timeout: float = 30, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not reached in {timeout} s: {check.__doc__ or check}")


def run_cli(*args: str, stdin: str = "", db=None) -> str:
    """`main.py ARGS` in this process (the same code as the command line, without a new interpreter each time)."""
    out, before = io.StringIO(), sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out):
            assert cli_main([*args, *(["--db", str(db)] if db else [])]) == 0
    finally:
        sys.stdin = before
    return out.getvalue().strip()


class Centre:
    def __init__(self, code, server, kiosk_token, staff, manager, admin, db):
        self.code, self.server, self.db = code, server, db
        self.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        self.staff, self.manager, self.admin = staff, manager, admin

    def issue(self, count: int) -> None:
        for index in range(count):
            answer = requests.post(f"{self.server.url}/api/tickets", headers=self.kiosk, timeout=10,
                                   json={"procedure_code": CODES[index % 3], "client_id": str(uuid.uuid4())})
            assert answer.status_code == 201, answer.text

    def call(self, counter: int, times: int) -> None:
        for _ in range(times):
            requests.post(f"{self.server.url}/api/counters/{counter}/next", headers=self.staff, timeout=10)

    def event_ids(self) -> list[int]:
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as conn:
            return [row[0] for row in conn.execute("SELECT id FROM events ORDER BY id")]


def hub_events(conn, code: str) -> list[int]:
    return [r["event_id"] for r in conn.execute(
        "SELECT event_id FROM events e JOIN centres c ON c.id = e.centre_id WHERE c.code = %s ORDER BY event_id", [code])]


def caught_up(conn, centres) -> bool:
    rows = {r["code"]: r["applied_through"] for r in conn.execute("SELECT code, applied_through FROM centres")}
    return all(rows[c.code] == max(c.event_ids() or [0]) for c in centres)


# Every day bookable, all day, one place per 5-minute slot: a hub booking of the next slot can
# check in at once (15 minutes early is on time), whatever the hour the tests run.
APPOINTMENTS = {"hours": [["00:00", "23:55"]], "weekdays": [1, 2, 3, 4, 5, 6, 7], "slot_minutes": 5,
                "window_days": 0, "services": {s: {"capacity": 1} for s in ("HT", "CT", "XH", "KD", "VH")}}


def start_city(tmp_path_factory, pg_cluster):
    """Yields the city; stops its servers after."""
    dsn = pg_cluster.create_database("hub_city")
    tokens = {code: run_cli("hub", "centre", "add", code, f"Phường {code}", "--district", district, "--pg", dsn)
              for code, district in (("P01", "Quận 1"), ("P02", "Quận 1"), ("P03", "Quận 3"))}
    province = {role: {"Authorization": "Bearer " + run_cli("hub", "user", "add", f"so-{role}", "--role", role, "--pg", dsn)}
                for role in ("admin", "manager")}
    run_cli("hub", "catalogue", "load", str(PROJECT_ROOT / "assets" / "procedures.json"), "--pg", dsn)
    hubs = [LiveHub(dsn), LiveHub(dsn)]
    prepared = []
    for index, (code, token) in enumerate(tokens.items()):
        folder = tmp_path_factory.mktemp(code)
        db = folder / "centre.db"
        kiosk_token = run_cli("device", "add", "kiosk-1", "--role", "kiosk", "--print-token", db=db)
        for name, role in (("lan", "staff"), ("quanly", "manager"), ("qtv", "admin")):
            run_cli("user", "add", name, "--role", role, stdin=f"mat-khau-{name}\n", db=db)
        hub = hubs[0] if index < 2 else hubs[1]
        config = config_with(folder, hub={"url": hub.url, "token": token, "batch_size": 25, "push_seconds": 0.2,
                                          "pull_seconds": 0.5, "max_backoff_seconds": 1},
                             speech={"packs_dir": str(folder / "voices"), "cache_dir": str(folder / "speech-cache")},
                             appointments=APPOINTMENTS)
        prepared.append((code, LiveServer(db, config), kiosk_token, db))
    with ThreadPoolExecutor(5) as pool:        # five interpreters start at once, not one after another
        list(pool.map(lambda process: process.start(timeout=90), [*hubs, *(p[1] for p in prepared)]))
    centres = [Centre(code, server, kiosk_token, login(server.url, "lan", "mat-khau-lan"),
                      login(server.url, "quanly", "mat-khau-quanly"), login(server.url, "qtv", "mat-khau-qtv"), db)
               for code, server, kiosk_token, db in prepared]
    with psycopg.connect(dsn, row_factory=dict_row, autocommit=True) as conn:
        yield {"dsn": dsn, "hubs": hubs, "centres": centres, "province": province, "conn": conn}
    for centre in centres:
        centre.server.stop()
    for hub in hubs:
        hub.stop()
