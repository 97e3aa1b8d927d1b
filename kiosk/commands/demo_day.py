"""`main.py demo-day`: simulate one realistic day through the real queue (seeded, deterministic)."""
from __future__ import annotations

from kiosk.wording import say


def register(subparsers) -> None:
    from kiosk.cli import add_data_options
    parser = subparsers.add_parser("demo-day", help="fill a database with one simulated day (for demos and reports)")
    parser.add_argument("--date", required=True, help="the day to simulate, YYYY-MM-DD")
    parser.add_argument("--visitors", type=int, default=350, help="citizens arriving that day (default 350)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same day")
    parser.add_argument("--booked-share", type=float, default=0.0,
                        help="share of the visitors who booked a slot (0-1, e.g. 0.3); prints the "
                             "appointments-vs-walk-ins figures")
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
    if not 0 <= args.booked_share <= 1:
        raise UserError(say("--booked-share phải từ 0 đến 1"))
    config = config_from(args)
    store = open_store(db_path_from(args), synchronous="NORMAL")
    try:
        seed_centre(store, config)
        if args.booked_share:
            from kiosk.core.demo_bookings import simulate_booked_day
            result, split = simulate_booked_day(store, config, day, args.visitors, args.booked_share, args.seed)
        else:
            result, split = simulate_day(store, config, day, args.visitors, args.seed), None
    except QueueError as error:
        raise UserError(error.reason) from None
    finally:
        store.close()
    print(f"{result.day}: {result.issued} phiếu ({result.offline} ngoại tuyến), {result.served} đã phục vụ, "
          f"{result.no_show} vắng mặt, {result.transferred} chuyển lĩnh vực, {result.rated} lượt đánh giá")
    if split:
        _print_split(split)
    return 0


def _print_split(split: dict) -> None:
    walk_ins, booked, bookings = split["walk_ins"], split["appointments"], split["bookings"]
    print(say("Vãng lai: {tickets} phiếu, chờ trung bình {mean} phút, P90 {p90} phút", tickets=walk_ins["tickets"],
              mean=walk_ins["mean_wait_minutes"], p90=walk_ins["p90_wait_minutes"]))
    print(say("Lịch hẹn: {booked} lượt đặt, {checked_in} đã xác nhận ({on_time} đúng hẹn, {late} muộn), "
              "{missed} không đến; tỷ lệ đúng hẹn {punctuality}, đặt mà không đến {no_show_rate}, "
              "đến lệch giờ hẹn trung bình {arrival} phút", booked=bookings["booked"],
              checked_in=bookings["checked_in"], on_time=bookings["on_time"], late=bookings["late"],
              missed=bookings["missed"], punctuality=f"{bookings['punctuality']:.0%}",
              no_show_rate=f"{bookings['no_show_rate']:.0%}", arrival=f"{bookings['mean_arrival_minutes']:+}"))
    print(say("Phiếu có lịch hẹn: {tickets} phiếu, chờ trung bình {mean} phút, P90 {p90} phút",
              tickets=booked["tickets"], mean=booked["mean_wait_minutes"], p90=booked["p90_wait_minutes"]))
