"""A keyboard-wedge scanner is told apart from typing by timing (kiosk/ui/scanner.py)."""
from kiosk.ui.scanner import KivyKeyboardScanner, RecordingScanner, WedgeDecoder


class Ticks:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def feed(decoder, ticks, text, gap):
    for char in text:
        ticks.t += gap
        decoder.char(char)
    ticks.t += gap
    return decoder.enter()


def test_fast_keystrokes_ending_in_enter_are_a_scan():
    ticks = Ticks()
    decoder = WedgeDecoder(now=ticks)
    assert feed(decoder, ticks, "http://x/dat-lich/K7M4PQ", 0.004) == "http://x/dat-lich/K7M4PQ"


def test_typing_by_hand_is_not_a_scan():
    ticks = Ticks()
    decoder = WedgeDecoder(now=ticks)
    assert feed(decoder, ticks, "K7M4PQ", 0.15) is None


def test_a_pause_starts_over_and_short_bursts_are_not_scans():
    ticks = Ticks()
    decoder = WedgeDecoder(now=ticks)
    for char in "abc":                      # typed slowly first
        ticks.t += 0.3
        decoder.char(char)
    ticks.t += 0.3
    assert feed(decoder, ticks, "K7M4PQ", 0.003) == "K7M4PQ"
    assert feed(decoder, ticks, "K7M", 0.003) is None
    ticks.t += 1
    assert decoder.enter() is None          # Enter alone


def test_the_kivy_scanner_hears_the_window_keyboard_on_any_screen():
    from kivy.core.window import Window
    ticks = Ticks()
    scans = []
    scanner = KivyKeyboardScanner(now=ticks)
    scanner.start(scans.append)
    try:
        for char in "K7M4PQ":
            ticks.t += 0.005
            Window.dispatch("on_textinput", char)
        Window.dispatch("on_key_down", 13, 40, None, [])
        for char in "ABCDEF":
            ticks.t += 0.2
            Window.dispatch("on_textinput", char)
        Window.dispatch("on_key_down", 13, 40, None, [])
    finally:
        scanner.stop()
    Window.dispatch("on_textinput", "Z")     # stopped: no longer listening
    assert scans == ["K7M4PQ"]


def test_the_recording_scanner_delivers_and_records():
    scans = []
    dummy = RecordingScanner()
    dummy.start(scans.append)
    dummy.scan("K7M4PQ")
    dummy.stop()
    dummy.scan("ignored")
    assert scans == ["K7M4PQ"] and dummy.calls == ["start", "scan", "stop", "scan"]
