"""`main.py export FILE`: write every procedure (retired ones too) to FILE; the format
follows the extension (.csv, .xlsx or .json). Importing the file again changes nothing."""
from __future__ import annotations

from pathlib import Path

from kiosk.wording import say


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("export", help="export procedures to a CSV, XLSX or JSON file")
    parser.add_argument("file", help="where to write (.csv, .xlsx or .json)")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.admin.exporter import FORMATS, export_bytes, export_records
    from kiosk.cli import UserError
    from kiosk.commands.common import open_centre
    path = Path(args.file)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(say("{path}: không nhận định dạng “{suffix}”; hãy dùng .csv, .xlsx hoặc .json",
                                path=path, suffix=path.suffix))
    config, store, clock = open_centre(args)
    try:
        content = export_bytes(store, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        print(f"Đã xuất {len(export_records(store))} thủ tục vào {path}.")
        return 0
    finally:
        store.close()
