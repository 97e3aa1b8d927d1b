"""`main.py restore FILE`: put a backup back, only while the server is stopped."""
from __future__ import annotations

from kiosk.clock import Clock
from kiosk.commands.common import config_from, db_path_from


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("restore", help="restore a backup (stop the server first)")
    parser.add_argument("file", help="the backup file (.db) to restore")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.store.backup import BackupError
    from kiosk.store.restore import restore
    db = db_path_from(args)
    try:
        kept = restore(args.file, db, Clock(config_from(args).centre.timezone).now())
    except BackupError as error:
        raise UserError(str(error)) from None
    print(f"Đã khôi phục {args.file} vào {db}." + (f" Cơ sở dữ liệu cũ được giữ lại: {kept}" if kept else ""))
    return 0
