"""The kiosk's idle loop: a spoken greeting now and then, live waits, soft music if configured.
Started when the app shows the attract screen, stopped on the first touch."""
from __future__ import annotations

import logging
from pathlib import Path

from kivy.clock import Clock

from kiosk import ASSETS

log = logging.getLogger(__name__)

POLL_SECONDS = 10
GREETING_SECONDS = 45
DEFAULT_GREETING = "Xin chào, mời ông/bà chạm vào màn hình để lấy số."


class AttractLoop:
    def __init__(self, app):
        self.app = app
        self._events = []
        self._music = None
        self._greeting_index = 0

    def start(self) -> None:
        self._greet()
        self._events = [Clock.schedule_interval(lambda _dt: self._greet(), GREETING_SECONDS),
                        Clock.schedule_interval(lambda _dt: self.app.poll_server(), POLL_SECONDS)]
        self.app.poll_server()
        music = self.app.centre_config.kiosk.background_music
        if music:
            self._play(Path(music) if Path(music).is_absolute() else ASSETS / music)

    def stop(self) -> None:
        for event in self._events:
            event.cancel()
        self._events = []
        if self._music is not None:
            try:
                self._music.stop()
            except Exception:
                pass
            self._music = None

    def _play(self, path: Path) -> None:
        try:
            from kivy.core.audio import SoundLoader
            self._music = SoundLoader.load(str(path))
            if self._music:
                self._music.loop = True
                self._music.volume = 0.3
                self._music.play()
        except Exception:
            log.exception("background music unavailable")
            self._music = None

    def _greet(self) -> None:
        messages = self.app.centre_config.kiosk.attract_messages or [DEFAULT_GREETING]
        self.app.say(messages[self._greeting_index % len(messages)], "guidance")
        self._greeting_index += 1
