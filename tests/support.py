"""Real processes for tests: the server started through `main.py serve` on 127.0.0.1."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests

from kiosk import PROJECT_ROOT
from kiosk.commands.serve import wait_until_serving


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(*args: str, stdin: str = "", db: Path | None = None) -> str:
    command = [sys.executable, str(PROJECT_ROOT / "main.py"), *args]
    if db:
        command += ["--db", str(db)]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class LiveServer:
    """`python main.py serve` in its own process; kill() is a real SIGKILL."""

    def __init__(self, db: Path, config: Path | None = None, port: int | None = None, args: tuple[str, ...] = ()):
        self.db, self.config, self.port = Path(db), config, port or free_port()
        self.args = args
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> "LiveServer":
        command = [sys.executable, str(PROJECT_ROOT / "main.py"), "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--db", str(self.db)]
        if self.config:
            command += ["--config", str(self.config)]
        command += list(self.args)
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        outcome = wait_until_serving(self.url, self.process, timeout)
        if outcome == "exited":
            raise RuntimeError(f"server exited: {self.process.stderr.read().decode()}")
        if outcome == "timeout":
            self.kill()                    # not left running (and announcing) after a failed start
            raise RuntimeError("server did not start in time")
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def prepared_live_db(tmp_path: Path) -> tuple[Path, str, str]:
    """A database with the bundled catalogue, a kiosk device and a staff account, made through the CLI.
    Returns (db path, kiosk token, staff password)."""
    db = tmp_path / "centre.db"
    kiosk_token = run_cli("device", "add", "kiosk-1", "--role", "kiosk", "--print-token", db=db)
    run_cli("user", "add", "lan", "--role", "staff", stdin="mat-khau-lan\n", db=db)
    return db, kiosk_token, "mat-khau-lan"


def sse_events(response, count: int | None = None, until: str | None = None) -> list[dict]:
    """The first `count` Server-Sent Events of a streaming requests response (or those up to
    and including the first of type `until`), as {"id", "event", "data"} dicts."""
    events, current = [], {}
    for line in response.iter_lines(decode_unicode=True):
        if line.startswith("id: "):
            current["id"] = int(line[4:])
        elif line.startswith("event: "):
            current["event"] = line[7:]
        elif line.startswith("data: "):
            current["data"] = json.loads(line[6:])
        elif line == "" and "event" in current:
            events.append(current)
            current = {}
            if len(events) == count or events[-1]["event"] == until:
                break
    return events


def login(url: str, username: str = "lan", password: str = "mat-khau-lan") -> dict:
    token = requests.post(f"{url}/api/auth/login", json={"username": username, "password": password},
                          timeout=10).json()["token"]
    return {"Authorization": f"Bearer {token}"}


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required"]


class Browser:
    """Playwright driving Debian's chromium (no browser download). Use as a context manager;
    `new_page(width, height)` opens a fresh, isolated page; `extra_args` go to chromium."""

    def __init__(self, extra_args: list[str] = ()):
        self.extra_args = list(extra_args)

    def __enter__(self) -> "Browser":
        from playwright.sync_api import sync_playwright
        self._playwright = sync_playwright().start()
        self.browser = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                            args=CHROMIUM_ARGS + self.extra_args)
        return self

    def new_page(self, width: int = 1280, height: int = 800, csp: bool = False):
        """csp=False lets Playwright's own string predicates (wait_for_function) run: they are
        eval()ed, which the pages' CSP forbids. tests/server/test_headers.py runs the pages with it."""
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                           bypass_csp=not csp)
        return context.new_page()

    def __exit__(self, *exc) -> None:
        self.browser.close()
        self._playwright.stop()


def pdf_text(pdf: bytes | Path, layout: bool = True) -> str:
    """The text poppler's pdftotext reads from a PDF (file or bytes), laid out as on the page."""
    data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), "-", "-"], input=data,
                          capture_output=True, check=True).stdout.decode("utf-8")


def config_with_limits(tmp_path: Path, **limits) -> Path:
    """The project's config.yaml with some `limits:` changed, written to tmp_path."""
    import yaml
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["limits"] = {**(raw.get("limits") or {}), **limits}
    path = tmp_path / "config-limits.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def rss_kb(pid: int) -> int:
    """Resident memory of process `pid`, from /proc/PID/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


class LiveHub:
    """`python main.py hub serve --pg DSN` in its own process (kiosk/hub); kill() is a real SIGKILL."""

    def __init__(self, dsn: str, port: int | None = None):
        self.dsn, self.port = dsn, port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> "LiveHub":
        command = [sys.executable, str(PROJECT_ROOT / "main.py"), "hub", "serve", "--pg", self.dsn,
                   "--host", "127.0.0.1", "--port", str(self.port), "--pool-size", "4"]
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        outcome = wait_until_serving(self.url, self.process, timeout)
        if outcome != "up":
            raise RuntimeError(f"hub {outcome}: {self.process.stderr.read().decode() if outcome == 'exited' else ''}")
        return self

    kill, stop = LiveServer.kill, LiveServer.stop

    def __enter__(self) -> "LiveHub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def config_with(tmp_path: Path, name: str = "config-hub.yaml", **sections) -> Path:
    """The project's config.yaml with whole sections replaced or merged (dicts), written to tmp_path."""
    import yaml
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    for key, value in sections.items():
        raw[key] = {**(raw.get(key) or {}), **value} if isinstance(value, dict) else value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path
