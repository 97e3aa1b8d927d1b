"""The procedure screen's "Nghe hướng dẫn" and "In hướng dẫn": read aloud, print a leaflet,
and tell the citizen on screen when either cannot happen (no sound device, printer fault)."""
from __future__ import annotations

from kivy.clock import Clock

from kiosk.ui import deps, flow as F
from kiosk.ui.i18n import nfc

# Playing fails inside the speaker's own worker; look at its problem again a little later.
RECHECK_SECONDS = 1.5
NO_SOUND = "Máy chưa phát được âm thanh. Mời ông/bà đọc trên màn hình hoặc bấm “In hướng dẫn”."


class Guidance:
    def __init__(self, app):
        self.app = app

    def say(self, text: str, priority: str = "guidance", on_problem=None) -> None:
        """Speak in the "speech" worker; `on_problem(problem)` runs on the UI thread after."""
        app = self.app

        def speak():
            speaker = app._get_speaker()
            speaker.say(nfc(text), priority=priority)
            return speaker.problem

        app.background.submit("speech", speak, on_problem)

    def read(self) -> None:
        app = self.app
        procedure = app.procedure(app.flow.procedure_code)
        if not procedure:
            return
        screen = app.screens[F.PROCEDURE]
        screen.sound_status = ""
        shown = screen.shown           # a later visit (the next citizen) must not get this notice

        def show(problem):
            if screen.shown == shown:
                screen.sound_status = app.tr(app.lang, NO_SOUND) if problem else ""

        def recheck(_dt):
            if app.speaker is not None and app.speaker.problem:
                show(app.speaker.problem)

        self.say(F.guidance_text(procedure), "guidance", show)
        app._later(recheck, RECHECK_SECONDS)

    def print_leaflet(self) -> None:
        app = self.app
        procedure = app.procedure(app.flow.procedure_code)
        if not procedure:
            return
        screen = app.screens[F.PROCEDURE]
        screen.leaflet_status = app.tr(app.lang, "Đang in tờ hướng dẫn...")
        procedure = {**procedure, "portal_url": app.catalogue.portal_url(procedure)}

        def printed(outcome):
            if app.flow.procedure_code != procedure["code"]:
                return
            if getattr(outcome, "ok", False):
                screen.leaflet_status = app.tr(app.lang, "Mời ông/bà lấy tờ hướng dẫn ở khe bên dưới.")
            else:
                screen.leaflet_status = app.tr(
                    app.lang, "Máy in đang gặp sự cố nên chưa in được. Ông/bà có thể quét mã QR hoặc chụp ảnh màn hình này.")

        app.background.submit(
            "print", lambda: app._get_printer().print_leaflet(deps.make_leaflet(procedure, app.centre_config.centre.name)),
            printed, lambda e: printed(deps._Outcome(False, repr(e))))
