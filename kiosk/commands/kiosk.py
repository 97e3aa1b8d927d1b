"""`python main.py kiosk`: the citizen kiosk (Kivy).

Tickets go through the sync layer (kiosk/sync/sync_client.py): online they come from the
server; when the server does not answer, from the kiosk's own offline number series, and the
uploader sends them later. `--direct` skips the journal and talks to the server only.
"""
from __future__ import annotations

import argparse


def register(subparsers) -> None:
    from kiosk.commands.common import add_locked_option, add_verbose_option
    from kiosk.pairing_cli import add_pairing_options
    from kiosk.commands.issue import add_kiosk_options
    parser = subparsers.add_parser("kiosk", help="run the citizen kiosk (touch screen)")
    add_kiosk_options(parser)       # --config --server --token --kiosk-db
    parser.add_argument("--size", default="1080x1920", help="window size WxH when windowed (default 1080x1920)")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (for the real kiosk)")
    parser.add_argument("--direct", action="store_true",
                        help="no journal or offline numbers: issue only through the server")
    add_verbose_option(parser)
    add_locked_option(parser)
    add_pairing_options(parser)     # --pair CODE --mdns-interface IP
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.common import configure_logging, configure_touch_window, parse_window_size
    from kiosk.config import load_config
    from kiosk.pairing_cli import pair_headless
    from kiosk.sync.credentials import JournalCredentials
    config = load_config(args.config)
    if args.pair:
        return pair_headless(args, JournalCredentials(args.kiosk_db))
    configure_touch_window(*parse_window_size(args.size), args.fullscreen)
    configure_logging(args.verbose)
    from kiosk.ui.lockdown import start_service_side
    escape = start_service_side(args, "kiosk")
    status = _run_app(args, config)
    return escape.exit_status(status) if escape else status


def _run_app(args, config) -> int:
    from kiosk.pairing_cli import use_stored_credentials
    from kiosk.sync.credentials import JournalCredentials
    from kiosk.ui.app import run_kiosk
    use_stored_credentials(args, JournalCredentials(args.kiosk_db))
    if not args.token and not args.direct:
        return _pair_on_screen(args, JournalCredentials(args.kiosk_db))
    if args.direct:
        from kiosk.sync.client import ServerClient
        client = ServerClient(args.server or config.server.url, args.token, timeout=config.sync.timeout_seconds)
        return run_kiosk(config, client)

    from pathlib import Path
    from kiosk.commands.issue import open_sync_client
    from kiosk.sync.heartbeat import Heartbeat
    from kiosk.sync.uploader import Uploader
    Path(args.kiosk_db).parent.mkdir(parents=True, exist_ok=True)
    client = open_sync_client(args)
    uploader = Uploader(client, heartbeat=Heartbeat(client, parts=_app_parts)).start()
    try:
        return run_kiosk(config, client)
    finally:
        uploader.stop()
        client.close()


def _app_parts():
    """The running kiosk app's printer and speaker, for the heartbeat (None until made)."""
    from kivy.app import App
    app = App.get_running_app()
    return getattr(app, "printer", None), getattr(app, "speaker", None)


def _pair_on_screen(args, credentials) -> int:
    """No token yet: the pairing screen; once paired, start again as the paired kiosk (a
    fresh process gives a fresh Kivy window and a sync client with the token)."""
    import os
    import sys

    from kiosk.discovery import ZeroconfFinder
    from kiosk.ui.pairing_app import PairingApp
    app = PairingApp(credentials, ZeroconfFinder(args.mdns_interface), server=args.server,
                     on_paired=lambda _paired: app.stop())
    app.run()
    if app.paired is None:
        return 1
    os.execv(sys.executable, [sys.executable, *sys.argv])
