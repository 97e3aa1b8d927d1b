"""`main.py demo-day`: simulate one realistic day through the real queue (seeded, deterministic)."""
from __future__ import annotations

from kiosk.wording import say


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("demo-day", help="fill a database with one simulated day (for demos and reports)")
    parser.add_argument("--date", required=True, help="the day to simulate, YYYY-MM-DD")
    parser.add_argument("--visitors", type=int, default=350, help="citizens arriving that day (default 350)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same day")
    add_data_options(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from datetime import date

    from kiosk.cli import UserError
    from kiosk.commands.common import config_from, db_path_from
    from kiosk.core.centre import seed_centre
    from kiosk.core.demo_day import simulate_day
    from kiosk.core.errors import QueueError
    from kiosk.store import open_store

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise UserError(say("--date {value}: cần dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-01", value=repr(args.date))) from None
    if not 1 <= args.visitors <= 2000:
        raise UserError(say("--visitors phải từ 1 đến 2000"))
    config = config_from(args)
    store = open_store(db_path_from(args), synchronous="NORMAL")
    try:
        seed_centre(store, config)
        result = simulate_day(store, config, day, args.visitors, args.seed)
    except QueueError as error:
        raise UserError(error.reason) from None
    finally:
        store.close()
    print(f"{result.day}: {result.issued} phiếu ({result.offline} ngoại tuyến), {result.served} đã phục vụ, "
          f"{result.no_show} vắng mặt, {result.transferred} chuyển lĩnh vực, {result.rated} lượt đánh giá")
    return 0
