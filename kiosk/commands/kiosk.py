"""`python main.py kiosk`: the citizen kiosk (Kivy)."""
from __future__ import annotations

import argparse
import os


def register(subparsers) -> None:
    parser = subparsers.add_parser("kiosk", help="run the citizen kiosk (touch screen)")
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--server", default=None, help="server URL (default: server.url from the config)")
    parser.add_argument("--token", default=os.environ.get("KIOSK_TOKEN"),
                        help="kiosk device token from `main.py device add NAME --role kiosk` "
                             "(default: $KIOSK_TOKEN)")
    parser.add_argument("--size", default="1080x1920", help="window size WxH when windowed (default 1080x1920)")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen (for the real kiosk)")
    parser.set_defaults(func=run)


def _size(value: str) -> tuple[int, int]:
    from kiosk.cli import UserError
    try:
        width, height = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise UserError(f"--size {value!r}: expected WIDTHxHEIGHT, e.g. 1080x1920") from None
    if width < 320 or height < 320:
        raise UserError(f"--size {value!r}: too small")
    return width, height


def run(args: argparse.Namespace) -> int:
    from kiosk.config import load_config
    config = load_config(args.config)
    width, height = _size(args.size)

    os.environ.setdefault("KIVY_NO_ARGS", "1")
    _configure(width, height)
    if args.fullscreen:
        from kivy.config import Config
        Config.set("graphics", "fullscreen", "auto")

    from kiosk.sync.client import ServerClient
    from kiosk.ui.app import run_kiosk
    client = ServerClient(args.server or config.server.url, args.token, timeout=config.sync.timeout_seconds)
    return run_kiosk(config, client)


def _configure(width: int, height: int) -> None:
    from kivy.config import Config
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("kivy", "exit_on_escape", "0")
