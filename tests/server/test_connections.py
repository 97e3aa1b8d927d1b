"""Slow and many connections (issue 13 §9) against a real server: slow-header clients are
dropped, the connection limit answers in the error shape, the file limit is raised at
start, event streams are capped per address and in total with heartbeats, and tickets are
issued whatever the number of open streams."""
from __future__ import annotations

import json
import resource
import socket
import time
import uuid

import pytest
import requests

from tests.support import LiveServer, config_with_limits, prepared_live_db

pytestmark = pytest.mark.slow


def raw(server, request: bytes, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=15, source_address=(source, 0))
    sock.sendall(request)
    return sock


def head(sock) -> tuple[int, bytes]:
    """The status and what arrived of the answer: its headers, and its body when it has a length."""
    data = b""
    while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return int(data.split()[1]), data


def _length(data: bytes) -> int:
    for line in data.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def open_stream(server, source: str) -> tuple[socket.socket, int, bytes]:
    sock = raw(server, b"GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", source)
    status, data = head(sock)
    return sock, status, data


def closed_by_server(sock) -> bool:
    try:
        sock.sendall(b"X-Slow: 1\r\n")
        return sock.recv(1024) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True


def body_json(data: bytes) -> dict:
    return json.loads(data.split(b"\r\n\r\n", 1)[1] or b"{}")


def issue(server):
    return requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                         "client_id": str(uuid.uuid4())}, headers=server.kiosk, timeout=30)


def live(tmp_path, **limits) -> LiveServer:
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    server = LiveServer(db, config_with_limits(tmp_path, kiosk_issue_rate="100000 per minute", **limits))
    server.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
    return server


def test_slow_header_clients_are_dropped_and_the_limit_answers_in_the_error_shape(tmp_path):
    with live(tmp_path, header_timeout_seconds=1, max_connections=20) as server:
        slow = [raw(server, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n") for _ in range(25)]
        time.sleep(0.3)
        status, data = head(raw(server, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        assert status == 503
        assert body_json(data)["detail"]["message"] and "connection limit" in body_json(data)["detail"]["reason"]
        for sock in slow:                      # each is closed by the server, never answered
            assert closed_by_server(sock)
            sock.close()
        assert issue(server).status_code == 201


def test_the_file_limit_is_raised_to_the_hard_limit_at_start(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))   # what the server inherits
    try:
        server = live(tmp_path).start()
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    try:
        limits = open(f"/proc/{server.process.pid}/limits").read()
        line = next(l for l in limits.splitlines() if l.startswith("Max open files")).split()
        assert line[3] == line[4] == str(hard)
    finally:
        server.stop()


def test_streams_are_capped_per_address_and_in_total_and_issuing_goes_on(tmp_path):
    with live(tmp_path, streams_per_address=10, streams_total=200, heartbeat_seconds=0.5) as server:
        streams = []
        for n in range(20):
            for _ in range(10):
                sock, status, _ = open_stream(server, f"127.0.1.{n + 1}")
                assert status == 200
                streams.append(sock)
            if n == 0:
                sock, status, data = open_stream(server, "127.0.1.1")
                assert status == 429 and "from this address" in body_json(data)["detail"]["reason"]
                sock.close()
        sock, status, data = open_stream(server, "127.0.2.1")
        assert status == 503 and "200 event streams" in body_json(data)["detail"]["reason"]
        sock.close()
        numbers = [issue(server).json()["number"] for _ in range(20)]
        assert len(set(numbers)) == 20
        heard = b""
        while str(numbers[-1]).encode() not in heard:
            heard += streams[-1].recv(65536)
        assert b"event: ticket.issued" in heard
        time.sleep(1.2)
        assert b": heartbeat" in streams[0].recv(65536)
        for sock in streams[:10]:
            sock.close()
        time.sleep(1.5)                        # the server notices at the next heartbeat
        sock, status, _ = open_stream(server, "127.0.1.1")
        assert status == 200
        sock.close()
        for sock in streams[10:]:
            sock.close()
