"""Server figures on loopback: issue latency and throughput at 1, 8 and 32 concurrent clients,
calls per second, and the time from a call to its SSE event reaching a listener.

    .venv/bin/python bench/server.py [--tickets 400]
"""
from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support import LiveServer, config_with_limits, login, prepared_live_db  # noqa: E402


# One procedure per service, so each level spreads over every service's number range.
CODES = ["1.001193", "2.000815", "1.001776", "1.001612", "1.003622"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Connection:
    """A keep-alive HTTP/1.1 connection with next to no client-side overhead: the clients share
    the server's two cores, and `requests` would spend as much CPU per call as the server."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.http = http.client.HTTPConnection(host, int(port), timeout=10)

    def post(self, path: str, headers: dict, body: dict | None = None) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        self.http.request("POST", path, body=payload, headers={**headers, "Content-Type": "application/json"})
        response = self.http.getresponse()
        return response.status, response.read()


def run_clients(clients: int, jobs: int, job, url: str) -> tuple[list[float], float]:
    local = threading.local()

    def timed(_):
        connection = getattr(local, "connection", None) or Connection(url)
        local.connection = connection
        start = time.perf_counter()
        job(connection)
        return time.perf_counter() - start

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(timed, range(jobs)))
    return latencies, time.perf_counter() - started


def bench_issue(url, token, clients, count):
    headers = {"Authorization": f"Bearer {token}"}

    codes = iter(CODES * count)

    def issue(connection):
        status, body = connection.post("/api/tickets", headers,
                                       {"procedure_code": next(codes), "client_id": str(uuid.uuid4())})
        assert status == 201, body
    latencies, elapsed = run_clients(clients, count, issue, url)
    return latencies, count / elapsed


def bench_calls(url, staff, clients, count):
    counters = [1, 2, 3, 4, 5]

    def call(connection):
        counter = counters[threading.get_ident() % 5]
        status, body = connection.post(f"/api/counters/{counter}/next", staff)
        assert status in (200, 204), body
    _, elapsed = run_clients(clients, count, call, url)
    return count / elapsed


def bench_event_delivery(url, token, staff, calls=100):
    received: dict[int, float] = {}
    ready = threading.Event()

    def listen():
        with requests.get(f"{url}/api/events", stream=True, timeout=30) as response:
            ready.set()
            for line in response.iter_lines(decode_unicode=True):
                if line.startswith("data: "):
                    event = json.loads(line[6:])
                    if event["type"] == "ticket.called":
                        received[event["ticket"]["id"]] = time.perf_counter()
                        if len(received) == calls:
                            return
    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    ready.wait(10)
    time.sleep(0.3)
    headers = {"Authorization": f"Bearer {token}"}
    session = requests.Session()
    for _ in range(calls):
        session.post(f"{url}/api/tickets", headers=headers, timeout=10,
                     json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())})
    sent = {}
    for _ in range(calls):
        start = time.perf_counter()
        ticket = session.post(f"{url}/api/counters/1/next", headers=staff, timeout=10).json()
        sent[ticket["id"]] = start
        time.sleep(0.02)
    listener.join(15)
    delays = [(received[i] - sent[i]) * 1000 for i in sent if i in received]
    return delays, calls - len(delays)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=400, help="tickets issued per concurrency level")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-server-"))
    db, token, _ = prepared_live_db(tmp)
    # One token stands for many kiosks here: lift the per-kiosk issue rate (docs/SECURITY.md).
    with LiveServer(db, config_with_limits(tmp, kiosk_issue_rate="1000000 per minute")) as server:
        staff = login(server.url)
        print(f"server on {server.url}, SQLite WAL synchronous=FULL with group commit, "
              f"{args.tickets} tickets per level, http.client keep-alive clients")
        print(f"{'clients':>7} {'issue p50 ms':>13} {'issue p99 ms':>13} {'issues/s':>9} {'calls/s':>8}")
        for clients in (1, 8, 32):
            latencies, rate = bench_issue(server.url, token, clients, args.tickets)
            calls = bench_calls(server.url, staff, clients, args.tickets)
            ms = [x * 1000 for x in latencies]
            print(f"{clients:>7} {percentile(ms, .5):>13.1f} {percentile(ms, .99):>13.1f} {rate:>9.0f} {calls:>8.0f}")
        delays, lost = bench_event_delivery(server.url, token, staff)
        print(f"call -> SSE event at a listener: p50 {statistics.median(delays):.1f} ms, "
              f"p95 {percentile(delays, .95):.1f} ms over {len(delays)} calls ({lost} missing)")


if __name__ == "__main__":
    main()
