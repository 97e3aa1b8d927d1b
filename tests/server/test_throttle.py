"""Rate limits (issue 13 §7) against a real server: login backoff per account and per
address with Retry-After, the login audit, the same scrypt work for unknown users, and the
kiosk issue rate, which never refuses an offline upload and which the kiosk rides out."""
from __future__ import annotations

import http.client
import json
import time
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from kiosk.config import load_config
from kiosk.store import open_store
from kiosk.sync.sync_client import SyncClient
from tests.support import LiveServer, config_with_limits, login, prepared_live_db, run_cli

pytestmark = pytest.mark.slow


def attempt(url, username, password, source="127.0.0.1"):
    """A login from the loopback address `source` (any 127.x.y.z reaches the server)."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    connection.request("POST", "/api/auth/login", json.dumps({"username": username, "password": password}),
                       {"Content-Type": "application/json"})
    reply = connection.getresponse()
    body = json.loads(reply.read() or b"{}")
    connection.close()
    return reply.status, reply.getheader("Retry-After"), body


@pytest.fixture
def server(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "quan-tri", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    config = config_with_limits(tmp_path, login_failures_per_account=3, login_failures_per_address=6,
                                login_backoff_max_seconds=8, kiosk_issue_rate="3 per minute")
    with LiveServer(db, config) as live:
        live.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        live.kiosk_token = kiosk_token
        yield live


def test_wrong_passwords_lock_the_account_with_a_growing_backoff(server):
    for _ in range(3):
        assert attempt(server.url, "lan", "sai")[0] == 401
    status, retry_after, body = attempt(server.url, "lan", "mat-khau-lan")   # even the right one waits
    assert status == 429 and 1 <= int(retry_after) <= 2
    assert body["detail"]["field"] == "username" and "retry after" in body["detail"]["reason"]
    assert body["detail"]["message"].startswith("Đăng nhập sai quá nhiều lần")
    time.sleep(int(retry_after) + 0.2)
    assert attempt(server.url, "lan", "sai")[0] == 401                        # the 4th failure locks longer
    status, second_wait, _ = attempt(server.url, "lan", "sai")
    assert status == 429 and int(second_wait) > int(retry_after)
    time.sleep(int(second_wait) + 0.2)
    assert attempt(server.url, "lan", "mat-khau-lan")[0] == 200
    assert attempt(server.url, "lan", "sai")[0] == 401                        # a success cleared the count


def test_guessing_many_accounts_from_one_address_locks_that_address_only(server):
    for i in range(6):
        assert attempt(server.url, f"khach-{i}", "sai", source="127.0.0.9")[0] == 401
    status, retry_after, _ = attempt(server.url, "quan-tri", "mat-khau-admin", source="127.0.0.9")
    assert status == 429 and retry_after
    assert attempt(server.url, "quan-tri", "mat-khau-admin", source="127.0.0.10")[0] == 200


def test_logins_are_audited(server):
    attempt(server.url, "lan", "sai", source="127.0.0.7")
    attempt(server.url, "khong-co", "sai", source="127.0.0.7")
    admin = login(server.url, "quan-tri", "mat-khau-admin")
    entries = requests.get(f"{server.url}/api/admin/audit", params={"entity": "login"}, headers=admin,
                           timeout=10).json()["entries"]
    seen = {(e["action"], e["entity_id"], e["actor"]) for e in entries}
    assert ("auth.login.failure", "lan", "lan") in seen
    assert ("auth.login.failure", "khong-co", None) in seen       # an unknown name is never an actor
    assert ("auth.login.success", "quan-tri", "quan-tri") in seen
    assert any("127.0.0.7" in e["summary"] for e in entries)


def test_a_kiosk_issuing_faster_than_the_rate_is_slowed_but_its_uploads_never_are(server):
    issue = lambda **extra: requests.post(f"{server.url}/api/tickets", json={  # noqa: E731
        "procedure_code": "1.001193", "client_id": str(uuid.uuid4()), **extra}, headers=server.kiosk, timeout=10)
    assert [issue().status_code for _ in range(3)] == [201, 201, 201]
    for _ in range(2):
        refused = issue()
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert refused.json()["detail"]["message"] and "faster than 3 per minute" in refused.json()["detail"]["reason"]
    series = requests.get(f"{server.url}/api/series", headers=server.kiosk, timeout=10).json()
    block = {"first": next(s["next"] for s in series["services"] if s["service_id"] == "HT")}   # its own offline series
    issued_at = datetime.now(ZoneInfo(load_config().centre.timezone)).isoformat(timespec="seconds")
    uploaded = issue(number=block["first"], issued_at=issued_at)
    assert uploaded.status_code == 201 and uploaded.json()["number"] == block["first"]
    batch = requests.post(f"{server.url}/api/tickets/batch", headers=server.kiosk, timeout=10, json={"tickets": [
        {"procedure_code": "1.001193", "client_id": str(uuid.uuid4()), "number": n, "issued_at": issued_at}
        for n in (block["first"] + 1, block["first"] + 2)]})
    assert [r["status"] for r in batch.json()["results"]] == [201, 201]
    server.stop()
    store = open_store(server.db)
    told = [e for e in store.events_after(0, limit=1000) if e["type"] == "kiosk.throttled"]
    store.close()
    assert len(told) == 1 and json.loads(told[0]["data"])["device"] == "kiosk-1"   # once, not per refusal


def test_the_kiosk_issues_offline_when_slowed_and_loses_nothing(server, tmp_path):
    kiosk = SyncClient.from_config(load_config(), server.url, server.kiosk_token, tmp_path / "kiosk.db",
                                   retry_online_seconds=0.1)
    assert kiosk.sync_once()["error"] is None                # catalogue and leased blocks
    shown = [kiosk.issue_ticket("1.001193") for _ in range(5)]
    assert [t["offline"] for t in shown] == [False, False, False, True, True]
    assert all(t["number"] for t in shown) and len({t["number"] for t in shown}) == 5
    result = kiosk.sync_once()
    assert result["rejected"] == [] and len(result["uploaded"]) == 2
    staff = login(server.url)
    waiting = requests.get(f"{server.url}/api/queue", headers=staff, timeout=10).json()
    assert {t["number"] for t in shown} <= _numbers(waiting)


def _numbers(queue) -> set[int]:
    found = set()

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("number"), int):
                found.add(value["number"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(queue)
    return found


def test_counting_an_issue_starts_no_thread_and_expired_hits_are_still_dropped(config, monkeypatch):
    """limits' MemoryStorage would start a timer thread after each hit, and Thread.start()
    holds the event loop until the OS runs it; the inline expiry keeps the same moving window."""
    import threading

    from kiosk.server import throttle as throttle_module
    from kiosk.server.throttle import EXPIRE_SECONDS, Throttle, TooMany
    now = [1_000_000.0]
    monkeypatch.setattr(throttle_module.time, "monotonic", lambda: now[0])
    monkeypatch.setattr("limits.storage.memory.time.time", lambda: now[0])
    monkeypatch.setattr("limits.strategies.time.time", lambda: now[0], raising=False)
    limiter = Throttle(config.limits.model_copy(update={"kiosk_issue_rate": "3 per minute"}))
    threads = threading.active_count()
    for _ in range(3):
        limiter.check_issue("kiosk-1")
    with pytest.raises(TooMany):
        limiter.check_issue("kiosk-1")
    assert threading.active_count() == threads
    storage = limiter.limiter.storage
    assert storage.events
    now[0] += 61 + EXPIRE_SECONDS
    limiter.check_issue("kiosk-2")                 # any hit runs the due expiry first
    assert {key.split("/")[2] for key, hits in storage.events.items() if hits} == {"kiosk-2"}
    limiter.check_issue("kiosk-1")                 # the window moved on: kiosk-1 issues again
