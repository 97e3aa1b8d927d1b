"""'Nghe hướng dẫn' and 'In hướng dẫn' on the real kiosk: with no sound, the citizen is told."""
from __future__ import annotations

import threading
import time

from kiosk.speech import DummySpeaker
from kiosk.ui import flow as F
from kiosk.ui.guidance import NO_SOUND, RECHECK_SECONDS


def open_birth_registration(h, app):
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))


def status_notice(app):
    return app.screens[F.PROCEDURE].ids.status


def test_no_sound_device_says_so_on_screen(kiosk):
    speaker = DummySpeaker()
    speaker.problem = "no audio output device"       # what make_speaker sets when espeak cannot play
    h, app = kiosk(speaker=speaker)
    open_birth_registration(h, app)
    assert status_notice(app).height == 0
    h.tap_text("Nghe hướng dẫn")
    h.wait_until(lambda: app.screens[F.PROCEDURE].sound_status, what="the no-sound notice")
    h.pump(3)
    notice = status_notice(app)
    assert notice.text == NO_SOUND and "chưa phát được âm thanh" in notice.text
    x, y = notice.to_window(notice.x, notice.y)
    assert notice.height > 0 and notice.opacity == 1 and y >= 0 and y + notice.height <= app.root.height
    assert speaker.spoken[-1][1] == "guidance"        # it was still asked to speak
    h.tap_text("Trang chủ")
    open_birth_registration(h, app)
    time.sleep(RECHECK_SECONDS + 0.3)                  # past the guidance's late re-check
    h.pump(3)
    assert app.screens[F.PROCEDURE].sound_status == ""  # the next citizen starts clean


def test_sound_failing_while_playing_is_noticed_too(kiosk):
    class FailsWhilePlaying(DummySpeaker):
        def say(self, text, priority="guidance"):
            super().say(text, priority)
            threading.Timer(0.2, lambda: setattr(self, "problem", "playback failed")).start()

    h, app = kiosk(speaker=FailsWhilePlaying())
    open_birth_registration(h, app)
    h.tap_text("Nghe hướng dẫn")
    h.wait_until(lambda: app.screens[F.PROCEDURE].sound_status == NO_SOUND, timeout=6, what="the late notice")


def test_working_sound_shows_no_notice(kiosk):
    h, app = kiosk()
    open_birth_registration(h, app)
    h.tap_text("Nghe hướng dẫn")
    h.wait_until(lambda: app.speaker.spoken, what="guidance speech")
    h.pump(5)
    assert app.screens[F.PROCEDURE].sound_status == "" and status_notice(app).height == 0


def test_english_notice_comes_from_the_catalogue(kiosk):
    speaker = DummySpeaker()
    speaker.problem = "no audio output device"
    h, app = kiosk(speaker=speaker)
    h.tap(app.root.ids.lang_en)
    open_birth_registration(h, app)
    h.tap_text("Listen")
    h.wait_until(lambda: app.screens[F.PROCEDURE].sound_status, what="the no-sound notice")
    assert app.screens[F.PROCEDURE].sound_status.startswith("Sound is not available")
