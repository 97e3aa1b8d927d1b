"""`main.py rating --counter N`: the citizen-facing rating tablet at one counter (Kivy)."""
from __future__ import annotations

from kiosk.wording import say

import os


def register(subparsers) -> None:
    from kiosk.commands.common import add_verbose_option
    parser = subparsers.add_parser(
        "rating", help="run the satisfaction tablet at a counter (needs a display device token)",
        description="Register the tablet once with `main.py device add tablet-3 --role display --print-token`, "
                    "then run `main.py rating --counter 3 --token TOKEN`.")
    parser.add_argument("--counter", type=int, required=True, help="the counter this tablet faces (id)")
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--server", default=None, help="server URL (default: server.url from the config)")
    parser.add_argument("--token", default=os.environ.get("RATING_TOKEN"),
                        help="display device token (default: $RATING_TOKEN)")
    parser.add_argument("--size", default="1280x800", help="window size WxH when windowed")
    parser.add_argument("--fullscreen", action="store_true")
    add_verbose_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.config import load_config
    config = load_config(args.config)
    if args.counter < 1:
        raise UserError(say("--counter phải là số của một quầy (1, 2, ...)"))
    counter = next((c for c in config.counters if c.id == args.counter), None)
    name = counter.name if counter else f"Quầy {args.counter}"
    if not args.token:
        raise UserError(say("Cần --token (mã của một thiết bị vai trò display)"))
    from kiosk.commands.common import configure_logging, configure_touch_window, parse_window_size
    configure_touch_window(*parse_window_size(args.size), args.fullscreen)
    configure_logging(args.verbose)
    from kiosk.rating.app import run_rating
    from kiosk.rating.client import RatingClient
    client = RatingClient(args.server or config.server.url, args.token, args.counter)
    return run_rating(client, name)
