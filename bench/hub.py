"""Province hub figures on a real PostgreSQL (a throwaway cluster, durable settings) with the
simulated city loaded (bench/hub_city.py) and two real hub processes (`main.py hub serve`):

- ingest: events/s pushed by centres (threads, batches of 500) through both hub processes;
- catch-up: 20 centres' real HubSync (their SQLite logs holding one day each) after an outage;
- dashboard and public page p95, with the whole city loaded;
- the whole city's month and quarter report: the closed days rolled up first, as each hub's
  background thread does (kiosk/hub/closed_days.py), then the first report (which folds only
  today's open centre-days) and the next ones (merging the rollups).

Targets: ingest >= 20x the city's peak hour (taken as 15 % of a day's tickets, 5 events each);
catch-up of a day for 20 centres < 60 s; dashboard p95 <= 300 ms.

    .venv/bin/python bench/hub.py [--centres 168 --days 30 --per-day 400] [--only-reports]
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import psycopg  # noqa: E402
import requests  # noqa: E402
from psycopg.rows import dict_row  # noqa: E402

from hub_city import SERVICES, load_city  # noqa: E402
from kiosk.config import Hub  # noqa: E402
from kiosk.hub.closed_days import roll_up_closed_days  # noqa: E402
from kiosk.hub.cluster import TempCluster  # noqa: E402
from kiosk.hub.db import token_hash  # noqa: E402
from kiosk.hub.migrations import apply_migrations  # noqa: E402
from kiosk.store import open_store  # noqa: E402
from kiosk.sync.hub_client import HttpHubClient  # noqa: E402
from kiosk.sync.hub_push import HubSync  # noqa: E402
from tests.support import LiveHub  # noqa: E402

DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
PEAK_HOUR_SHARE, EVENTS_PER_TICKET = 0.15, 5


def day_of_events(day: date, tickets: int, first_id: int = 1) -> list[dict]:
    """One centre's day as its log holds it: issue, call, finish and (3 in 5) rating per ticket."""
    rows, next_id = [], first_id
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=7, minutes=30)
    for n in range(tickets):
        service = SERVICES[n % 5]["id"]
        issued = start + timedelta(seconds=66 * n)
        steps = [("ticket.issued", issued, "waiting"), ("ticket.called", issued + timedelta(minutes=n % 30), "called"),
                 ("ticket.started", issued + timedelta(minutes=n % 30 + 1), "serving"),
                 ("ticket.finished", issued + timedelta(minutes=n % 30 + 6), "done")]
        if n % 5 < 3:
            steps.append(("ticket.rated", issued + timedelta(minutes=n % 30 + 7), "done"))
        for kind, at, status in steps:
            data = {"day": day.isoformat(), "service_id": service, "issued_service_id": service, "status": status,
                    "number": 1001 + n, **({"rating": "satisfied"} if kind == "ticket.rated" else {})}
            rows.append({"id": next_id, "ticket_id": n + 1, "type": kind, "at": at.isoformat(timespec="milliseconds") + "+07:00",
                         "counter_id": 1 + n % 5 if kind != "ticket.issued" else None, "data": data})
            next_id += 1
    return rows


def register(conn, prefix: str, count: int) -> list[tuple[int, str]]:
    found = []
    for i in range(count):
        token = f"{prefix}-token-{i}"
        row = conn.execute("INSERT INTO centres (code, name, district, token_hash, services) VALUES (%s, %s, %s, %s, "
                           "'[]') RETURNING id", [f"{prefix}{i:03d}", f"{prefix} {i}", "Khu vực bench", token_hash(token)]).fetchone()
        found.append((row["id"], token))
    return found


