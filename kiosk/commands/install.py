"""`main.py install --role server|kiosk|display`: set this machine up for one role (kiosk/install)."""
from __future__ import annotations

from kiosk.wording import say

import os
import subprocess
from pathlib import Path

from kiosk.install.layout import ROLES


def register(subparsers) -> None:
    parser = subparsers.add_parser("install", help="set this machine up as the centre's server, a kiosk or a display (systemd)")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--server", default=None, help="the local server's URL (kiosk and display)")
    parser.add_argument("--token", default=None, help="the device token from `main.py device add` (kiosk and display)")
    parser.add_argument("--port", type=int, default=8000, help="the server's port on the LAN (server)")
    parser.add_argument("--config", default=None, help="the config.yaml to install (default: the project's); an installed one is kept")
    parser.add_argument("--prefix", default=None, help="write everything under this folder instead of / (no user, packages or systemd: recorded in PREFIX/.lobby-kiosk-system.json)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be done, change nothing")
    parser.add_argument("--uninstall", action="store_true", help="remove what the install of this role made; the data and config stay")
    parser.add_argument("--purge", action="store_true", help="with --uninstall: also remove the data, the config and the system user")
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.install import executor
    from kiosk.install.actions import Context
    from kiosk.install.layout import Layout
    from kiosk.install.plan import Options, build_plan
    from kiosk.install.system import RealSystem, RecordingSystem
    from kiosk.platform import current
    if args.purge and not args.uninstall:
        raise UserError(say("--purge chỉ dùng cùng --uninstall"))
    if args.role == "server" and (args.server or args.token):
        raise UserError(say("--server và --token chỉ dành cho vai trò kiosk và display"))
    if current().is_windows:
        return _print_windows_commands(args)
    root = Path(args.prefix).resolve() if args.prefix else None
    if root is None and not args.dry_run and os.geteuid() != 0:
        raise UserError(say("install thay đổi hệ thống: hãy chạy bằng root (sudo), hoặc thử --dry-run / --prefix THƯ_MỤC"))
    system = RecordingSystem(root / ".lobby-kiosk-system.json") if root else RealSystem()
    ctx, layout = Context(system, root), Layout()
    try:
        if args.uninstall:
            lines = executor.uninstall(args.role, ctx, layout, purge=args.purge, dry_run=args.dry_run)
        else:
            options = Options(server=args.server, token=args.token, port=args.port,
                              config_source=Path(args.config) if args.config else None)
            lines = executor.install(build_plan(args.role, layout, options, root), ctx, layout, dry_run=args.dry_run)
    except subprocess.CalledProcessError as error:
        raise UserError(say("`{command}` không chạy được (mã thoát {code}): các bước trước đó đã xong và chạy lại sẽ chỉ "
                            "làm phần còn lại; khi đã sửa nguyên nhân, `systemctl restart {unit}` khởi động dịch vụ",
                            command=" ".join(map(str, error.cmd)), code=error.returncode,
                            unit=layout.unit_name(args.role))) from None
    for line in lines:
        print(line)
    return 0


def _print_windows_commands(args) -> int:
    """No systemd on Windows: the commands that start this role, for an administrator to run
    (README, "Windows"); nothing is changed."""
    import sys

    from kiosk.install.layout import Layout
    from kiosk.platform import windows_start_commands
    layout = Layout()
    print(say("Windows: main.py install không thay đổi gì ở đây; hãy chạy các lệnh sau trong cửa sổ lệnh quyền quản trị "
              "(README, mục \"Windows\"):"))
    for line in windows_start_commands(args.role, sys.executable, str(layout.main_py), args.server):
        print("  " + line)
    return 0
