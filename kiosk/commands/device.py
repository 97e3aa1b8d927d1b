"""`main.py device add|list|revoke`: kiosk and display devices, paired by a 6-digit code."""
from __future__ import annotations

from kiosk.core import accounts
from kiosk.wording import say

STATES = {True: "đang hoạt động", False: "đã thu hồi"}
ROLES = {"kiosk": "máy lấy số", "display": "màn hình"}


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("device", help="manage kiosk and display devices")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="register a device (or pair it again); prints a pairing code")
    add.add_argument("name")
    add.add_argument("--role", choices=accounts.DEVICE_ROLES, default="kiosk")
    add.add_argument("--print-token", action="store_true",
                     help="print the device's token instead of a pairing code (scripts; a token is shown once)")
    revoke = actions.add_parser("revoke", help="revoke a device's token")
    revoke.add_argument("name")
    actions.add_parser("list", help="list devices with their last contact")
    for sub in (add, revoke, actions.choices["list"]):
        add_data_options(sub)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.commands.common import centre_session
    with centre_session(args) as (config, store, clock):
        if args.action == "add":
            _add(args, config, store, clock)
        elif args.action == "revoke":
            _revoke(args, store, clock)
        else:
            _list(args, store)
        return 0


def _add(args, config, store, clock) -> None:
    from kiosk.core import pairing
    if args.print_token:
        print(accounts.add_device(store, args.name, args.role, clock, config.sync.kiosk_slots))
    else:
        code = pairing.new_code(store, args.name, args.role, clock, config.sync.kiosk_slots)
        print(say("Mã ghép nối của {name}: {code} (dùng một lần, hết hạn lúc {until})",
                  name=args.name, code=code.code, until=code.expires_at[11:16]))
        print(say("Trên thiết bị: python main.py {role} --pair {code} [--server URL]", role=args.role, code=code.code))
    _describe_series(store, config, args.name)


def _revoke(args, store, clock) -> None:
    from kiosk.cli import UserError
    from kiosk.core.device_health import DEVICE_REVOKED
    from kiosk.core.events import append_centre_event
    if not store.device(args.name):
        raise UserError(say("Không có thiết bị nào tên {name}.", name=args.name))
    with store.write():
        store.save_device({"name": args.name, "active": 0})
        store.drop_pairing_codes(args.name)
        append_centre_event(store, DEVICE_REVOKED, clock.now().isoformat(timespec="seconds"), None,
                            {"device": args.name})    # a running server closes the device's streams
    print(say("Đã thu hồi thiết bị {name}.", name=args.name))


def _list(args, store) -> None:
    devices = store.devices()
    if not devices:
        print(say("Chưa có thiết bị nào trong {where}. Thêm một ki-ốt bằng: python main.py device add TÊN --role kiosk",
                  where=store.file() or say("cơ sở dữ liệu này")) + _db_option(args))
    for device in devices:
        slot = say("dãy số dự phòng {slot}", slot=device["slot"]) if device.get("slot") else "-"
        seen = say("liên lạc lần cuối {at}", at=device["last_seen"] or say("chưa có"))
        print(f"{device['name']}\t{say(ROLES.get(device['role'], device['role']))}\t"
              f"{say(STATES[bool(device['active'])])}\t{slot}\t{seen}")


def _describe_series(store, config, name: str) -> None:
    """On stderr (stdout: the pairing lines, or the token alone): the kiosk's own offline numbers."""
    import sys
    from kiosk.core.numbering import Layout
    slot = (store.device(name) or {}).get("slot")
    if not slot:
        return
    layout = Layout.of(config.sync)
    spans = [f"{s['id']} {series.first}-{series.last}" for s in store.services()
             if (series := layout.offline(s["range_start"], s["range_end"], slot))]
    print(say("{name}: dãy số dự phòng (khi mất kết nối) số {slot}: {spans}", name=name, slot=slot,
              spans=", ".join(spans)), file=sys.stderr)


def _db_option(args) -> str:
    return f" --db {args.db}" if getattr(args, "db", None) else ""
