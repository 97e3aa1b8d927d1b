"""Hostile imports against a real server (issue 13 §1): it refuses them precisely, stays
alive, and keeps issuing tickets while a large import is read and planned."""
from __future__ import annotations

import threading
import time
import uuid

import pytest
import requests

from tests.admin.hostile_files import declared_huge, long_csv, zip_bomb
from tests.support import LiveServer, config_with_limits, login, prepared_live_db, rss_kb, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "quan-tri", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    busy_kiosk = config_with_limits(tmp_path, kiosk_issue_rate="100000 per minute")  # the loop issues flat out
    with LiveServer(db, busy_kiosk) as live:
        live.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        live.admin = login(live.url, "quan-tri", "mat-khau-admin")
        yield live


def preview(server, name, content):
    return requests.post(f"{server.url}/api/admin/import/preview", params={"filename": name}, data=content,
                         headers=server.admin, timeout=120)


def issue(server):
    return requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                         "client_id": str(uuid.uuid4())}, headers=server.kiosk, timeout=30)


def test_hostile_workbooks_are_refused_and_the_server_lives(server):
    before = rss_kb(server.process.pid)
    for name, content, words in (("dimension.xlsx", declared_huge(), "beyond column"),
                                 ("bomb.xlsx", zip_bomb(), "zip bomb"),
                                 ("long.csv", long_csv(100_000), "more than 5000 rows")):
        reply = preview(server, name, content)
        assert reply.status_code == 200
        problems = reply.json()["problems"]
        assert len(problems) == 1 and words in problems[0]["reason"] and problems[0]["message"], name
        assert issue(server).status_code == 201
    assert server.process.poll() is None
    assert rss_kb(server.process.pid) - before < 100 * 1024


def test_tickets_are_issued_while_a_large_import_is_read(server):
    answer = {}
    importing = threading.Thread(target=lambda: answer.update(reply=preview(server, "big.csv", long_csv(5000))))
    importing.start()
    issued_meanwhile = []
    while importing.is_alive():
        reply = issue(server)
        assert reply.status_code == 201, reply.text
        if importing.is_alive():
            issued_meanwhile.append(reply.json()["number"])
        time.sleep(0.02)   # a busy lobby: flat out, a slow preview would use up the service's 999 numbers
    importing.join()
    assert answer["reply"].status_code == 200 and answer["reply"].json()["counts"]["new"] == 5000
    assert issued_meanwhile, "no ticket was issued while the import ran"
    plan = answer["reply"].json()
    applied = requests.post(f"{server.url}/api/admin/import/apply", params={"filename": "big.csv",
                            "fingerprint": plan["fingerprint"]}, data=long_csv(5000), headers=server.admin,
                            timeout=120)
    assert applied.status_code == 200 and applied.json()["applied"] is True
    assert requests.get(f"{server.url}/api/procedures/9.004999", timeout=10).status_code == 200
