"""`main.py sync`: upload the kiosk's outbox, refresh its catalogue and its offline series.

`--once` does one round and prints one line of JSON (what it uploaded, what the server
rejected, whether the series state was refreshed, what is left); without it, the background loop runs until
Ctrl-C and prints a line for each round that uploaded something.
"""
from __future__ import annotations


def register(subparsers) -> None:
    from kiosk.commands.issue import add_kiosk_options
    parser = subparsers.add_parser("sync", help="upload offline tickets and refresh the kiosk's cache")
    parser.add_argument("--once", action="store_true", help="one round, then exit (status 1 if the server is unreachable)")
    add_kiosk_options(parser)
    parser.set_defaults(func=run)


def _summary(result: dict, client) -> dict:
    return {"uploaded": result.get("uploaded", []), "rejected": result.get("rejected", []),
            "series_refreshed": result.get("series_refreshed", False),
            "catalogue_refreshed": result.get("catalogue_refreshed", False),
            "error": result.get("error"), "status": client.status(),
            "unreadable": client.report.unreadable}


def run(args) -> int:
    from kiosk.commands.issue import open_sync_client, print_json
    from kiosk.sync.uploader import Uploader
    client = open_sync_client(args)
    try:
        if args.once:
            result = client.sync_once()
            print_json(_summary(result, client))
            return 1 if result.get("error") else 0
        uploader = Uploader(client)
        try:
            while True:
                delay = uploader.step()
                result = uploader.last_result or {}
                if result.get("uploaded") or result.get("rejected"):
                    print_json(_summary(result, client))
                uploader.sleeper.sleep(delay)
        except KeyboardInterrupt:
            return 0
    finally:
        client.close()
