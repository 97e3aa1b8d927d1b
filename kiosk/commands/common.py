"""What commands share: finding the config and the database the same way everywhere."""
from __future__ import annotations

import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from kiosk import PROJECT_ROOT
from kiosk.clock import Clock
from kiosk.config import Config, load_config
from kiosk.core.centre import seed_centre
from kiosk.store import Store, open_store
from kiosk.wording import say

DEFAULT_DB = PROJECT_ROOT / "data" / "centre.db"


def config_from(args) -> Config:
    return load_config(getattr(args, "config", None))


def db_path_from(args) -> Path:
    """--db, else $KIOSK_DB, else data/centre.db in the project."""
    return Path(getattr(args, "db", None) or os.environ.get("KIOSK_DB") or DEFAULT_DB)


def open_centre(args) -> tuple[Config, Store, Clock]:
    """Config, seeded store and clock for a command that touches data."""
    config = config_from(args)
    store = open_store(db_path_from(args))
    seed_centre(store, config)
    return config, store, Clock(config.centre.timezone)


@contextmanager
def centre_session(args) -> Iterator[tuple[Config, Store, Clock]]:
    """open_centre() for a command's whole run: a refused change (QueueError) becomes a
    one-line error naming the field, and the store is closed whatever happens."""
    from kiosk.cli import UserError
    from kiosk.core.errors import QueueError
    config, store, clock = open_centre(args)
    try:
        yield config, store, clock
    except QueueError as error:
        raise UserError(say("{field}: {message} ({reason})", field=error.field, message=error.message, reason=error.reason)) from None
    finally:
        store.close()


def parse_window_size(value: str) -> tuple[int, int]:
    """--size WIDTHxHEIGHT for the Kivy apps."""
    from kiosk.cli import UserError
    try:
        width, height = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise UserError(say("--size {value}: cần dạng RỘNGxCAO, ví dụ 1080x1920", value=repr(value))) from None
    if width < 320 or height < 320:
        raise UserError(say("--size {value}: quá nhỏ", value=repr(value)))
    return width, height


def configure_touch_window(width: int, height: int, fullscreen: bool) -> None:
    """Kivy settings of a touch screen citizens use: no multitouch emulation on the mouse, no
    exit on Escape. Must run before Kivy opens its window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config as KivyConfig
    KivyConfig.set("graphics", "width", str(width))
    KivyConfig.set("graphics", "height", str(height))
    KivyConfig.set("input", "mouse", "mouse,disable_multitouch")
    KivyConfig.set("kivy", "exit_on_escape", "0")
    if fullscreen:
        KivyConfig.set("graphics", "fullscreen", "auto")


def add_verbose_option(parser) -> None:
    parser.add_argument("--verbose", action="store_true", help="log DEBUG lines too (default: INFO and above)")


def add_locked_option(parser) -> None:
    parser.add_argument("--locked", action="store_true",
                        help="kiosk mode as installed: no key or gesture leaves the app except the staff escape "
                             "(hold the top-left corner 3 s, then the PIN)")


def configure_logging(verbose: bool) -> None:
    """INFO and above, or DEBUG with --verbose, for the Kivy apps. Loading Kivy opens the root
    logger to every level, so the HTTP library alone wrote about 40 DEBUG lines a minute and the
    demo's credentials scrolled away. Runs after Kivy's import, which would undo it."""
    import logging

    from kivy.logger import Logger
    level = logging.DEBUG if verbose else logging.INFO
    logging.root.setLevel(level)
    Logger.setLevel(level)


def read_password(prompt: str = "Mật khẩu / Password: ") -> str:
    """From the terminal (asked twice), or the first line of stdin when piped."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("Nhập lại / Repeat: ") != first:
            from kiosk.cli import UserError
            raise UserError(say("Hai lần nhập mật khẩu không khớp."))
        return first
    return sys.stdin.readline().rstrip("\r\n")
