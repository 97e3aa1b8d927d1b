"""Security headers (issue 13 §8): no page can be framed by another origin, nothing is
sniffed, no referrer leaves, and the pages' own inline scripts still run under the CSP."""
from __future__ import annotations

import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from kiosk.server.headers import inline_script_hashes
from tests.support import Browser, LiveServer, prepared_live_db

PAGES = ("/staff", "/display", "/reports", "/admin/login", "/api/health", "/api/queue")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db, kiosk_token, _ = prepared_live_db(tmp_path_factory.mktemp("headers"))
    with LiveServer(db) as server:
        ticket = requests.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                               "client_id": str(uuid.uuid4())},
                               headers={"Authorization": f"Bearer {kiosk_token}"}, timeout=10).json()
        server.ticket_page = f"/t/{ticket['public_id']}"
        yield server


@pytest.mark.slow
def test_every_page_and_answer_forbids_framing_by_another_origin(live):
    for path in (*PAGES, live.ticket_page, "/api/nowhere"):
        headers = requests.get(live.url + path, timeout=10).headers
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy or "frame-ancestors 'none'" in policy, path
        assert headers["X-Frame-Options"] in ("SAMEORIGIN", "DENY"), path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), path


@pytest.mark.slow
def test_pages_allow_only_their_own_inline_scripts(live):
    policy = requests.get(live.url + "/staff", timeout=10).headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert all(digest in script_src for digest in inline_script_hashes())


class _Framer(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802 (http.server's name)
        page = f'<html><body><iframe id="f" src="{self.target}" width="800" height="600"></iframe></body></html>'
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *args):
        pass


@pytest.mark.browser
@pytest.mark.slow
def test_another_origin_cannot_frame_the_pages_and_the_pages_still_run(live):
    framer = ThreadingHTTPServer(("127.0.0.1", 0), _Framer)
    threading.Thread(target=framer.serve_forever, daemon=True).start()
    try:
        with Browser() as browser:
            for path in ("/staff", "/display", "/reports", live.ticket_page):
                _Framer.target = live.url + path
                page = browser.new_page(csp=True)
                page.goto(f"http://127.0.0.1:{framer.server_port}/")
                page.wait_for_timeout(500)
                framed = next(f for f in page.frames if f is not page.main_frame)
                assert not framed.url.startswith(live.url), f"{path} rendered inside another origin's frame"
                page.context.close()
            refused = []
            page = browser.new_page(csp=True)
            page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
            page.on("pageerror", lambda error: refused.append(str(error)))
            for path in (live.ticket_page, "/staff", "/reports"):
                page.goto(live.url + path)
                page.wait_for_timeout(300)
            page.goto(live.url + "/display")
            page.wait_for_function("window.__display && window.__display.rendered > 0")  # its inline script ran
            assert refused == [], refused
    finally:
        framer.shutdown()
