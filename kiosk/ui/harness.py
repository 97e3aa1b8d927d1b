"""Drive the real kiosk app without `App.run()`: taps, frames, screenshots.

Used by the UI tests, `python -m kiosk.ui.screenshots` and `bench/kiosk.py`. Call
`prepare_kivy()` before anything imports Kivy's window.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def prepare_kivy(width: int = 1080, height: int = 1920) -> None:
    """Environment and Kivy Config for a headless kiosk window; call before importing kivy.core.window."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="kivy-home-"))
    from kivy.config import Config
    Config.set("graphics", "width", str(width))
    Config.set("graphics", "height", str(height))
    Config.set("graphics", "resizable", "1")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("kivy", "exit_on_escape", "0")


class Harness:
    def __init__(self, app):
        from kivy.base import EventLoop
        self.EventLoop = EventLoop
        EventLoop.ensure_window()
        self.window = EventLoop.window
        self.app = app

    def start(self) -> "Harness":
        self.app._run_prepare()
        self.pump(3)
        return self

    def stop(self) -> None:
        from kivy.app import App
        self.app.dispatch("on_stop")
        if self.app.root is not None and self.app.root.parent is not None:
            self.window.remove_widget(self.app.root)
        App._running_app = None
        self.pump(1)

    # -- frames --------------------------------------------------------------------------

    def pump(self, frames: int = 1) -> None:
        for _ in range(frames):
            self.EventLoop.idle()

    def wait_until(self, condition, timeout: float = 5.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            self.pump(1)
            time.sleep(0.002)

    def resize(self, width: int, height: int) -> None:
        self.window.size = (width, height)
        self.wait_until(lambda: tuple(self.window.size) == (width, height), 3, "window resize")
        self.pump(4)

    # -- widgets and taps ----------------------------------------------------------------

    def walk(self, widget=None):
        widget = widget or self.app.root
        yield widget
        for child in widget.children:
            yield from self.walk(child)

    def screen(self):
        return self.app.root.sm.current_screen

    def find(self, predicate, root=None):
        for widget in self.walk(root):
            if predicate(widget):
                return widget
        return None

    def button(self, text: str, root=None, exact: bool = False):
        """The visible button whose text equals or starts with `text` (current screen first)."""
        from kivy.uix.behaviors import ButtonBehavior

        def matches(widget):
            if not isinstance(widget, ButtonBehavior) or widget.disabled or widget.opacity == 0:
                return False
            label = getattr(widget, "text", "")
            return label == text if exact else label.startswith(text)

        found = self.find(matches, root or self.screen()) or self.find(matches, self.app.root)
        if found is None:
            raise AssertionError(f"no button {text!r} on screen {self.app.screen!r}")
        return found

    def settle(self) -> None:
        """Let a screen change finish: the ScreenManager ignores touches during a transition."""
        self.wait_until(lambda: not self.app.root.sm.transition.is_active, 2, "the screen transition")

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch
        self.settle()
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.pump(2)

    def tap_text(self, text: str, exact: bool = False) -> None:
        self.tap(self.button(text, exact=exact))

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch
        self.settle()
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        self.pump(2)

    def screenshot(self, path: str | Path) -> Path:
        """Save the current frame to exactly `path` (Kivy appends a counter; we rename)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.app.root.canvas.ask_update()
        self.pump(3)
        stem = path.with_suffix("")
        saved = self.window.screenshot(name=f"{stem}.png")
        Path(saved).replace(path)
        return path
