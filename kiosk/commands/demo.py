"""`main.py demo`: the main job. The local server plus the kiosk on the embedded SQLite,
seeded with the demo centre, with demo accounts ready to use."""
from __future__ import annotations

from kiosk.wording import say

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from kiosk import PROJECT_ROOT

DEMO_DB = PROJECT_ROOT / "data" / "demo.db"
DEMO_USERS = (("canbo1", "staff"), ("quantri", "admin"))


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    from kiosk.commands.common import add_verbose_option
    parser = subparsers.add_parser("demo", help="run the demo centre: local server + kiosk (the main job)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-kiosk", action="store_true", help="run only the server")
    add_data_options(parser)
    add_verbose_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.commands.common import open_centre
    args.db = args.db or str(DEMO_DB)
    signal.signal(signal.SIGTERM, _interrupt)   # so the server child is stopped, not orphaned
    config, store, clock = open_centre(args)
    try:
        passwords = ensure_demo_accounts(store, clock, Path(args.db).with_suffix(".credentials"))
        _simulate_yesterday_once(store, config, clock)
        kiosk_token = _device_token(store, config, clock, "kiosk-demo", "kiosk")
    finally:
        store.close()
    url = f"http://{args.host}:{args.port}"
    server = _start_server(args, url)
    try:
        if args.no_kiosk or not _has_screen() or not _kiosk_available():
            note = "Máy chủ đang chạy." if args.no_kiosk else \
                "Không có màn hình (DISPLAY) nên không mở ki-ốt; máy chủ vẫn chạy."
            _print_welcome(url, passwords, config.centre.name, args.db, note)
            server.wait()
            return server.returncode or 0
        # the kiosk's log goes to a file, so the box below stays the last thing on the terminal
        log_path = Path(args.db).with_name("demo-kiosk.log")
        with open(log_path, "w", encoding="utf-8") as log:
            kiosk = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "kiosk", "--server", url,
                                      "--token", kiosk_token, *(["--config", args.config] if args.config else []),
                                      *(["--verbose"] if args.verbose else [])], stdout=log, stderr=log)
            _print_welcome(url, passwords, config.centre.name, args.db,
                           f"Ki-ốt đang mở; nhật ký của ki-ốt: {_shown(log_path)}")
            return kiosk.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def ensure_demo_accounts(store, clock, credentials: Path) -> dict[str, str]:
    """Demo staff and admin accounts; their passwords are made once and kept beside the database."""
    from kiosk.core import accounts
    passwords = _read_credentials(credentials)
    for username, role in DEMO_USERS:
        if username not in passwords or store.user(username) is None:
            passwords[username] = passwords.get(username) or secrets.token_urlsafe(9)
            accounts.add_user(store, username, passwords[username], role, clock)
    credentials.write_text("".join(f"{u}\t{p}\n" for u, p in passwords.items()), encoding="utf-8")
    credentials.chmod(0o600)
    return passwords


def _simulate_yesterday_once(store, config, clock) -> None:
    """A fresh demo database gets one simulated day, so the reports have something to show."""
    from datetime import timedelta

    from kiosk.core.demo_day import simulate_day
    if store.count("tickets") == 0:
        with store.write():   # one commit for the whole day instead of one fsync per queue change
            simulate_day(store, config, clock.now().date() - timedelta(days=1), visitors=350, seed=1)


def _read_credentials(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {user: password for user, password in pairs}


def _device_token(store, config, clock, name: str, role: str) -> str:
    from kiosk.core import accounts
    return accounts.add_device(store, name, role, clock, config.sync.kiosk_slots)


def _start_server(args, url: str) -> subprocess.Popen:
    from kiosk.commands.serve import wait_until_serving
    command = [sys.executable, str(PROJECT_ROOT / "main.py"), "serve", "--host", args.host, "--port", str(args.port),
               "--db", args.db, *(["--config", args.config] if args.config else [])]
    server = subprocess.Popen(command)
    if wait_until_serving(url, server) == "exited":
        from kiosk.cli import UserError
        raise UserError(say("Máy chủ dừng ngay khi khởi động (cổng {port} đã có chương trình khác dùng?)", port=args.port))
    return server


def _print_welcome(url: str, passwords: dict[str, str], centre: str, db: str, note: str) -> None:
    db = _shown(Path(db))
    print("\n" + boxed([
        centre, "",
        f"Cán bộ (staff console)   {url}/staff     tài khoản canbo1 / {passwords['canbo1']}",
        f"Màn hình sảnh (display)  {url}/display",
        f"Quản trị (admin)         {url}/admin     tài khoản quantri / {passwords['quantri']}",
        f"Báo cáo (reports)        {url}/reports   tài khoản quantri",
        f"API                      {url}/docs", "",
        f"Cơ sở dữ liệu của demo: {db}. Các lệnh khác dùng nó với --db {db}, ví dụ:",
        f"  python main.py device add ki-ot-2 --role kiosk --db {db}",
        f"  python main.py device list --db {db}",
        f"  python main.py kiosk --server {url} --pair <mã 6 số in ra ở lệnh trên>", "",
        note, "Ctrl+C để dừng.",
    ]), flush=True)


def boxed(lines: list[str]) -> str:
    """The lines in a frame, so the addresses and passwords stand out from the logs above."""
    width = max(len(line) for line in lines)
    return "\n".join(["┌" + "─" * (width + 2) + "┐", *(f"│ {line.ljust(width)} │" for line in lines),
                      "└" + "─" * (width + 2) + "┘"])


def _shown(path: Path) -> str:
    """A path as the user would type it from the project folder."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _kiosk_available() -> bool:
    return (PROJECT_ROOT / "kiosk" / "commands" / "kiosk.py").exists()
