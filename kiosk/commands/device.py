"""`main.py device add|list|revoke`: kiosk and display devices and their tokens."""
from __future__ import annotations

from kiosk.core import accounts


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("device", help="manage kiosk and display devices")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="register a device (or give it a new token); prints the token")
    add.add_argument("name")
    add.add_argument("--role", choices=accounts.DEVICE_ROLES, default="kiosk")
    revoke = actions.add_parser("revoke", help="revoke a device's token")
    revoke.add_argument("name")
    actions.add_parser("list", help="list devices with their last contact")
    for sub in (add, revoke, actions.choices["list"]):
        add_data_options(sub)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.commands.common import centre_session
    with centre_session(args) as (config, store, clock):
        if args.action == "add":
            print(accounts.add_device(store, args.name, args.role, clock, config.sync.kiosk_slots))
            _describe_series(store, config, args.name)
        elif args.action == "revoke":
            if not store.device(args.name):
                raise UserError(f"no device named {args.name!r}")
            with store.write():
                store.save_device({"name": args.name, "active": 0})
            print(f"Đã thu hồi thiết bị {args.name}.")
        else:
            devices = store.devices()
            if not devices:
                print(f"Chưa có thiết bị nào trong {store.file() or 'cơ sở dữ liệu này'}. Thêm một ki-ốt bằng: "
                      "python main.py device add TÊN --role kiosk" + _db_option(args))
            for device in devices:
                state = "active" if device["active"] else "revoked"
                slot = f"slot {device['slot']}" if device.get("slot") else "-"
                print(f"{device['name']}\t{device['role']}\t{state}\t{slot}\tlast seen {device['last_seen'] or '-'}")
        return 0


def _describe_series(store, config, name: str) -> None:
    """On stderr (stdout is the token alone): the kiosk's own offline numbers."""
    import sys
    from kiosk.core.numbering import Layout
    slot = (store.device(name) or {}).get("slot")
    if not slot:
        return
    layout = Layout.of(config.sync)
    spans = [f"{s['id']} {series.first}-{series.last}" for s in store.services()
             if (series := layout.offline(s["range_start"], s["range_end"], slot))]
    print(f"{name}: offline series slot {slot}: {', '.join(spans)}", file=sys.stderr)


def _db_option(args) -> str:
    return f" --db {args.db}" if getattr(args, "db", None) else ""
