"""The `main.py` command line: a thin layer over the library.

Each command lives in `kiosk/commands/NAME.py` with a `register(subparsers)` function.
Heavy imports (Kivy, FastAPI, pyttsx3) happen inside the command, not here.
"""
from __future__ import annotations

from kiosk.wording import say

import argparse
import importlib
import pkgutil
import sys

from kiosk.config import ConfigError
from kiosk.store.backup import BackupError
from kiosk.store.integrity import DatabaseDamaged

# The order `main.py --help` lists them in; any other module in kiosk/commands with a
# `register(subparsers)` function is found and added after these.
PREFERRED_ORDER = ["demo", "kiosk", "serve", "display", "issue", "sync", "search", "say", "printer",
                   "user", "device", "import", "export", "report", "demo-day", "rating"]


class UserError(Exception):
    """A problem the person at the keyboard can fix; printed without a traceback."""


def add_data_options(parser: argparse.ArgumentParser) -> None:
    """The --db and --config options every command that touches data accepts."""
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--db", default=None, help="SQLite database file (default: data/centre.db)")


def command_modules() -> list[str]:
    import kiosk.commands
    found = {m.name for m in pkgutil.iter_modules(kiosk.commands.__path__) if m.name != "common"}
    ordered = [name.replace("-", "_") for name in PREFERRED_ORDER]
    return sorted(found, key=lambda name: (ordered.index(name) if name in ordered else len(ordered), name))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="Lobby kiosk and queue system")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(f"kiosk.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv or ["kiosk"])
    try:
        return args.func(args) or 0
    except (ConfigError, UserError, DatabaseDamaged, BackupError) as error:
        print(say("Lỗi: {error}", error=error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `main.py search ... | head`
        sys.stderr.close()
        return 0
