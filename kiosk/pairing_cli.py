"""`--pair CODE` for `main.py kiosk` and `main.py display` (headless pairing), and finding a
paired device's server and token; shared by those commands (kiosk/commands/)."""
from __future__ import annotations


def add_pairing_options(parser) -> None:
    parser.add_argument("--pair", metavar="CODE", default=None,
                        help="pair this device with the 6-digit code from `main.py device add` or the admin "
                             "Devices page, then exit (finds the server on the LAN unless --server is given)")
    parser.add_argument("--mdns-interface", action="append", default=None, metavar="IP",
                        help="look for the server only through this address (repeatable; default: every interface)")


def pair_headless(args, credentials) -> int:
    """Pair, say so in Vietnamese (never the token) and return the exit status."""
    from kiosk.discovery import ServerNotFound, ZeroconfFinder
    from kiosk.sync.client import ApiError, ServerUnavailable
    from kiosk.sync.credentials import pair_device
    from kiosk.wording import say
    try:
        paired = pair_device(args.pair, args.server, ZeroconfFinder(args.mdns_interface), credentials)
    except ServerNotFound as error:
        print(say("Lỗi: {error}", error=f"{say(error.message)} ({error})"))
        return 2
    except ApiError as error:
        print(say("Lỗi: {error}", error=error.message))
        return 1
    except ServerUnavailable as error:
        print(say("Lỗi: {error}", error=say("Không kết nối được máy chủ ({reason}).", reason=error)))
        return 2
    print(say("Đã ghép nối thiết bị {name} với máy chủ {server}.", name=paired["device"]["name"],
              server=paired["server"]))
    return 0


def use_stored_credentials(args, credentials) -> None:
    """--token and --server from what pairing stored, where the command line gave none."""
    if args.token:
        return
    url, token = credentials.load()
    args.token = token
    args.server = args.server or url
