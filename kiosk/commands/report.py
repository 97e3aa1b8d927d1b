"""`main.py report`: a period's report as XLSX, CSV or PDF (by the --out extension)."""
from __future__ import annotations

from kiosk.wording import say

from kiosk.core.reports import PERIOD_KINDS


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser(
        "report", help="write a report (tickets, waiting and service times, satisfaction) to XLSX, CSV or PDF",
        description="Examples: report --period day --date 2026-11-22 --out ngay.pdf; "
                    "report --period month --month 2025-10 --out thang.xlsx; "
                    "report --period quarter --quarter 2025-Q4 --out quy.csv; "
                    "report --period custom --from 2025-10-01 --to 2025-10-15 --out ky.xlsx")
    parser.add_argument("--period", choices=PERIOD_KINDS, default="day")
    parser.add_argument("--date", help="day, or a day in the week (YYYY-MM-DD); default today")
    parser.add_argument("--month", help="YYYY-MM, with --period month")
    parser.add_argument("--quarter", help="YYYY-Qn, with --period quarter")
    parser.add_argument("--from", dest="first", help="first day, with --period custom")
    parser.add_argument("--to", dest="last", help="last day, with --period custom")
    parser.add_argument("--out", required=True, help="output file: .xlsx, .csv or .pdf")
    parser.add_argument("--fees", action="store_true",
                        help="the fee ledger instead; as .pdf, the closing sheet (bảng kê) for signature")
    parser.add_argument("--cashier", help="with --fees: one cashier's receipts only")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from kiosk.cli import UserError
    from kiosk.commands.common import open_centre
    from kiosk.core.errors import QueueError
    from kiosk.core.reports import parse_period, report_for
    from kiosk.reporting.export import format_of, write_report
    from kiosk.reporting.pdf import place_of

    try:
        fmt = format_of(args.out)
    except ValueError as error:
        raise UserError(str(error)) from None
    config, store, clock = open_centre(args)
    if args.fees:
        return _fees(args, fmt, config, store, clock)
    try:
        period = parse_period(args.period, clock.now().date(), args.date, args.month, args.quarter,
                              args.first, args.last)
        report = report_for(store, period, centre=config.centre.name)
    except QueueError as error:
        raise UserError(say("--{field}: {message} ({reason})", field=error.field, message=error.message, reason=error.reason)) from None
    finally:
        store.close()
    options = {"made_on": clock.now().date(), "place": place_of(config.centre.address)} if fmt == "pdf" else {}
    path = write_report(report, args.out, **options)
    totals = report["totals"]
    print(f"{period.label}: {totals['issued']} phiếu cấp, {totals['served']} đã phục vụ, "
          f"{report['satisfaction']['count']} lượt đánh giá -> {path}")
    return 0


def _fees(args, fmt: str, config, store, clock) -> int:
    from pathlib import Path

    from kiosk.cli import UserError
    from kiosk.core.errors import QueueError
    from kiosk.core.fee_ledger import ledger_for
    from kiosk.core.fees import money
    from kiosk.core.reports import parse_period
    from kiosk.reporting.fee_ledger import CLOSING_TITLE, ledger_bytes, ledger_pdf
    from kiosk.reporting.pdf import place_of

    try:
        period = parse_period(args.period, clock.now().date(), args.date, args.month, args.quarter,
                              args.first, args.last)
        ledger = ledger_for(store, period, config.centre.name, args.cashier)
    except QueueError as error:
        raise UserError(f"--{error.field}: {error.reason}") from None
    finally:
        store.close()
    place = place_of(config.centre.address)
    data = ledger_pdf(ledger, CLOSING_TITLE, clock.now().date(), place, args.cashier) if fmt == "pdf" \
        else ledger_bytes(ledger, fmt)
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"{period.label}: {ledger['count']} phiếu thu, {money(ledger['total'])}; "
          f"{len(ledger['voided'])} phiếu đã hủy -> {path}")
    for row in ledger["by_method"]:
        print(f"  {row['label']}: {row['count']} phiếu, {money(row['amount'])}")
    return 0
