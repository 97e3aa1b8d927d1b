"""Ticket issuing while an admin import runs (issue 13 §1): issue latency p50/p99 with no
import, while a 5,000-row CSV is previewed (read and planned in the worker process), while
it is applied, and while hostile files (a declared A1:XFD1048576 sheet, a zip bomb, a
100,000-row CSV) are refused.

A few kiosk clients, each a process of its own, issue in a loop at a steady rate for the
whole run; each sample counts for the phase under way when it was sent, and the phases repeat
(`--cycles`) so that every phase gets a few hundred samples and its p99 is not just its worst
one. Every file is built before the clients start (building a zip bomb mid-phase would load
the cores the server shares). Applies alternate between two versions of the file, so that
each one writes every row. It runs for a few tens of seconds, longer under load. `--slow`
lists the slow samples with the time they were sent, to line them up with a server trace.

    .venv/bin/python bench/imports.py [--rows 5000] [--cycles 3] [--clients 3] [--slow FILE]
"""
from __future__ import annotations

import argparse
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.server import CODES, Connection, percentile, wide_live_db, wide_ranges_config  # noqa: E402
from kiosk.config import load_config  # noqa: E402
from tests.admin.hostile_files import declared_huge, long_csv, zip_bomb  # noqa: E402
from tests.support import LiveServer, login, run_cli  # noqa: E402

PAUSE = 0.025   # seconds each client waits between issues: a steady rate, not a flood
SLOW_MS = 50    # samples listed by --slow, to line them up with a server-side trace
PHASES = ("no import", "preview", "apply", "hostile files refused")


class Clients:
    """Kiosk clients issuing in a loop, in a process of their own (the admin's uploads and the
    parsing of their multi-MB answers here must not hold the clients' GIL); each latency is
    filed under the phase under way when its request was sent."""

    def __init__(self, url: str, token: str, count: int):
        context = multiprocessing.get_context("spawn")
        self.phase, self.stop, self.results = context.Value("i", 0), context.Event(), context.Queue()
        self.started = context.Queue()
        self.processes = [context.Process(target=_issue_loop, args=(url, token, n, self.phase, self.stop, self.started,
                                                                    self.results)) for n in range(count)]
        self.samples: dict[str, list[float]] = {phase: [] for phase in PHASES}
        self.slow: list[tuple[float, str, float]] = []   # (sent at, phase, ms) of each sample over SLOW_MS

    def set_phase(self, name: str) -> None:
        self.phase.value = PHASES.index(name)

    def __enter__(self) -> "Clients":
        for process in self.processes:
            process.start()
        for _ in self.processes:
            self.started.get(timeout=60)   # each has issued once: the first phase gets its full share
        return self

    def __exit__(self, *_) -> None:
        self.stop.set()
        for _ in self.processes:
            for phase, ms, at in self.results.get(timeout=60):
                self.samples[PHASES[phase]].append(ms)
                self.slow += [(at, PHASES[phase], ms)] if ms > SLOW_MS else []
        for process in self.processes:
            process.join()


def _issue_loop(url: str, token: str, n: int, phase, stop, started, results) -> None:
    connection, headers, samples = Connection(url), {"Authorization": f"Bearer {token}"}, []
    connection.post("/api/tickets", headers, {"procedure_code": CODES[n % len(CODES)], "client_id": str(uuid.uuid4())})
    started.put(n)
    while not stop.is_set():
        sent, start = phase.value, time.perf_counter()
        status, body = connection.post("/api/tickets", headers, {"procedure_code": CODES[n % len(CODES)],
                                                                 "client_id": str(uuid.uuid4())})
        samples.append((sent, (time.perf_counter() - start) * 1000, time.time()))
        assert status == 201, (status, body)
        time.sleep(PAUSE)
    results.put(samples)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--cycles", type=int, default=3)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--slow", type=Path, help=f"write the samples over {SLOW_MS} ms here, with the time sent")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    config = wide_ranges_config(tmp)   # thousands of tickets: the demo's 999 a day per service is too few
    db, token = wide_live_db(tmp, load_config(config))
    run_cli("user", "add", "quan-tri", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    versions = [long_csv(args.rows), long_csv(args.rows).replace("1 ngày".encode(), "2 ngày".encode())]
    hostile = [("dim.xlsx", declared_huge()), ("bomb.xlsx", zip_bomb()), ("long.csv", long_csv(100_000))]
    print(uptime())
    with LiveServer(db, config) as server:
        admin = login(server.url, "quan-tri", "mat-khau-admin")
        # FastAPI builds a router's route table on its first request (~200 ms, once per start): not an import's cost
        requests.get(f"{server.url}/api/admin/audit", params={"limit": 1}, headers=admin, timeout=60).raise_for_status()
        url, seconds = f"{server.url}/api/admin/import", {phase: 0.0 for phase in PHASES}

        def post(step, name, data, **params):
            answer = requests.post(f"{url}/{step}", params={"filename": name, **params}, data=data, headers=admin,
                                   timeout=600)
            assert answer.status_code in (200, 422), (answer.status_code, answer.text[:300])
            return answer.json()

        def phase(name, work):
            clients.set_phase(name)
            started = time.perf_counter()
            result = work()
            seconds[name] += time.perf_counter() - started
            return result

        with Clients(server.url, token, args.clients) as clients:
            for cycle in range(args.cycles):
                content = versions[cycle % 2]
                phase("no import", lambda: time.sleep(1))
                fingerprint = phase("preview", lambda: post("preview", "big.csv", content))["fingerprint"]
                applied = phase("apply", lambda: post("apply", "big.csv", content, fingerprint=fingerprint))
                assert applied.get("applied") and applied["counts"]["unchanged"] == 0, applied.get("counts")
                refused = phase("hostile files refused", lambda: [post("preview", n, d) for n, d in hostile])
                assert all(not answer["ok"] for answer in refused), "a hostile file was not refused"
            clients.set_phase("no import")
        print(f"{args.clients} clients, each issuing then pausing {PAUSE * 1000:g} ms; {args.cycles} cycles of "
              f"{args.rows}-row imports")
        for name in PHASES:
            ms = clients.samples[name]
            print(f"{name:>22}: {len(ms):5} issues in {seconds[name]:5.1f} s, p50 {percentile(ms, .5):6.1f} ms, "
                  f"p99 {percentile(ms, .99):6.1f} ms, max {max(ms):6.1f} ms")
        if args.slow:
            args.slow.write_text("".join(f"{at:.4f} {phase} {ms:.1f}ms\n" for at, phase, ms in sorted(clients.slow)))
        print(f"server alive: {server.process.poll() is None}")
    print(uptime())
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
