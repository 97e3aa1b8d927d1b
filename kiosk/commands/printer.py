"""`python main.py printer test`: print (or write) a test receipt and say what happened."""
from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.config import load_config
from kiosk.wording import say
from printers.receipt import TEST_PUBLIC_ID


def register(subparsers) -> None:
    parser = subparsers.add_parser("printer", help="receipt printer tools")
    actions = parser.add_subparsers(dest="printer_action", metavar="ACTION", required=True)
    test = actions.add_parser(
        "test", help="print a test receipt on the configured printer",
        description="Print a test receipt on the configured printer and report the outcome. "
                    "With --output or --preview, write files instead and leave the printer alone.",
    )
    test.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    test.add_argument("--output", metavar="FILE", help="write the raw ESC/POS bytes to FILE instead of the printer")
    test.add_argument("--preview", metavar="PNG", help="write the rendered preview image to PNG")
    test.add_argument("--width", type=int, choices=(58, 80), help="paper width in mm (default: from the config)")
    test.set_defaults(func=run_test)
    status = actions.add_parser("status", help="ask the configured printer whether it is online and has paper")
    status.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    status.set_defaults(func=run_status)


def run_test(args: argparse.Namespace) -> int:
    from printers import Receipt, make_printer, render_receipt_png

    config = load_config(args.config)
    settings = config.printer.model_copy(update={"paper_width": args.width or config.printer.paper_width})
    receipt = Receipt.from_ticket(test_ticket(config), config.centre.name, config.centre.timezone)
    printer = make_printer(settings)
    if args.output or args.preview:
        if args.output:
            data = printer.job_bytes(receipt)
            Path(args.output).write_bytes(data)
            print(say("Đã ghi {size} byte ESC/POS ({printer}) vào {path}", size=f"{len(data):,}".replace(",", "."),
                      printer=describe(settings), path=args.output))
        if args.preview:
            image = render_receipt_png(receipt, settings.paper_width)
            image.save(args.preview)
            print(say("Đã ghi ảnh xem trước {width}x{height} ({paper} mm) vào {path}", width=image.width,
                      height=image.height, paper=settings.paper_width, path=args.preview))
        return 0
    print(say("Đang in phiếu thử trên {printer} ...", printer=printer.describe()))
    outcome = printer.print_receipt(receipt)
    if not outcome.ok:
        print(say("IN KHÔNG ĐƯỢC ({code}): {message}\n  chi tiết kỹ thuật: {reason}", code=outcome.code,
                  message=outcome.message, reason=outcome.reason))
        return 1
    if settings.backend == "dummy":
        print(say("Máy in đang ở chế độ thử (dummy): không có gì ra giấy; đã tạo {size} byte. "
                  "Đặt printer.backend trong {config} để in thật.", size=f"{outcome.bytes_sent:,}".replace(",", "."),
                  config=config.path))
    else:
        print(say("Đã in: gửi {size} byte ({printer}).", size=f"{outcome.bytes_sent:,}".replace(",", "."),
                  printer=describe(settings)))
    if outcome.warning:
        print(say("Cảnh báo: {warning}", warning=outcome.warning))
    return 0


def run_status(args: argparse.Namespace) -> int:
    from printers import make_printer
    from printers.backends import BackendError

    config = load_config(args.config)
    printer = make_printer(config.printer)
    try:
        state = printer.status()
    except BackendError as error:
        print(say("KHÔNG ĐƯỢC: {error}", error=error))
        return 1
    except Exception as error:      # the transport's own error names the problem
        print(say("KHÔNG ĐƯỢC: {printer}: {error}", printer=printer.describe(), error=" ".join(str(error).split())))
        return 1
    print(f"{printer.describe()}: {state.describe()}")
    return 0 if state.online is not False and state.paper != "out" else 1


def describe(settings) -> str:
    text = "raster text" if settings.text_mode == "raster" else f"{settings.codepage} text"
    qr = "native QR" if settings.native_qr else "QR image"
    return f"{settings.paper_width} mm, {text}, {qr}"


def test_ticket(config) -> dict:
    """A ticket JSON like the server's, for the first configured service."""
    service = config.services[0]
    counters = [{"id": c.id, "name": c.name} for c in config.counters if service.id in c.services]
    now = datetime.now(ZoneInfo(config.centre.timezone)).replace(microsecond=0)
    return {
        "id": 0, "public_id": TEST_PUBLIC_ID, "number": service.range[0],
        "service": {"id": service.id, "name": service.name, "waiting_area": service.waiting_area},
        "procedure": {"code": "", "name": "In thử máy in"},
        "priority": None, "counter": None, "counters": counters,
        "issued_at": now.isoformat(), "people_ahead": 0,
        "public_url": f"{config.server.public_url}/t/{TEST_PUBLIC_ID}", "offline": False,
    }
