"""`main.py display`: the Kivy lobby display on hardware with speakers."""
from __future__ import annotations


from kiosk import PROJECT_ROOT

DEFAULT_CREDENTIALS = PROJECT_ROOT / "data" / "display.json"


def register(subparsers) -> None:
    from kiosk.commands.common import add_locked_option, add_verbose_option
    from kiosk.pairing_cli import add_pairing_options
    parser = subparsers.add_parser("display", help="run the lobby display (calls, counters, spoken announcements)")
    parser.add_argument("--server", default=None, help="local server URL (default: server.url in the config)")
    parser.add_argument("--token", default=None, help="a display device token (main.py device add NAME --role display)")
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--windowed", action="store_true", help="a 1920x1080 window instead of full screen")
    parser.add_argument("--credentials", default=str(DEFAULT_CREDENTIALS),
                        help="where pairing keeps the server and token (default: data/display.json)")
    add_pairing_options(parser)
    add_verbose_option(parser)
    add_locked_option(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    import os

    from kiosk.commands.common import config_from, configure_logging
    from kiosk.pairing_cli import pair_headless, use_stored_credentials
    from kiosk.sync.credentials import FileCredentials
    config = config_from(args)
    credentials = FileCredentials(args.credentials)
    if args.pair:
        return pair_headless(args, credentials)
    use_stored_credentials(args, credentials)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    from kivy.config import Config as KivyConfig
    if args.windowed:
        KivyConfig.set("graphics", "width", "1920")
        KivyConfig.set("graphics", "height", "1080")
    else:
        from kiosk.ui.screen_size import fill_the_screen
        fill_the_screen(KivyConfig)
        KivyConfig.set("graphics", "show_cursor", "0")
    KivyConfig.set("kivy", "exit_on_escape", "1")
    configure_logging(args.verbose)
    from kiosk.ui.lockdown import start_service_side
    escape = start_service_side(args, "display")

    from kiosk.ui.display.app import DisplayApp
    DisplayApp(config, server=args.server or config.server.url, token=args.token).run()
    return escape.exit_status(0) if escape else 0
