"""Ticket issuing while an admin import runs (issue 13 §1): issue latency p50/p99 with no
import, while a 5,000-row CSV is previewed (read and planned in the worker process), while
it is applied, and while hostile files (a declared A1:XFD1048576 sheet, a zip bomb, a
100,000-row CSV) are refused.

    .venv/bin/python bench/imports.py [--rows 5000]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.server import CODES, Connection, percentile  # noqa: E402
from tests.admin.hostile_files import declared_huge, long_csv, zip_bomb  # noqa: E402
from tests.support import LiveServer, config_with_limits, login, prepared_live_db, run_cli  # noqa: E402


def issue_while(url: str, token: str, work) -> tuple[list[float], float]:
    """Issue tickets one after another for as long as `work()` runs; (latencies ms, work seconds)."""
    connection, headers, ms = Connection(url), {"Authorization": f"Bearer {token}"}, []
    done = threading.Event()
    started = time.perf_counter()

    def run():
        work()
        done.set()
    threading.Thread(target=run).start()
    while not done.is_set() or len(ms) < 20:
        start = time.perf_counter()
        status, _ = connection.post("/api/tickets", headers, {"procedure_code": CODES[len(ms) % len(CODES)],
                                                             "client_id": str(uuid.uuid4())})
        ms.append((time.perf_counter() - start) * 1000)
        assert status == 201, status
        time.sleep(0.05)   # a busy lobby, not a flood: each service's day range holds 1,000 numbers
    return ms, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-imports-"))
    db, token, _ = prepared_live_db(tmp)
    run_cli("user", "add", "quan-tri", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    config = config_with_limits(tmp, kiosk_issue_rate="1000000 per minute")
    with LiveServer(db, config) as server:
        admin = login(server.url, "quan-tri", "mat-khau-admin")
        url = f"{server.url}/api/admin/import"
        content = long_csv(args.rows)
        answers = {}

        def post(step, name, data, **params):
            return lambda: answers.__setitem__(step, requests.post(
                f"{url}/{step}", params={"filename": name, **params}, data=data, headers=admin, timeout=600))
        runs = [("no import", lambda: time.sleep(2)),
                (f"preview {args.rows} rows", post("preview", "big.csv", content))]
        for label, work in runs:
            ms, seconds = issue_while(server.url, token, work)
            print(f"{label:>28}: {len(ms):4} issues in {seconds:5.1f} s, p50 {percentile(ms, .5):6.1f} ms, "
                  f"p99 {percentile(ms, .99):6.1f} ms")
        fingerprint = answers["preview"].json()["fingerprint"]
        for label, work in [(f"apply {args.rows} rows", post("apply", "big.csv", content, fingerprint=fingerprint)),
                            ("hostile files refused", lambda: [post("preview", n, d)() for n, d in (
                                ("dim.xlsx", declared_huge()), ("bomb.xlsx", zip_bomb()),
                                ("long.csv", long_csv(100_000)))])]:
            ms, seconds = issue_while(server.url, token, work)
            print(f"{label:>28}: {len(ms):4} issues in {seconds:5.1f} s, p50 {percentile(ms, .5):6.1f} ms, "
                  f"p99 {percentile(ms, .99):6.1f} ms, max {max(ms):6.1f} ms")
        print(f"server alive: {server.process.poll() is None}")
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    main()
