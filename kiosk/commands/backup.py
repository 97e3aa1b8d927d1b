"""`main.py backup [--out DIR]`: a consistent copy of the live database, server running or not."""
from __future__ import annotations

from kiosk.clock import Clock
from kiosk.commands.common import config_from, db_path_from


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("backup", help="back up the database (safe while the server runs)")
    parser.add_argument("--out", default=None,
                        help="folder to write to, e.g. a USB stick (default: backups/ next to the database)")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.store.backup import BackupError, rotate, take_backup
    try:
        path = take_backup(db_path_from(args), args.out, Clock(config_from(args).centre.timezone).now())
    except BackupError as error:
        raise UserError(str(error)) from None
    if args.out is None:
        rotate(path.parent)
    print(f"Đã sao lưu: {path}  (bảng kê: {path.name}.json)")
    return 0
