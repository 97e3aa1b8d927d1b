"""`main.py search QUERY`: the kiosk's procedure search from the command line."""
from __future__ import annotations

import argparse

from kiosk.cli import UserError, add_data_options
from kiosk.core.catalogue import CatalogueError, Procedure
from kiosk.core.centre import procedure_view
from kiosk.core.search import search

NOTHING_FOUND = "Không tìm thấy thủ tục nào."


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="find procedures the way the kiosk search does",
                                   description="Print matching procedures, best first: CODE<TAB>NAME.")
    parser.add_argument("query", nargs="+", help="words to look for, with or without diacritics, Telex or a code")
    parser.add_argument("--limit", type=positive_int, default=10, help="most results to print (default: 10)")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    procedures = load_procedures(args)
    found = search(procedures, " ".join(args.query), limit=args.limit)
    if not found:
        print(NOTHING_FOUND)
        return 1
    for procedure in found:
        print(f"{procedure.code}\t{procedure.name}")
    return 0


def positive_int(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return value


def load_procedures(args: argparse.Namespace) -> list[Procedure]:
    """The catalogue the kiosk offers: the database's (seeded from the bundled JSON on first use)."""
    from kiosk.commands.common import open_centre
    config, store, _ = open_centre(args)
    try:
        views = [procedure_view(row, config) for row in store.procedures()]
    finally:
        store.close()
    try:
        return [Procedure.from_dict({k: v for k, v in view.items() if v is not None and k != "portal_url"})
                for view in views]
    except CatalogueError as error:
        raise UserError(str(error)) from None
