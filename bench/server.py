"""Server figures on loopback: issue latency and throughput at 1, 8 and 32 concurrent clients
(with the CPU each issued ticket cost the server and the clients), calls per second, how
calls and issues scale with 100, 2,000 and 20,000 waiting tickets, and the time from a call
to its SSE event reaching a listener. Each client is a process of its own (a kiosk or a
counter is a machine of its own); until 2026-12-01 16:50 UTC they were threads of this process,
which queued for its interpreter lock and gave lower figures for the same server; until
2026-12-02 03:50 UTC they spoke through `http.client`, which cost them twice the CPU per
request on the cores they share with the server.

    .venv/bin/python bench/server.py [--tickets 1000] [--issue-rounds 3] [--scale 100,2000,20000] [--rounds 7]

A virtual machine's speed changes with its host's load: each run prints a CPU yardstick (a
fixed piece of Python) at its start and end, and the share of CPU the host stole.
"""
from __future__ import annotations

import argparse
import os
import json
import multiprocessing
import random
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.core.keys import client_key  # noqa: E402
from tests.support import LiveServer, login, prepared_live_db  # noqa: E402


# One procedure per service, so each level spreads over every service's number range.
CODES = ["1.001193", "2.000815", "1.001776", "1.001612", "1.003622"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Connection:
    """A keep-alive HTTP/1.1 connection on a plain socket, with next to no client-side cost:
    the clients share the server's two cores here, where each kiosk has a machine of its own,
    and even `http.client` (its header parsing goes through the email package) spent a third
    of the server's CPU per ticket. Answers must carry a Content-Length (or have no body)."""

    def __init__(self, url: str):
        host, port = url.removeprefix("http://").split(":")
        self.address, self.host = (host, int(port)), f"{host}:{port}".encode()
        self.socket: socket.socket | None = None
        self.pending = b""

    def post(self, path: str, headers: dict, body: dict | None = None) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = [b"POST " + path.encode() + b" HTTP/1.1", b"Host: " + self.host,
                b"Content-Type: application/json", b"Content-Length: " + str(len(payload)).encode(),
                *(f"{name}: {value}".encode() for name, value in headers.items())]
        if self.socket is None:
            self.socket = socket.create_connection(self.address, timeout=10)
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.socket.sendall(b"\r\n".join(head) + b"\r\n\r\n" + payload)
        return self._response()

    def _response(self) -> tuple[int, bytes]:
        while b"\r\n\r\n" not in self.pending:
            self.pending += self._received()
        head, self.pending = self.pending.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status, fields = int(lines[0].split(b" ", 2)[1]), dict(_field(line) for line in lines[1:])
        assert b"transfer-encoding" not in fields, "a chunked answer: this client reads only Content-Length bodies"
        length = int(fields.get(b"content-length", b"0"))
        while len(self.pending) < length:
            self.pending += self._received()
        body, self.pending = self.pending[:length], self.pending[length:]
        if fields.get(b"connection", b"").lower() == b"close":
            self.socket.close()
            self.socket, self.pending = None, b""
        return status, body

    def _received(self) -> bytes:
        data = self.socket.recv(65536)
        if not data:
            raise ConnectionError("the server closed the connection")
        return data


def _field(line: bytes) -> tuple[bytes, bytes]:
    name, _, value = line.partition(b":")
    return name.strip().lower(), value.strip()


def run_clients(clients: int, jobs: int, job, url: str) -> tuple[list[float], float, float]:
    """`jobs` requests from `clients` client processes, each on its own keep-alive connection,
    one request at a time: a kiosk or a counter is a machine of its own, so the clients do not
    queue for one Python interpreter's lock as threads of this process would. Returns the
    latencies, the seconds from the common start to the last answer, and the clients' CPU seconds."""
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    start_at = time.time() + 0.3
    shares = [jobs // clients + (1 if index < jobs % clients else 0) for index in range(clients)]

    def client(index: int, share: int) -> None:
        connection = Connection(url)
        time.sleep(max(0.0, start_at - time.time()))
        cpu, latencies = time.process_time(), []
        for n in range(share):
            begun = time.perf_counter()
            job(connection, index, n)
            latencies.append(time.perf_counter() - begun)
        answers.put((latencies, time.time(), time.process_time() - cpu))

    processes = [context.Process(target=client, args=(index, share)) for index, share in enumerate(shares)]
    for process in processes:
        process.start()
    results = [answers.get(timeout=600) for _ in processes]
    for process in processes:
        process.join()
    return ([x for latencies, _, _ in results for x in latencies], max(end for _, end, _ in results) - start_at,
            sum(cpu for _, _, cpu in results))


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) of process `pid` from /proc, or of this process (the clients)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stolen_share() -> tuple[int, int]:
    """(steal, all) CPU ticks of this machine so far, from /proc/stat: on a virtual machine,
    the time its host gave to others while it wanted to run. A run with much of it was made
    on a slower machine, whatever the code."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return ticks[7], sum(ticks)


def steal_percent(before: tuple[int, int]) -> float:
    after = stolen_share()
    return 100 * (after[0] - before[0]) / max(1, after[1] - before[1])


def yardstick_ms() -> float:
    """CPU milliseconds of a fixed piece of Python (JSON out and back, 30,000 times), single
    threaded: this machine's speed at the moment, to compare runs taken at different times
    (about 200 ms on this machine's quiet host)."""
    started = time.process_time()
    for n in range(30000):
        json.loads(json.dumps({"number": 1000 + n, "service": "HT", "name": "Hộ tịch"}))
    return 1000 * (time.process_time() - started)


def bench_issue(url, token, clients, count):
    """(latencies, issues/s, the clients' CPU seconds)."""
    headers = {"Authorization": f"Bearer {token}"}

    def issue(connection, client, n):
        # the kiosk's own client ids (kiosk/core/keys.py), which sort by the time they are drawn
        body = {"procedure_code": CODES[(client + n) % len(CODES)], "client_id": client_key(time.time())}
        status, body = connection.post("/api/tickets", headers, body)
        assert status == 201, body
    latencies, elapsed, client_cpu = run_clients(clients, count, issue, url)
    return latencies, count / elapsed, client_cpu


def bench_calls(url, staff, clients, count):
    counters = [1, 2, 3, 4, 5]

    def call(connection, client, _n):
        status, body = connection.post(f"/api/counters/{counters[client % 5]}/next", staff)
        assert status in (200, 204), body
    _, elapsed, _ = run_clients(clients, count, call, url)
    return count / elapsed


def wide_ranges_config(tmp: Path) -> Path:
    """config.yaml with 18,000 numbers per service (the demo's 999 a day cannot hold 20,000 waiting)."""
    import yaml
    raw = yaml.safe_load((Path(__file__).resolve().parent.parent / "config.yaml").read_text(encoding="utf-8"))
    for index, service in enumerate(raw["services"]):
        service["range"] = [10000 + 18000 * index, 27999 + 18000 * index]
    # One token stands for many kiosks here: lift the per-kiosk issue rate (docs/SECURITY.md).
    raw.setdefault("limits", {})["kiosk_issue_rate"] = "1000000 per minute"
    path = tmp / "bench-config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def widen_ranges(db: Path, config) -> None:
    """The database was seeded from config.yaml; give its services the wide ranges too."""
    from kiosk.store import open_store
    store = open_store(db)
    with store.write():
        for service in config.services:
            store.save_service({**store.service(service.id), "range_start": service.range[0],
                                "range_end": service.range[1]})
    store.close()


def wide_live_db(folder: Path, config) -> tuple[Path, str]:
    """A prepared database (tests/support.py) whose services have the wide ranges of `config`
    (wide_ranges_config); returns (db path, kiosk token)."""
    db, token, _ = prepared_live_db(folder)
    widen_ranges(db, config)
    return db, token


def fill_queue(db: Path, config, waiting: int, seed: int) -> None:
    """Top the queue up to `waiting` tickets through the real queue core, on a second
    connection to the server's database, in one transaction (setup, not measured); one in ten
    is a priority ticket, so both lanes of every service are in use."""
    from kiosk.core.policy import PRIORITY_KINDS
    from kiosk.core.queue import Queue
    from kiosk.store import open_store
    store = open_store(db)
    try:
        queue = Queue(store, config)
        missing = waiting - len(store.waiting_tickets([s["id"] for s in store.services()]))
        rng = random.Random(seed)
        with store.write():
            for n in range(max(0, missing)):
                priority = rng.choice(PRIORITY_KINDS) if rng.random() < 0.1 else None
                queue.issue(CODES[n % len(CODES)], priority, client_key(time.time()))
    finally:
        store.close()


def listen_to_events(url: str, stop: threading.Event) -> threading.Thread:
    """A lobby display's event stream, open while calls are measured: the server renders
    every event of every call (the ticket with its estimate) for it."""
    def listen():
        try:
            with requests.get(f"{url}/api/events", stream=True, timeout=60) as response:
                for _line in response.iter_lines():
                    if stop.is_set():
                        return
        except Exception:  # the server stops at the end of the bench
            return
    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    return thread


def bench_scaling(tmp: Path, config_path: Path, config, levels, rounds, batch=300, clients=8):
    """Calls/s and issues/s at 8 clients with each number of waiting tickets, medians of the
    rounds. Each level has a server and a database of its own, and the rounds go round the
    levels (100, 2,000, 20,000, 100, ...), so a change in the host's speed during the run
    touches every level alike. Per round: fill the queue to N, issue `batch` (N -> N+batch),
    call `batch` (back to N)."""
    servers, stop = {}, threading.Event()
    try:
        for waiting in levels:
            db, token = wide_live_db(tmp / f"waiting-{waiting}", config)
            server = servers[waiting] = LiveServer(db, config=config_path).start()
            server.token, server.staff = token, login(server.url)
            listen_to_events(server.url, stop)
        measured = {waiting: {"calls": [], "issues": []} for waiting in levels}
        for round_ in range(rounds):
            for waiting, server in servers.items():
                fill_queue(server.db, config, waiting, seed=round_)
                measured[waiting]["issues"].append(bench_issue(server.url, server.token, clients, batch)[1])
                measured[waiting]["calls"].append(bench_calls(server.url, server.staff, clients, batch))
    finally:
        stop.set()
        for server in servers.values():
            server.stop()
    figures = {}
    for waiting, rounds_of in measured.items():
        calls = rounds_of["calls"]
        figures[waiting] = (statistics.median(calls), statistics.median(rounds_of["issues"]), calls)
        print(f"{waiting:>8,} {figures[waiting][0]:>8.0f} {figures[waiting][1]:>9.0f}   "
              f"calls/s of each round: {', '.join(f'{c:.0f}' for c in calls)}", flush=True)
    return figures


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
                     json={"procedure_code": "1.001193", "client_id": client_key(time.time())})
    sent = {}
    for _ in range(calls):
        start = time.perf_counter()
        ticket = session.post(f"{url}/api/counters/1/next", headers=staff, timeout=10).json()
        sent[ticket["id"]] = start
        time.sleep(0.02)
    listener.join(15)
    delays = [(received[i] - sent[i]) * 1000 for i in sent if i in received]
    return delays, calls - len(delays)


def issue_level(server, token, staff, clients: int, tickets: int, rounds: int) -> tuple[list[float], float, float]:
    """`rounds` runs of `tickets` issues at `clients`, then as many calls; prints the row and
    returns (issues/s of each run, server CPU ms per ticket, % of the CPU stolen)."""
    server_cpu, stolen = cpu_seconds(server.process.pid), stolen_share()
    latencies, rates, client_cpu = [], [], 0.0
    for _ in range(rounds):
        run_latencies, rate, run_cpu = bench_issue(server.url, token, clients, tickets)
        latencies += run_latencies
        rates.append(rate)
        client_cpu += run_cpu
    server_ms = 1000 * (cpu_seconds(server.process.pid) - server_cpu) / (tickets * rounds)
    stolen = steal_percent(stolen)
    calls = bench_calls(server.url, staff, clients, tickets)
    ms = [x * 1000 for x in latencies]
    print(f"{clients:>7} {percentile(ms, .5):>13.1f} {percentile(ms, .99):>13.1f} {statistics.median(rates):>9.0f} "
          f"{calls:>8.0f} {server_ms:>20.2f} {1000 * client_cpu / (tickets * rounds):>20.2f} {stolen:>13.1f}   "
          f"issues/s of each run: {', '.join(f'{r:.0f}' for r in rates)}", flush=True)
    return rates, server_ms, stolen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1000, help="tickets issued per run at each concurrency level")
    parser.add_argument("--issue-rounds", type=int, default=3, help="runs per concurrency level (the median is printed)")
    parser.add_argument("--scale", default="100,2000,20000", help="waiting tickets at which calls are measured")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per waiting level (medians are printed; a round can run at half the speed of the next on this host, so 3 were too few)")
    args = parser.parse_args()
    from kiosk.config import load_config
    levels = [int(n) for n in args.scale.split(",")]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores; "
          f"CPU yardstick {yardstick_ms():.0f} ms (about 200 on a quiet host)")
    tmp = Path(tempfile.mkdtemp(prefix="bench-server-"))
    config_path = wide_ranges_config(tmp)
    config = load_config(config_path)
    db, token = wide_live_db(tmp, config)
    with LiveServer(db, config=config_path) as server:
        staff = login(server.url)
        print(f"server on {server.url}, SQLite WAL, group commit answered after an fsync that covers it (as synchronous=FULL), "
              f"{args.issue_rounds} runs of {args.tickets} tickets per level, each client a process of its own on a keep-alive connection")
        # CPU per issued ticket of the server process and of the clients (this process): the
        # clients share the 2 cores, so they must cost the server's CPU far less than it does.
        print(f"{'clients':>7} {'issue p50 ms':>13} {'issue p99 ms':>13} {'issues/s':>9} {'calls/s':>8} "
              f"{'server CPU ms/issue':>20} {'client CPU ms/issue':>20} {'CPU stolen %':>13}")
        issuing = {}
        for clients in (1, 8, 32):
            issuing[clients] = issue_level(server, token, staff, clients, args.tickets, args.issue_rounds)
        rates, server_ms, stolen = issuing[8]
        print(f"issuing at 8 clients: {statistics.median(rates):.0f}/s, the median of {len(rates)} runs of "
              f"{args.tickets} (target >= 600/s); {server_ms:.2f} ms of server CPU per ticket (the server's event "
              f"loop is one thread: 600/s needs about 1.5 ms), {stolen:.1f}% of the CPU stolen by the host meanwhile")
        delays, lost = bench_event_delivery(server.url, token, staff)
        print(f"call -> SSE event at a listener: p50 {statistics.median(delays):.1f} ms, "
              f"p95 {percentile(delays, .95):.1f} ms over {len(delays)} calls ({lost} missing)")
    print("\n8 clients, one event-stream listener open, a server per level, the rounds taken in turn across "
          "the levels; per round: fill to N waiting, issue 300, call 300")
    print(f"{'waiting':>8} {'calls/s':>8} {'issues/s':>9}")
    figures = bench_scaling(tmp, config_path, config, levels, args.rounds)
    low, high = figures[levels[0]][0], figures[levels[-1]][0]
    print(f"calls/s at {levels[0]:,} waiting / at {levels[-1]:,} waiting: {low / high:.2f}x (target <= 1.5x)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; CPU yardstick {yardstick_ms():.0f} ms")


if __name__ == "__main__":
    main()
