"""The citizen kiosk (Kivy). The App wires screens to the flow and to its neighbours.

Screens live in kiosk/ui/screens (name.py beside name.kv); decisions about what comes next
live in kiosk/ui/flow.py; network, printing and speech run off the UI thread (background.py).
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.core.keys import client_key
from kiosk.ui import deps, flow as F, theme as T
from kiosk.ui.appointment_desk import AppointmentDesk
from kiosk.ui.attract_loop import AttractLoop
from kiosk.ui.background import Background
from kiosk.ui.catalogue import KioskCatalogue
from kiosk.ui.catalogue_refresh import CHECK_SECONDS, CatalogueRefresh
from kiosk.ui.guidance import Guidance
from kiosk.ui.i18n import nfc, translate
from kiosk.ui.widgets import prepare_qr

log = logging.getLogger(__name__)

UI_DIR = Path(__file__).resolve().parent
SCREEN_CLASSES = {
    F.HOME: "home.HomeScreen", F.FIELDS: "fields.FieldsScreen", F.FIELD: "field.FieldScreen",
    F.SEARCH: "search.SearchScreen", F.PROCEDURE: "procedure.ProcedureScreen",
    F.PRIORITY: "priority.PriorityScreen", F.TICKET: "ticket.TicketScreen",
    F.ATTRACT: "attract.AttractScreen", F.CHECK_IN: "check_in.CheckInScreen",
}
POLL_SECONDS = 15

_kv_loaded = False


def load_kv() -> None:
    """Register the font and load every kv file once per process."""
    global _kv_loaded
    if _kv_loaded:
        return
    LabelBase.register(DEFAULT_FONT, T.FONT_REGULAR, fn_bold=T.FONT_BOLD)
    LabelBase.register("NotoSans", T.FONT_REGULAR, fn_bold=T.FONT_BOLD)
    import kiosk.ui.widgets  # noqa: F401  (classes the kv rules name)
    Builder.load_file(str(UI_DIR / "widgets.kv"))
    for dotted in SCREEN_CLASSES.values():
        Builder.load_file(str(UI_DIR / "screens" / f"{dotted.split('.')[0]}.kv"))
    Builder.load_file(str(UI_DIR / "root.kv"))
    _kv_loaded = True


def _screen_class(dotted: str):
    import importlib
    module, name = dotted.split(".")
    return getattr(importlib.import_module(f"kiosk.ui.screens.{module}"), name)


class KioskRoot(BoxLayout):
    sm = ObjectProperty(None)


class _Screens(dict):
    """Screens built on first use, so the first frame only waits for the home screen."""

    def __init__(self, manager):
        super().__init__()
        self.manager = manager

    def __missing__(self, name: str):
        screen = _screen_class(SCREEN_CLASSES[name])(name=name)
        self[name] = screen
        self.manager.add_widget(screen)
        return screen


class KioskApp(App):
    lang = StringProperty("vi")
    online = BooleanProperty(True)
    screen = StringProperty(F.HOME)
    title = "Kiosk"

    def __init__(self, config, client=None, speaker=None, printer=None, procedures=None,
                 tap_guard_seconds: float = 0.4, now=time.monotonic, scanner=None, **kwargs):
        super().__init__(**kwargs)
        self.centre_config = config
        self.client = client                      # ServerClient, or anything with issue_ticket()
        self.speaker = speaker          # None: made in the "speech" worker on first use
        self.printer = printer          # None: made in the background after the first frame
        self.flow = F.KioskFlow(idle_seconds=config.kiosk.idle_seconds,
                                ticket_screen_seconds=config.kiosk.ticket_screen_seconds,
                                tap_guard_seconds=tap_guard_seconds, now=now)
        self.refresh = CatalogueRefresh(self)
        self.attract_loop = AttractLoop(self)
        self.guidance = Guidance(self)
        self.set_catalogue(procedures if procedures is not None else deps.load_bundled())
        self.background = Background()
        self.queue_rows: list[dict] = []
        self.last_issue_seconds: float | None = None    # tap -> number shown, for the bench
        self._issue_started = 0.0
        self._events = []
        self.appointments = AppointmentDesk(self, scanner)

    # -- building ------------------------------------------------------------------------

    def build(self):
        load_kv()
        root = KioskRoot()
        root.sm.transition = NoTransition()
        self.screens = _Screens(root.sm)
        self.screens[F.HOME]
        return root

    def on_start(self):
        Window.clearcolor = T.BG
        Window.bind(on_touch_down=self._guard_touch)
        self.appointments.attach()
        self._events = [Clock.schedule_interval(self._tick, 0.25),
                        Clock.schedule_interval(lambda _dt: self.poll_server(), POLL_SECONDS),
                        Clock.schedule_interval(self.refresh.check, CHECK_SECONDS)]
        self.show(F.HOME)
        self.refresh.check()
        self.poll_server()
        self._later(self._build_other_screens, 0.3)
        # importing escpos and starting espeak take seconds: after the first frame, off the UI thread
        self._later(lambda _dt: self.background.submit("print", self._get_printer), 1.0)
        self._later(lambda _dt: self.background.submit("speech", self._get_speaker), 1.0)

    def _later(self, callback, delay: float) -> None:
        """Clock.schedule_once, cancelled when the app stops."""
        self._events.append(Clock.schedule_once(callback, delay))

    def _build_other_screens(self, _dt=None):
        for name in SCREEN_CLASSES:
            if name not in self.screens:
                self.screens[name]
                self._later(self._build_other_screens, 0)   # one screen per frame
                return

    def _get_speaker(self):
        """The speaker, made on first use; runs in the "speech" worker only."""
        if self.speaker is None:
            self.speaker = deps.make_speaker(self.centre_config.speech)
        return self.speaker

    def _get_printer(self):
        """The printer, made on first use; runs in the "print" worker only."""
        if self.printer is None:
            self.printer = deps.make_printer(self.centre_config.printer)
        return self.printer

    def on_stop(self):
        Window.unbind(on_touch_down=self._guard_touch)
        self.appointments.detach()
        for event in self._events:
            event.cancel()
        self._events = []
        self.attract_loop.stop()
        self.background.shutdown()
        try:
            if self.speaker is not None:
                self.speaker.stop()
        except Exception:
            log.exception("speaker.stop failed")

    # -- text ----------------------------------------------------------------------------

    def tr(self, lang: str, msgid: str, **values) -> str:
        return translate(lang, msgid, **values)

    def centre_name(self, lang: str) -> str:
        centre = self.centre_config.centre
        return nfc(centre.name_en if lang == "en" and centre.name_en else centre.name)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        if self.screen == F.ATTRACT:
            self.go_home()
        else:
            self.screens[self.screen].refresh()

    # -- catalogue -----------------------------------------------------------------------

    def set_catalogue(self, procedures: list[dict]) -> None:
        """Every screen, the guidance read aloud and the leaflet read this one object."""
        self.catalogue = KioskCatalogue(procedures, self.centre_config)

    def procedure(self, code: str | None) -> dict | None:
        return self.catalogue.procedure(code)

    def procedure_name(self, code: str) -> str:
        return self.catalogue.name(code, self.lang)

    def most_requested_codes(self) -> list[str]:
        return self.catalogue.most_requested_codes()

    # -- navigation ----------------------------------------------------------------------

    def show(self, name: str) -> None:
        previous = self.screen
        if previous == F.ATTRACT and name != F.ATTRACT:
            self.attract_loop.stop()
        screen = self.screens[name]
        self.screen = name
        self.root.sm.current = name
        if name in (F.HOME, F.ATTRACT, F.TICKET):
            self.refresh.settle(refresh_screen=False)     # the citizen's flow has ended
        screen.refresh()
        if name == F.ATTRACT and previous != F.ATTRACT:
            self.attract_loop.start()

    def go_home(self, notice: str = ""):
        self.show(self.flow.home())
        self.screens[F.HOME].notice = notice

    def go_back(self):
        self.show(self.flow.back())

    def open_fields(self):
        self.show(self.flow.go(F.FIELDS))

    def open_field(self, name: str):
        self.show(self.flow.open_field(name))

    def open_search(self):
        self.screens[F.SEARCH].query = ""
        self.show(self.flow.go(F.SEARCH))

    def open_procedure(self, code: str):
        if self.refresh.retired(code):       # a list still on screen named it
            self.refresh.take_home(code)
            return
        self.show(self.flow.open_procedure(code))
        if self.centre_config.kiosk.auto_read_guidance:
            self.read_guidance()

    def ask_priority(self):
        self.show(self.flow.ask_priority())

    # -- touches and timers --------------------------------------------------------------

    def _guard_touch(self, _window, _touch):
        accepted = self.flow.accept_touch()
        if self.screen == F.ATTRACT:
            return False          # any touch wakes the kiosk
        return not accepted       # True swallows a tap that came too soon after a change

    def _tick(self, _dt):
        target = self.flow.tick()
        if target == F.ATTRACT:
            self.show(self.flow.attract())
        elif target == F.HOME:
            self.go_home()
        if self.screen == F.TICKET:
            self.screens[F.TICKET].seconds_left = self.flow.seconds_left_on_ticket()

    # -- issuing a ticket ----------------------------------------------------------------

    def issue(self, priority: str | None) -> None:
        if not self.flow.start_issue():
            return
        self._issue_started = time.perf_counter()
        code = self.flow.procedure_code
        client_id = client_key(time.time())
        self.screens[F.PRIORITY].show_issue_state()
        if self.client is None:
            from kiosk.sync.client import ServerUnavailable
            self._issue_failed(ServerUnavailable("no server configured"))
            return
        def work():
            ticket = self.client.issue_ticket(code, priority, client_id)
            if isinstance(ticket, dict) and ticket.get("public_url"):
                prepare_qr(ticket["public_url"])       # draw the QR code off the UI thread
            return ticket

        self.background.submit("net", work, self._issued, self._issue_failed)

    def _issued(self, ticket: dict) -> None:
        ticket = deps._nfc(ticket)
        self.online = not ticket.get("offline")
        self.show(self.flow.issued(ticket))
        self.last_issue_seconds = time.perf_counter() - self._issue_started
        self.say(F.ticket_announcement(ticket), "announcement")
        self._print_receipt(ticket)

    def _issue_failed(self, error: Exception) -> None:
        from kiosk.sync.client import ApiError, ServerUnavailable   # requests loads after the first frame
        if isinstance(error, ApiError):
            self.flow.issue_failed(offline=False, message=nfc(error.message))
        else:
            if not isinstance(error, ServerUnavailable):
                log.error("issuing failed unexpectedly: %r", error)
            # the sync layer's NoOfflineNumber carries the Vietnamese text to show
            self.flow.issue_failed(offline=True, message=nfc(getattr(error, "message", "") or ""))
            self.online = False
        if self.screen == F.PRIORITY:
            self.screens[F.PRIORITY].show_issue_state()

    def _print_receipt(self, ticket: dict) -> None:
        self.screens[F.TICKET].print_state = "printing"
        centre = self.centre_config.centre.name
        self.background.submit(
            "print", lambda: self._get_printer().print_receipt(deps.make_receipt(ticket, centre)),
            lambda outcome: self._printed(ticket, outcome),
            lambda error: self._printed(ticket, deps._Outcome(False, f"{type(error).__name__}: {error}")))

    def _printed(self, ticket: dict, outcome) -> None:
        ok = bool(getattr(outcome, "ok", False))
        if self.flow.ticket is ticket:
            self.screens[F.TICKET].print_state = "printed" if ok else "failed"
        if not ok and self.client is not None and ticket.get("id") is not None:
            reason = getattr(outcome, "reason", "") or "print failed"
            self.background.submit("poll", lambda: self.client.report_print_failed(ticket["id"], reason),
                                   on_error=lambda e: log.warning("could not report print failure: %r", e))

    # -- guidance ------------------------------------------------------------------------

    def say(self, text: str, priority: str = "guidance") -> None:
        self.guidance.say(text, priority)

    def read_guidance(self) -> None:
        self.guidance.read()

    def print_guidance(self) -> None:
        self.guidance.print_leaflet()

    # -- server polling ---------------------------------------------------------------------

    def poll_server(self) -> None:
        if self.client is None:
            self.online = False
            return
        self.background.submit("poll", self.client.queue, self._got_queue, self._poll_failed)

    def _got_queue(self, payload) -> None:
        self.online = True
        self.queue_rows = F.parse_queue(payload)
        self.screens[F.ATTRACT].rows = self.queue_rows

    def _poll_failed(self, error: Exception) -> None:
        from kiosk.sync.client import ServerUnavailable
        if isinstance(error, ServerUnavailable):
            self.online = False
        else:
            log.warning("server poll failed: %r", error)


class _KeepRunning:
    """Kivy exception handler: log, go home, never crash or show a traceback to the citizen."""

    def __init__(self, app):
        self.app = app

    def handle_exception(self, error):
        from kivy.base import ExceptionManager
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        log.exception("unexpected error in the kiosk UI; returning to home")
        try:
            self.app.go_home()
        except Exception:
            pass
        return ExceptionManager.PASS


def run_kiosk(config, client) -> int:
    from kivy.base import ExceptionManager
    app = KioskApp(config, client=client)
    ExceptionManager.add_handler(_KeepRunning(app))
    app.run()
    return 0
