"""`main.py user add|list|disable|passwd`: staff and admin accounts (password read from stdin)."""
from __future__ import annotations

from kiosk.core import accounts


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("user", help="manage staff and admin accounts")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account, or reset its password; the password is read from stdin")
    add.add_argument("name")
    add.add_argument("--role", choices=accounts.USER_ROLES, default="staff")
    passwd = actions.add_parser("passwd", help="reset a password (read from stdin)")
    passwd.add_argument("name")
    disable = actions.add_parser("disable", help="disable an account")
    disable.add_argument("name")
    actions.add_parser("list", help="list accounts")
    for sub in (add, passwd, disable, actions.choices["list"]):
        add_data_options(sub)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.commands.common import centre_session, read_password
    from kiosk.wording import say
    with centre_session(args) as (config, store, clock):
        if args.action == "list":
            for user in store.users():
                print(f"{user['username']}\t{user['role']}\t{say('đang dùng' if user['active'] else 'đã khóa')}")
            return 0
        existing = store.user(args.name)
        if args.action in ("passwd", "disable") and not existing:
            raise UserError(say("Không có tài khoản {name}.", name=args.name))
        if args.action == "disable":
            with store.write():
                store.save_user({"username": args.name, "active": 0})
            print(f"Đã khóa tài khoản {args.name}.")
            return 0
        role = args.role if args.action == "add" else existing["role"]
        accounts.add_user(store, args.name, read_password(), role, clock)
        print(f"Đã lưu tài khoản {args.name} ({role}).")
        return 0