def bench_ingest(conn, hubs, today: date, centres: int, days: int) -> float:
    """Each thread is one centre pushing `days` days of its log in batches of 500."""
    import json
    accounts = register(conn, "ING", centres)
    bodies = []
    for _, _token in accounts:
        events = day_of_events(today, 400 * days)
        prev, batch_list = 0, []
        for event in events:
            event.update(prev=prev)
            prev = event["id"]
        for i in range(0, len(events), 500):
            batch_list.append(json.dumps({"head": events[-1]["id"], "events": events[i:i + 500]}))
        bodies.append(batch_list)
    total = sum(len(json.loads(b)["events"]) for batches in bodies for b in batches)

    def push(index: int) -> None:
        session = requests.Session()
        session.headers.update({"Authorization": f"Bearer {accounts[index][1]}", "Content-Type": "application/json"})
        for body in bodies[index]:
            session.post(f"{hubs[index % 2].url}/api/push", data=body, timeout=60).raise_for_status()
    start = time.perf_counter()
    threads = [threading.Thread(target=push, args=(i,)) for i in range(centres)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    stored = conn.execute("SELECT count(*) AS n FROM events e JOIN centres c ON c.id = e.centre_id "
                          "WHERE c.code LIKE 'ING%%'").fetchone()["n"]
    assert stored == total, (stored, total)
    return total / elapsed


def bench_catch_up(conn, hubs, today: date, centres: int, folder: Path) -> tuple[float, int]:
    accounts = register(conn, "CAT", centres)
    syncs, events_total = [], 0
    for index, (_, token) in enumerate(accounts):
        store = open_store(folder / f"centre-{index}.db", synchronous="OFF", check=False)
        rows = day_of_events(today, 400)
        events_total += len(rows)
        with store.write():
            store.db["events"].insert_all([{**r, "actor": "lan", "data": r["data"]} for r in rows])
        store.close()
        settings = Hub(url=hubs[index % 2].url, token=token, batch_size=500, push_seconds=1)
        syncs.append(HubSync(folder / f"centre-{index}.db", settings, HttpHubClient(settings.url, token)))
    ids = [a[0] for a in accounts]
    start = time.perf_counter()
    for sync in syncs:
        sync.start()
    while True:
        behind = conn.execute("SELECT count(*) AS n FROM centres WHERE id = ANY(%s) AND applied_through < %s",
                              [ids, len(rows)]).fetchone()["n"]
        if behind == 0:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    for sync in syncs:
        sync.stop()
    return elapsed, events_total


def p95(url: str, headers: dict, count: int) -> tuple[float, float]:
    session, times = requests.Session(), []
    session.get(url, headers=headers, timeout=30).raise_for_status()
    for _ in range(count):
        start = time.perf_counter()
        session.get(url, headers=headers, timeout=30).raise_for_status()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[max(0, int(0.95 * len(times)) - 1)] * 1000, statistics.median(times) * 1000


def timed_get(url: str, headers: dict, params: dict) -> float:
    start = time.perf_counter()
    requests.get(url, headers=headers, params=params, timeout=3600).raise_for_status()
    return time.perf_counter() - start


def bench_reports(url: str, headers: dict, today: date, repeats: int = 5) -> list[str]:
    """The city's month (the one with most of the loaded days) and quarter report, as JSON."""
    month = (today - timedelta(days=15)).strftime("%Y-%m")
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    lines = []
    for label, params in ((f"month {month}", {"period": "month", "month": month}),
                          (f"quarter {quarter}", {"period": "quarter", "quarter": quarter})):
        first = timed_get(f"{url}/api/reports", headers, params)
        then = statistics.median(timed_get(f"{url}/api/reports", headers, params) for _ in range(repeats))
        lines.append(f"city report, {label}: first {first:.1f} s (folds today's centre-days, still open), "
                     f"then {then:.2f} s (median of {repeats}, from the day rollups)")
    return lines


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))    # stop the cluster and the hubs on kill
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--centres", type=int, default=168)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--ingest-centres", type=int, default=8)
    parser.add_argument("--ingest-days", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only-reports", action="store_true", help="load the city and time the reports only")
    args = parser.parse_args()
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"(2 cores shared with other engineers' work)")
    with TempCluster(settings=DURABLE) as cluster, tempfile.TemporaryDirectory() as folder:
        dsn = cluster.create_database("hub")
        with psycopg.connect(dsn, row_factory=dict_row, autocommit=True) as conn:
            apply_migrations(conn)
            start = time.perf_counter()
            print(f"loading the city: {args.centres} centres x {args.per_day} tickets/day x {args.days} days")
            loaded = load_city(conn, args.centres, args.days, args.per_day, today)
            load_seconds = time.perf_counter() - start
            start = time.perf_counter()
            rolled = roll_up_closed_days(conn, today)      # what each hub's thread does every 5 minutes
            rollup_line = (f"closed centre-days rolled up in the background (kiosk/hub/closed_days.py): {rolled:,} "
                           f"in {time.perf_counter() - start:.0f} s, before any report was asked for")
            token = "bench-manager-token"
            conn.execute("INSERT INTO accounts (name, role, token_hash) VALUES ('bench', 'manager', %s)", [token_hash(token)])
            hubs = [LiveHub(dsn).start(timeout=120), LiveHub(dsn).start(timeout=120)]
            manager = {"Authorization": f"Bearer {token}"}
            try:
                report_lines = [rollup_line, *bench_reports(hubs[0].url, manager, today)]
                spans = conn.execute("SELECT count(*) AS n FROM day_spans").fetchone()["n"]
                report_lines.append(f"centre-days with a ticket across midnight (folded from events): {spans}")
                if not args.only_reports:
                    rate = bench_ingest(conn, hubs, today, args.ingest_centres, args.ingest_days)
                    catch_up, caught = bench_catch_up(conn, hubs, today, 20, Path(folder))
                    board = p95(f"{hubs[0].url}/api/dashboard", manager, args.requests)
                    city_page = p95(f"{hubs[1].url}/api/public/waits", {}, args.requests)
                    district = p95(f"{hubs[1].url}/api/public/waits?district=Khu%20v%E1%BB%B1c%203", {},
                                   args.requests)
            finally:
                for hub in hubs:
                    hub.stop()
    print(f"loaded: {loaded['centres']} centres, {loaded['tickets']:,} tickets, {loaded['events']:,} events "
          f"in {load_seconds:.0f} s (generated inside PostgreSQL, indexes rebuilt after)")
    print("\n".join(report_lines))
    if args.only_reports:
        print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        return 0
    peak = args.centres * args.per_day * EVENTS_PER_TICKET * PEAK_HOUR_SHARE / 3600
    print(f"ingest, 2 hub processes, {args.ingest_centres} centres pushing: {rate:,.0f} events/s "
          f"(city peak hour ~{peak:.0f} events/s; 20x = {20 * peak:.0f}/s) {'OK' if rate >= 20 * peak else 'BELOW TARGET'}")
    print(f"catch-up, 20 centres x one day ({caught:,} events) through HubSync: {catch_up:.1f} s "
          f"(target < 60 s) {'OK' if catch_up < 60 else 'BELOW TARGET'}")
    print(f"dashboard p95 {board[0]:.0f} ms (median {board[1]:.0f} ms; target <= 300 ms) "
          f"{'OK' if board[0] <= 300 else 'BELOW TARGET'}")
    print(f"public page, whole city: p95 {city_page[0]:.0f} ms (median {city_page[1]:.0f} ms); "
          f"one district: p95 {district[0]:.0f} ms (median {district[1]:.0f} ms)")
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
