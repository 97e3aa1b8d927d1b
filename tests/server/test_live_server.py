"""The contract against a real `main.py serve` process on 127.0.0.1."""
import threading
import time
import uuid

import requests

from tests.support import LiveServer, login, prepared_live_db, sse_events


def issue(url, token, code="1.001193", client_id=None):
    return requests.post(f"{url}/api/tickets", json={"procedure_code": code, "client_id": client_id or str(uuid.uuid4())},
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)


def read_events(url, count, headers=None, timeout=10):
    """Collect `count` SSE events from /api/events."""
    with requests.get(f"{url}/api/events", headers=headers or {}, stream=True, timeout=timeout) as response:
        return sse_events(response, count)


def test_real_server_issues_calls_and_streams_events(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        staff = login(server.url)
        first = issue(server.url, kiosk_token).json()
        listened = {}
        listener = threading.Thread(target=lambda: listened.update(events=read_events(server.url, 2)))
        listener.start()
        time.sleep(0.5)
        second = issue(server.url, kiosk_token).json()
        called = requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10).json()
        listener.join(timeout=15)
        assert called["id"] == first["id"]
        kinds = [(e["event"], e["data"]["ticket"]["number"]) for e in listened["events"]]
        assert kinds == [("ticket.issued", second["number"]), ("ticket.called", first["number"])]
        assert "public_id" not in listened["events"][0]["data"]["ticket"]

        replay = read_events(server.url, 3, headers={"Last-Event-ID": "0"})
        assert [e["event"] for e in replay] == ["ticket.issued", "ticket.issued", "ticket.called"]
        after_first = read_events(server.url, 2, headers={"Last-Event-ID": str(replay[0]["id"])})
        assert [e["id"] for e in after_first] == [replay[1]["id"], replay[2]["id"]]


def test_acknowledged_tickets_survive_kill_9_and_restart(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db).start()
    acknowledged = [issue(server.url, kiosk_token).json() for _ in range(30)]
    server.kill()
    server.start()
    try:
        staff = login(server.url)
        numbers = []
        while True:
            response = requests.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10)
            if response.status_code == 204:
                break
            numbers.append(response.json()["number"])
        assert sorted(numbers) == [t["number"] for t in acknowledged]
        assert issue(server.url, kiosk_token).json()["number"] == acknowledged[-1]["number"] + 1
    finally:
        server.stop()


def test_concurrent_clients_get_unique_numbers_and_calls(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server:
        staff = login(server.url)
        numbers, calls, lock = [], [], threading.Lock()

        def kiosk():
            for _ in range(25):
                ticket = issue(server.url, kiosk_token, code="2.000815").json()
                with lock:
                    numbers.append(ticket["number"])

        def counter(counter_id):
            for _ in range(40):
                response = requests.post(f"{server.url}/api/counters/{counter_id}/next", headers=staff, timeout=10)
                if response.status_code == 200:
                    with lock:
                        calls.append(response.json()["id"])

        threads = [threading.Thread(target=kiosk) for _ in range(4)]
        threads += [threading.Thread(target=counter, args=(n,)) for n in (2, 3)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert len(numbers) == 100 and len(set(numbers)) == 100
        assert len(calls) == len(set(calls)) and calls
