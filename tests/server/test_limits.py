"""Body limits per route class, auth before the body (issue 13 §2), against a real server."""
from __future__ import annotations

import asyncio
import json
import select
import socket

import pytest
import requests

from kiosk.server.limits import BodyTooSlow, _counting
from tests.support import LiveServer, config_with_limits, login, prepared_live_db, rss_kb, run_cli

pytestmark = pytest.mark.slow
CHUNK = b"x" * 65536
STREAM_CAP = 256 * 1024 * 1024   # the attack stops here if the server never answers


def stream_post(port: int, path: str, headers: dict, cap: int = STREAM_CAP) -> tuple[int, dict, int]:
    """POST a chunked body of up to `cap` bytes, as fast as the server takes it, and stop
    at the first answer. Returns (status, JSON body, bytes sent before the answer came)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{head}"
                 "Transfer-Encoding: chunked\r\n\r\n".encode())
    sent, answer = 0, b""
    frame = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
    try:
        while sent < cap:
            readable, writable, _ = select.select([sock], [sock], [], 30)
            if readable:
                break
            if writable:
                sock.send(frame)
                sent += len(CHUNK)
    except (BrokenPipeError, ConnectionResetError):
        pass
    sock.settimeout(30)
    try:
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _length(answer):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    finally:
        sock.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body[:_length(answer)] or b"{}"), sent


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


@pytest.fixture
def server(tmp_path):
    db, kiosk_token, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "quan-tri", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    config = config_with_limits(tmp_path, import_mb=1)
    with LiveServer(db, config) as live:
        live.kiosk_token = kiosk_token
        yield live


def test_an_anonymous_streamed_post_is_refused_before_its_body_is_read(server):
    before = rss_kb(server.process.pid)
    status, body, sent = stream_post(server.port, "/api/tickets", {})
    assert status == 401
    assert body["detail"]["field"] == "Authorization" and body["detail"]["message"]
    assert sent < 64 * 1024 * 1024, "the server only answered after taking most of the body"
    assert rss_kb(server.process.pid) - before < 64 * 1024
    assert requests.get(f"{server.url}/api/health", timeout=5).ok


def test_an_oversize_ticket_body_is_refused_while_it_streams(server):
    before = rss_kb(server.process.pid)
    status, body, sent = stream_post(server.port, "/api/tickets", {"Authorization": f"Bearer {server.kiosk_token}"})
    assert status == 413
    assert "8 KB" in body["detail"]["reason"] and body["detail"]["message"]
    assert sent < 64 * 1024 * 1024
    assert rss_kb(server.process.pid) - before < 64 * 1024


def test_a_declared_length_over_the_limit_is_refused_up_front(server):
    kiosk = {"Authorization": f"Bearer {server.kiosk_token}"}
    reply = requests.post(f"{server.url}/api/tickets", data=b"{" + b" " * 9000 + b"}", headers=kiosk, timeout=10)
    assert reply.status_code == 413 and reply.json()["detail"]["reason"].startswith("the request body is larger")
    small = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193"}, headers=kiosk, timeout=10)
    assert small.status_code == 201


def test_imports_have_their_own_larger_limit_and_need_an_admin_before_the_upload(server):
    admin = login(server.url, "quan-tri", "mat-khau-admin")
    staff = login(server.url)
    url = f"{server.url}/api/admin/import/preview?filename=a.csv"
    half_mb = b"code,name\n" + b"1.001193,x\n" * 40000
    assert requests.post(url, data=half_mb, headers=admin, timeout=30).status_code == 200
    status, body, _ = stream_post(server.port, "/api/admin/import/preview?filename=a.csv", staff)
    assert status == 403 and body["detail"]["field"] == "Authorization"
    status, body, sent = stream_post(server.port, "/api/admin/import/preview?filename=a.csv", admin)
    assert status == 413 and "1 MB" in body["detail"]["reason"]
    assert sent < 64 * 1024 * 1024


def test_a_body_that_stops_arriving_is_refused_after_the_timeout_and_a_prompt_one_is_read():
    parts = [{"type": "http.request", "body": b'{"a":', "more_body": True}]

    async def trickle():
        if parts:
            return parts.pop(0)
        await asyncio.sleep(3600)                  # the rest of the body never comes

    async def read_all(counted):
        return [await counted(), await counted()]

    with pytest.raises(BodyTooSlow) as refused:
        asyncio.run(read_all(_counting(trickle, limit=1024, timeout=0.2)))
    assert refused.value.status_code == 408

    async def prompt():
        return {"type": "http.request", "body": b"{}", "more_body": False}
    assert asyncio.run(_counting(prompt, limit=1024, timeout=0.2)())["body"] == b"{}"
