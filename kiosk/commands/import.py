"""`main.py import FILE [--dry-run]`: import procedures from CSV, XLSX or JSON (docs/import-format.md).

Prints the preview (new, changed, unchanged, problems naming row and column); without
--dry-run, applies it in one transaction. Exit code 1 when the file has problems (nothing
is changed), 0 otherwise."""
from __future__ import annotations

from pathlib import Path


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("import", help="import procedures from a CSV, XLSX or portal/JSON file")
    parser.add_argument("file", help="the file to import (.csv, .xlsx or .json)")
    parser.add_argument("--dry-run", action="store_true", help="only show what would change")
    parser.add_argument("--actor", default="cli", help="name recorded in the audit log (default: cli)")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.admin.context import AdminContext, AdminInvalid
    from kiosk.admin.import_worker import Snapshot, plan_in_worker
    from kiosk.admin.importer import apply_plan
    from kiosk.cli import UserError
    from kiosk.commands.common import open_centre
    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"{path}: file not found")
    config, store, clock = open_centre(args)
    try:
        plan = plan_in_worker(path.name, path.read_bytes(), Snapshot.of(store), config.limits)
        print_plan(plan)
        if not plan.ok:
            print(f"Tệp có {len(plan.problems)} lỗi; không có gì thay đổi.")
            return 1
        if args.dry_run:
            print("Chạy thử (--dry-run): không có gì thay đổi.")
            return 0
        try:
            applied = apply_plan(AdminContext(store, config, clock, (), args.actor), plan, expect=plan.fingerprint)
        except AdminInvalid as error:  # the store changed between preview and apply
            raise UserError(error.reason) from None
        print(f"Đã nhập: {len(applied.of('new'))} mới, {len(applied.of('changed'))} thay đổi.")
        return 0
    finally:
        store.close()


def print_plan(plan) -> None:
    counts = {s: len(plan.of(s)) for s in ("new", "changed", "unchanged")}
    print(f"{plan.name} ({plan.format}): {counts['new']} new, {counts['changed']} changed, "
          f"{counts['unchanged']} unchanged, {len(plan.problems)} problem(s)")
    for item in plan.items:
        if item.status == "new":
            print(f"  new      row {item.row}: {item.code} {item.after['name']}")
        elif item.status == "changed":
            print(f"  changed  row {item.row}: {item.code} ({', '.join(item.fields)})")
        for note in item.notes:
            print(f"           note: {note}")
    for problem in plan.problems:
        where = []
        if problem.row is not None:
            where.append(f"row {problem.row}")
        if problem.column:
            where.append(f"column {problem.column}" + (f" (cell {problem.cell})" if problem.cell else ""))
        print(f"  ERROR {', '.join(where) or 'file'}: {problem.reason}\n        {problem.message}")
