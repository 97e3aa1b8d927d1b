"""`main.py serve`: the local server on the centre's LAN."""
from __future__ import annotations

import argparse

from kiosk.commands.common import config_from, db_path_from
from kiosk.wording import say


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("serve", help="run the local server (API, staff, admin, display, ticket pages)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 for the whole LAN)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--announce", action=argparse.BooleanOptionalAction, default=None,
                        help="announce the server on mDNS (_lobbykiosk._tcp) for devices to pair; "
                             "default: when listening beyond loopback")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    import gc

    import uvicorn

    from kiosk.cli import UserError
    from kiosk.server.app import create_app
    from kiosk.server.connections import connection_budget, guarded_protocol, raise_file_limit
    from kiosk.store.integrity import check_database, torn_wal_bytes
    from kiosk.store.server_lock import DatabaseInUse, hold_database
    config = config_from(args)
    limits = config.limits
    try:
        lock = hold_database(db_path_from(args))      # held until the process ends; `restore` checks it
    except DatabaseInUse:
        raise UserError(say("Cơ sở dữ liệu {db} đang được dùng bởi một máy chủ khác hoặc đang khôi phục.",
                            db=db_path_from(args))) from None
    connections, streams = connection_budget(limits, raise_file_limit())
    torn = torn_wal_bytes(db_path_from(args))     # first: closing the check's connection removes the WAL
    check_database(db_path_from(args))            # before uvicorn, which would print a traceback
    app = create_app(config, db_path_from(args), torn_wal=torn)
    app.state.stream_budget = streams
    print(say("Máy chủ đang chạy: http://{host}:{port}  (cơ sở dữ liệu {db}; tối đa {connections} kết nối, "
              "{streams} luồng sự kiện)", host=args.host, port=args.port, db=db_path_from(args),
              connections=connections, streams=streams), flush=True)
    announcer = _announcer(args)
    # What start-up made (libraries, the app) lives as long as the server: the collector's full
    # passes, which would walk it again every few hundred tickets, skip it from here on.
    gc.collect()
    gc.freeze()
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False,
                    http=guarded_protocol(limits.header_timeout_seconds), timeout_keep_alive=limits.keep_alive_seconds,
                    limit_concurrency=connections, h11_max_incomplete_event_size=16 * 1024)
    finally:
        if announcer:
            announcer.stop()
    lock.release()
    return 0


def _announcer(args):
    """The mDNS announcement devices pair through (kiosk/discovery.py), or None."""
    import socket

    from kiosk.discovery import ZeroconfAnnouncer
    loopback = args.host.startswith("127.") or args.host == "localhost"
    if not (args.announce if args.announce is not None else not loopback):
        return None
    name = f"lobbykiosk-{socket.gethostname()}-{args.port}"[:60]
    announcer = ZeroconfAnnouncer(args.host, args.port, name)
    announcer.start()
    return announcer


def wait_until_serving(url: str, process, timeout: float = 10.0) -> str:
    """Poll `url`/api/health until the server started as `process` answers.
    Returns "up", "exited" (the process ended first) or "timeout"."""
    import time

    import requests
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return "exited"
        try:
            if requests.get(f"{url}/api/health", timeout=0.5).ok:
                return "up"
        except requests.RequestException:
            time.sleep(0.1)
    return "timeout"
