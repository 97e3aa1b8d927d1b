"""`main.py search QUERY`: the kiosk's procedure search from the command line."""
from __future__ import annotations

from kiosk.wording import say

import argparse

from kiosk.cli import add_data_options
from kiosk.core.catalogue import Procedure
from kiosk.core.centre import search_synonyms, stored_procedures
from kiosk.core.search import search
from kiosk.core.synonyms import Synonym

NOTHING_FOUND = "Không tìm thấy thủ tục nào."


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="find procedures the way the kiosk search does",
                                   description="Print matching procedures, best first: CODE<TAB>NAME.")
    parser.add_argument("query", nargs="+", help="words to look for, with or without diacritics, Telex or a code")
    parser.add_argument("--limit", type=positive_int, default=10, help="most results to print (default: 10)")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    procedures, synonyms = load_catalogue(args)
    found = search(procedures, " ".join(args.query), limit=args.limit, synonyms=synonyms)
    if not found:
        print(NOTHING_FOUND)
        return 1
    for procedure in found:
        print(f"{procedure.code}\t{procedure.name}")
    return 0


def positive_int(text: str) -> int:
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(say("cần một số nguyên từ 1 trở lên, nhận được {text}", text=repr(text)))
    return value


def load_catalogue(args: argparse.Namespace) -> tuple[list[Procedure], tuple[Synonym, ...]]:
    """What the kiosk searches: the database's catalogue (seeded from the bundled JSON on
    first use) and the synonym rules in force (an admin's, else assets/synonyms.json)."""
    from kiosk.commands.common import open_centre
    config, store, _ = open_centre(args)
    try:
        return stored_procedures(store, config), search_synonyms(store)
    finally:
        store.close()
