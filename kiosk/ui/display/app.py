"""The Kivy lobby display: follows the server, shows the board, speaks each call locally."""
from __future__ import annotations

import queue
from datetime import datetime
from typing import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.config import Config
from kiosk.ui.display.board import Board
from kiosk.ui.display.feed import EventFeed
from kiosk.ui.display.screen import DisplayScreen


class DisplayApp(App):
    """`server=None` runs without a network: feed it with handle_state / handle_event (tests)."""

    def __init__(self, config: Config, server: str | None = None, token: str | None = None, speaker=None,
                 board: Board | None = None, now: Callable[[], datetime] | None = None, **kwargs):
        super().__init__(**kwargs)
        from kiosk.speech import make_speaker
        self.centre_config = config
        self.server, self.token = server, token
        self.board = board or Board()
        self.speaker = speaker if speaker is not None else make_speaker(config.speech)
        self.now = now or (lambda: datetime.now(self._zone()))
        self.feed: EventFeed | None = None
        self.screen: DisplayScreen | None = None
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()

    def build(self):
        self.title = "Màn hình gọi số"
        Window.clearcolor = (0.96, 0.97, 0.98, 1)
        self.screen = DisplayScreen()
        self.redraw()
        Clock.schedule_interval(lambda _dt: self.redraw(), 1.0)   # the clock and fading highlights
        if self.server:
            self.feed = EventFeed(self.server, self.token,
                                  on_state=lambda s: self._post("state", s),
                                  on_event=lambda e: self._post("event", e),
                                  on_connected=lambda ok: self._post("connected", ok)).start()
        if self.server and self.token:
            from kiosk.ui.display.heartbeat import DisplayHeartbeat
            self.heartbeat = DisplayHeartbeat(self.server, self.token, self.centre_config.centre.timezone,
                                              self.speaker).start()
        return self.screen

    def on_stop(self):
        if self.feed:
            self.feed.stop()
        if getattr(self, "heartbeat", None):
            self.heartbeat.stop()
        self.speaker.stop()

    # -- what the feed hands over, applied on the UI thread, in arrival order ---------
    def handle_state(self, state: dict) -> None:
        self.board.load(state)
        self.redraw()

    def handle_event(self, event: dict) -> None:
        self.board.apply(event)
        for announcement in self.board.take_announcements():
            self.speaker.say(announcement.text, priority="announcement")
        self.redraw()
        if self.feed:
            self.feed.refresh_soon()

    def handle_connected(self, connected: bool) -> None:
        self.board.set_connected(connected)
        self.redraw()

    def redraw(self) -> None:
        if self.screen is not None:
            self.screen.render(self.board.view(), self.now(), sound=self.sound_on())

    def sound_on(self) -> bool:
        """False when calls go unspoken: speech turned off in the config, or the speaker's fault."""
        return self.centre_config.speech.enabled and not self.speaker.problem

    def _post(self, kind: str, value) -> None:
        self._inbox.put((kind, value))
        Clock.schedule_once(self._drain)

    def _drain(self, _dt=None) -> None:
        handlers = {"state": self.handle_state, "event": self.handle_event, "connected": self.handle_connected}
        while True:
            try:
                kind, value = self._inbox.get_nowait()
            except queue.Empty:
                return
            handlers[kind](value)

    def _zone(self):
        from zoneinfo import ZoneInfo
        return ZoneInfo(self.centre_config.centre.timezone)
