"""A USB barcode/QR scanner in keyboard mode ("keyboard wedge"): it types what it read, fast,
and ends with Enter. Scans are told apart from someone typing by timing: every keystroke of
a scan follows the previous one within `max_gap` seconds (scanners: a few ms; people: 100 ms
and more), and a scan is at least `min_length` characters. Works on every screen: it listens
to the window, not to a text field.

`Scanner` is the interface; `KivyKeyboardScanner` the real one (Kivy's window keyboard
events), `RecordingScanner` the dummy for tests. Scanned text is handed on and never kept
or logged here (a citizen ID card's QR code holds personal data).
"""
from __future__ import annotations

import time
from typing import Callable, Protocol

ENTER_KEYS = (13, 271)          # Return, keypad Enter (Kivy key codes)
MAX_GAP_SECONDS = 0.05
MIN_LENGTH = 6


class Scanner(Protocol):
    def start(self, on_scan: Callable[[str], None]) -> None: ...
    def stop(self) -> None: ...


class WedgeDecoder:
    """The timing rule, without Kivy: feed characters and Enter; Enter returns the scan or None."""

    def __init__(self, max_gap: float = MAX_GAP_SECONDS, min_length: int = MIN_LENGTH,
                 now: Callable[[], float] = time.monotonic):
        self.max_gap, self.min_length, self.now = max_gap, min_length, now
        self._chars: list[str] = []
        self._last = -1e9

    def char(self, text: str) -> None:
        at = self.now()
        if at - self._last > self.max_gap:
            self._chars = []             # a pause: what came before was typed by hand
        self._chars.append(text)
        self._last = at

    def enter(self) -> str | None:
        fast = self.now() - self._last <= self.max_gap
        scanned = "".join(self._chars)
        self._chars, self._last = [], -1e9
        return scanned if fast and len(scanned) >= self.min_length else None


class KivyKeyboardScanner:
    """Listens to the Kivy window's text and Enter key events."""

    def __init__(self, now: Callable[[], float] = time.monotonic, max_gap: float = MAX_GAP_SECONDS,
                 min_length: int = MIN_LENGTH):
        self.decoder = WedgeDecoder(max_gap, min_length, now)
        self.on_scan: Callable[[str], None] | None = None

    def start(self, on_scan: Callable[[str], None]) -> None:
        from kivy.core.window import Window
        self.on_scan = on_scan
        Window.bind(on_textinput=self._text, on_key_down=self._key)

    def stop(self) -> None:
        from kivy.core.window import Window
        Window.unbind(on_textinput=self._text, on_key_down=self._key)
        self.on_scan = None

    def _text(self, _window, text: str) -> None:
        for char in text:
            self.decoder.char(char)

    def _key(self, _window, key: int, *_args) -> bool:
        if key not in ENTER_KEYS:
            return False
        scanned = self.decoder.enter()
        if scanned and self.on_scan:
            self.on_scan(scanned)
            return True
        return False


class RecordingScanner:
    """The dummy: records start/stop; `scan(text)` delivers a scan as the real one would."""

    def __init__(self):
        self.on_scan: Callable[[str], None] | None = None
        self.calls: list[str] = []

    def start(self, on_scan: Callable[[str], None]) -> None:
        self.on_scan = on_scan
        self.calls.append("start")

    def stop(self) -> None:
        self.on_scan = None
        self.calls.append("stop")

    def scan(self, text: str) -> None:
        self.calls.append("scan")
        if self.on_scan:
            self.on_scan(text)
