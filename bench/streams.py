"""Ticket issuing while many Server-Sent Event streams are open (issue 13 §9): issue latency
p50/p99 with 0 and with N open streams, each stream reading every event.

    .venv/bin/python bench/streams.py [--streams 1000] [--tickets 300]

The streams come from many loopback addresses (127.0.3.x), 20 per address, so the
per-address cap (limits.streams_per_address, default 20) lets them in.
"""
from __future__ import annotations

import argparse
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.server import Connection, percentile  # noqa: E402
from tests.support import LiveServer, config_with_limits, prepared_live_db  # noqa: E402

PER_ADDRESS = 20


def open_streams(port: int, count: int) -> list[socket.socket]:
    streams = []
    for n in range(count):
        source = f"127.0.3.{n // PER_ADDRESS + 1}"
        sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0))
        sock.sendall(b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        status = sock.recv(4096).split(b" ", 2)[1]
        if status != b"200":
            raise SystemExit(f"stream {n} refused with HTTP {status.decode()}")
        sock.setblocking(False)
        streams.append(sock)
    return streams


def drain(streams: list[socket.socket], stop: threading.Event, received: list[int]) -> None:
    """Read every stream, as a browser would, so the server's writes never back up."""
    selector = selectors.DefaultSelector()
    for sock in streams:
        selector.register(sock, selectors.EVENT_READ)
    while not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            try:
                received[0] += key.fileobj.recv(65536).count(b"event: ticket.issued")
            except BlockingIOError:
                pass


CODES = ("1.001193", "2.000815", "1.001776", "1.001612")   # four services: their online runs hold 2,400 numbers


def issue_latencies(url: str, token: str, tickets: int) -> list[float]:
    connection, headers, ms = Connection(url), {"Authorization": f"Bearer {token}"}, []
    for i in range(tickets):
        start = time.perf_counter()
        status, _ = connection.post("/api/tickets", headers, {"procedure_code": CODES[i % len(CODES)],
                                                             "client_id": str(uuid.uuid4())})
        ms.append((time.perf_counter() - start) * 1000)
        assert status == 201, status
    return ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--tickets", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-streams-"))
    db, token, _ = prepared_live_db(tmp)
    config = config_with_limits(tmp, kiosk_issue_rate="1000000 per minute")
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    with LiveServer(db, config) as server:
        print(f"load before: {load}")
        quiet = issue_latencies(server.url, token, args.tickets)
        print(f"{0:>6} streams: issue p50 {percentile(quiet, .5):6.1f} ms  p99 {percentile(quiet, .99):6.1f} ms")
        streams = open_streams(server.port, args.streams)
        stop, received = threading.Event(), [0]
        reader = threading.Thread(target=drain, args=(streams, stop, received), daemon=True)
        reader.start()
        busy = issue_latencies(server.url, token, args.tickets)
        time.sleep(1)
        stop.set()
        reader.join()
        print(f"{len(streams):>6} streams: issue p50 {percentile(busy, .5):6.1f} ms  p99 {percentile(busy, .99):6.1f} ms"
              f"  ({received[0]} of {len(streams) * args.tickets} events read by the streams)")
        for sock in streams:
            sock.close()
    print(f"load after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")


if __name__ == "__main__":
    main()
