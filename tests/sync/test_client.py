"""ServerClient against a real HTTP server on loopback (http.server in a thread)."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.sync.client import ApiError, ServerClient, ServerUnavailable


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    seen: list = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.seen.append((self.command, self.path, body, self.headers.get("Authorization")))
        status, payload, delay = self.routes.get((self.command, self.path), (404, {"detail": {"reason": "no route"}}, 0))
        if delay:
            time.sleep(delay)
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _handle


@pytest.fixture
def server():
    Handler.routes = {}
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_issue_ticket_posts_body_with_token(server):
    _, url = server
    Handler.routes[("POST", "/api/tickets")] = (201, {"id": 5, "number": 1023}, 0)
    ticket = ServerClient(url, "secret").issue_ticket("1.001193", "elderly", "c-1")
    assert ticket == {"id": 5, "number": 1023}
    method, path, body, auth = Handler.seen[-1]
    assert (method, path) == ("POST", "/api/tickets")
    assert body == {"procedure_code": "1.001193", "priority": "elderly", "client_id": "c-1"}
    assert auth == "Bearer secret"


def test_get_endpoints(server):
    _, url = server
    for path, payload in [("/api/procedures", [{"code": "1"}]), ("/api/services", [{"id": "HT"}]),
                          ("/api/counters", [{"id": 1}]), ("/api/queue", {"services": []})]:
        Handler.routes[("GET", path)] = (200, payload, 0)
    client = ServerClient(url, None)
    assert client.procedures() == [{"code": "1"}]
    assert client.services() == [{"id": "HT"}]
    assert client.counters() == [{"id": 1}]
    assert client.queue() == {"services": []}
    assert all(auth is None for *_, auth in Handler.seen)


def test_report_print_failed(server):
    _, url = server
    Handler.routes[("POST", "/api/tickets/12/print-failed")] = (200, {"ok": True}, 0)
    ServerClient(url, "t").report_print_failed(12, "out of paper")
    assert Handler.seen[-1][1:3] == ("/api/tickets/12/print-failed", {"reason": "out of paper"})


def test_4xx_raises_api_error_with_detail(server):
    _, url = server
    detail = {"field": "procedure_code", "reason": "unknown procedure code '9.999'", "message": "Không tìm thấy thủ tục này."}
    Handler.routes[("POST", "/api/tickets")] = (422, {"detail": detail}, 0)
    with pytest.raises(ApiError) as info:
        ServerClient(url, "t").issue_ticket("9.999", None, "c")
    assert info.value.status == 422
    assert info.value.detail == detail
    assert info.value.message == "Không tìm thấy thủ tục này."


def test_5xx_raises_unavailable(server):
    _, url = server
    Handler.routes[("GET", "/api/queue")] = (503, {"detail": "down"}, 0)
    with pytest.raises(ServerUnavailable):
        ServerClient(url, "t").queue()


def test_non_json_body_raises_unavailable(server):
    _, url = server
    Handler.routes[("GET", "/api/queue")] = (200, b"<html>proxy</html>", 0)
    with pytest.raises(ServerUnavailable):
        ServerClient(url, "t").queue()


def test_timeout_raises_unavailable(server):
    _, url = server
    Handler.routes[("GET", "/api/queue")] = (200, {}, 1.0)
    with pytest.raises(ServerUnavailable) as info:
        ServerClient(url, "t", timeout=0.1).queue()
    assert "Timeout" in str(info.value)


def test_connection_refused_raises_unavailable():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(ServerUnavailable):
        ServerClient(f"http://127.0.0.1:{port}", "t", timeout=0.5).issue_ticket("1", None, "c")


def test_offline_upload_series_and_health(server):
    _, url = server
    Handler.routes[("POST", "/api/tickets")] = (200, {"id": 5, "number": 1003}, 0)
    Handler.routes[("GET", "/api/series")] = (200, {"slot": 2, "services": []}, 0)
    Handler.routes[("GET", "/api/health")] = (200, {"status": "ok", "catalogue_version": "abc"}, 0)
    client = ServerClient(url, "t")
    client.issue_ticket("1.001193", None, "c-1", number=1003, issued_at="2026-11-23T08:00:00.000+07:00")
    assert Handler.seen[-1][2] == {"procedure_code": "1.001193", "priority": None, "client_id": "c-1",
                                   "number": 1003, "issued_at": "2026-11-23T08:00:00.000+07:00"}
    assert client.offline_series()["slot"] == 2
    assert Handler.seen[-1][:2] == ("GET", "/api/series")
    assert client.health()["catalogue_version"] == "abc"
