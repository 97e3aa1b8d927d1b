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
    from kiosk.admin.import_apply import apply_plan
    from kiosk.cli import UserError
    from kiosk.commands.common import open_centre
    from kiosk.wording import say
    path = Path(args.file)
    if not path.is_file():
        raise UserError(say("{path}: không tìm thấy tệp", path=path))
    config, store, clock = open_centre(args)
    try:
        plan = plan_in_worker(path.name, path.read_bytes(), Snapshot.of(store), config.limits)
        print_plan(plan)
        if not plan.ok:
            print(say("Tệp có {count} lỗi; không có gì thay đổi.", count=len(plan.problems)))
            return 1
        if args.dry_run:
            print(say("Chạy thử (--dry-run): không có gì thay đổi."))
            return 0
        try:
            applied = apply_plan(AdminContext(store, config, clock, (), args.actor), plan, expect=plan.fingerprint)
        except AdminInvalid as error:  # the store changed between preview and apply
            raise UserError(error.reason) from None
        print(say("Đã nhập: {new} mới, {changed} thay đổi.", new=len(applied.of("new")),
                  changed=len(applied.of("changed"))))
        return 0
    finally:
        store.close()


def print_plan(plan) -> None:
    from kiosk.admin.records import LABELS
    from kiosk.wording import say
    counts = {s: len(plan.of(s)) for s in ("new", "changed", "unchanged")}
    print(say("{file} ({format}): {new} mới, {changed} thay đổi, {unchanged} không đổi, {problems} lỗi",
              file=plan.name, format=plan.format, problems=len(plan.problems), **counts))
    for item in plan.items:
        if item.status == "new":
            print(say("  mới      dòng {row}: {code} {name}", row=item.row, code=item.code, name=item.after["name"]))
        elif item.status == "changed":
            print(say("  thay đổi dòng {row}: {code} ({fields})", row=item.row, code=item.code,
                      fields=", ".join(say(LABELS.get(f, f)) for f in item.fields)))
        for note in item.notes:
            print(say("           ghi chú: {note}", note=note))
    for problem in plan.problems:
        print(say("  LỖI {where}: {message}\n        chi tiết kỹ thuật: {reason}", where=problem.where(),
                  message=problem.message, reason=problem.reason))
