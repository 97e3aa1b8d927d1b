"""`main.py issue PROCEDURE_CODE`: issue one ticket through the kiosk's sync client.

The same journal, outbox and offline fallback as the touch-screen kiosk; prints the ticket
as one line of JSON (`number`, `client_id`, `offline`, `message`, ...). For staff serving a
citizen who phoned in, and for the fault tests.

Exit status: 0 issued (online or offline), 1 refused by the server, 3 offline with no
number of the kiosk's own series left (the JSON then has "number": null and the message to read out).
"""
from __future__ import annotations

from kiosk.wording import say

import json
import os
import sys

from kiosk import PROJECT_ROOT

DEFAULT_KIOSK_DB = PROJECT_ROOT / "data" / "kiosk.db"
PRIORITIES = ("elderly", "disability", "pregnant", "child")


def add_kiosk_options(parser) -> None:
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--server", default=None, help="server URL (default: server.url from the config)")
    parser.add_argument("--token", default=os.environ.get("KIOSK_TOKEN"),
                        help="kiosk device token from `main.py device add NAME --role kiosk` (default: $KIOSK_TOKEN)")
    parser.add_argument("--kiosk-db", default=str(DEFAULT_KIOSK_DB),
                        help="the kiosk's own journal (default: data/kiosk.db)")
    parser.add_argument("--slot", type=int, default=None,
                        help="the kiosk's offline series slot, for a token without one (tokens made by "
                             "`device add` carry it; the server's word wins once reached)")


def open_sync_client(args):
    from kiosk.commands.common import config_from
    from kiosk.pairing_cli import use_stored_credentials
    from kiosk.sync.credentials import JournalCredentials
    from kiosk.sync.sync_client import SyncClient
    config = config_from(args)
    use_stored_credentials(args, JournalCredentials(args.kiosk_db))     # a kiosk paired by code
    client = SyncClient.from_config(config, args.server, args.token, args.kiosk_db, slot=args.slot)
    report = client.report
    for item in report.unreadable:
        print(say("Cảnh báo: không đọc được dòng {seq} ({client_id}) của sổ ghi kiosk: {reason}",
                  seq=item["seq"], client_id=item["client_id"], reason=item["reason"]), file=sys.stderr)
    if report.salvaged_from:
        print(say("Cảnh báo: sổ ghi kiosk bị hỏng; các dòng đọc được đã được chép ra từ {path}", path=report.salvaged_from)
              + (say(" (mất: {lost})", lost="; ".join(report.salvage_lost)) if report.salvage_lost else ""), file=sys.stderr)
    return client


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, separators=(",", ":")), flush=True)


# -- the command (its options and set-up are shared with `main.py sync`) -----------------------



def register(subparsers) -> None:
    parser = subparsers.add_parser("issue", help="issue one ticket as a kiosk (works offline from its own number series)")
    parser.add_argument("procedure_code", metavar="PROCEDURE_CODE")
    parser.add_argument("--priority", choices=PRIORITIES, default=None)
    parser.add_argument("--client-id", default=None, help="request id (default: a new UUID); reuse it to retry")
    add_kiosk_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.sync.client import ApiError, ServerUnavailable
    from kiosk.sync.sync_client import NoOfflineNumber
    client = open_sync_client(args)
    try:
        try:
            ticket = client.issue_ticket(args.procedure_code, args.priority, args.client_id)
        except NoOfflineNumber as error:
            print_json({"number": None, "client_id": error.client_id, "offline": True, "error": "no_number",
                        "message": error.message, "reason": error.reason})
            return 3
        except ApiError as error:
            detail = error.detail if isinstance(error.detail, dict) else {}
            print_json({"number": None, "offline": False, "error": "refused", "status": error.status,
                        "message": error.message, "reason": detail.get("reason", str(error.detail))})
            return 1
        print_json(ticket)
        if client.status()["online"]:
            try:  # keep the catalogue and the offline numbers ready for the next time
                client.refresh_catalogue()
                client.refresh_series()
            except (ServerUnavailable, ApiError):
                pass
        return 0
    finally:
        client.close()
