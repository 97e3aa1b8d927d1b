"""`main.py issue PROCEDURE_CODE`: issue one ticket through the kiosk's sync client.

The same journal, outbox and offline fallback as the touch-screen kiosk; prints the ticket
as one line of JSON (`number`, `client_id`, `offline`, `message`, ...). For staff serving a
citizen who phoned in, and for the fault tests.

Exit status: 0 issued (online or offline), 1 refused by the server, 3 offline with no
leased number left (the JSON then has "number": null and the message to read out).
"""
from __future__ import annotations

PRIORITIES = ("elderly", "disability", "pregnant", "child")


def register(subparsers) -> None:
    from kiosk.commands.sync_common import add_kiosk_options
    parser = subparsers.add_parser("issue", help="issue one ticket as a kiosk (works offline from leased numbers)")
    parser.add_argument("procedure_code", metavar="PROCEDURE_CODE")
    parser.add_argument("--priority", choices=PRIORITIES, default=None)
    parser.add_argument("--client-id", default=None, help="request id (default: a new UUID); reuse it to retry")
    add_kiosk_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.commands.sync_common import open_sync_client, print_json
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
                client.refill_blocks()
            except (ServerUnavailable, ApiError):
                pass
        return 0
    finally:
        client.close()
