"""The locked-down kiosk: closing is refused; only a long press on the top-left corner and
the staff PIN end it (with the status the unit does not restart)."""
from __future__ import annotations

import time

import pytest
from kivy.tests.common import UnitTestTouch

from kiosk.install.layout import STAFF_EXIT_STATUS
from kiosk.ui.lockdown import StaffEscape


@pytest.fixture
def locked(kiosk):
    harness, _app = kiosk()
    escapes = []
    escape = StaffEscape("246810", hold_seconds=0.3, on_escape=lambda: escapes.append(True)).attach(harness.window)
    yield harness, escape, escapes
    if escape.pad:
        escape.pad.dismiss()
    escape.detach()


def hold(x, y):
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    return touch


def open_pad_by_holding_the_corner(harness, escape) -> None:
    touch = hold(20, harness.window.height - 20)
    harness.wait_until(lambda: escape.pad is not None, 5, "the PIN pad")
    touch.touch_up()
    harness.pump(3)


def pump_for(harness, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        harness.pump(1)


def type_pin(harness, pad, digits: str) -> None:
    for digit in digits:
        harness.tap(harness.button(digit, root=pad, exact=True), frames=1)
    harness.pump(2)


def test_closing_the_window_is_refused(locked):
    harness, _escape, _ = locked
    assert harness.window.dispatch("on_request_close") is True


def test_a_short_tap_on_the_corner_or_a_long_press_elsewhere_opens_nothing(locked):
    harness, escape, _ = locked
    height = harness.window.height
    harness.tap_at(20, height - 20)                          # a citizen's tap
    touch = hold(540, height / 2)                            # a long press in the middle
    pump_for(harness, 0.6)
    touch.touch_up()
    assert escape.pad is None


def test_long_press_on_the_corner_then_the_right_pin_ends_the_app(locked):
    harness, escape, escapes = locked
    open_pad_by_holding_the_corner(harness, escape)
    type_pin(harness, escape.pad, "111111")
    assert escapes == [] and escape.pad.label.text == "Mã PIN không đúng"
    type_pin(harness, escape.pad, "246810")
    assert escapes == [True] and escape.exit_status(0) == STAFF_EXIT_STATUS


def test_three_wrong_pins_close_the_pad_and_the_app_goes_on(locked):
    harness, escape, escapes = locked
    open_pad_by_holding_the_corner(harness, escape)
    pad = escape.pad
    for _ in range(3):
        type_pin(harness, pad, "000000")
    harness.wait_until(lambda: escape.pad is None, 3, "the pad to close")
    assert escapes == [] and escape.exit_status(0) == 0


def test_without_a_pin_there_is_no_escape(kiosk):
    harness, _app = kiosk()
    escape = StaffEscape(None, hold_seconds=0.1).attach(harness.window)
    try:
        touch = hold(20, harness.window.height - 20)
        pump_for(harness, 0.4)
        touch.touch_up()
        assert escape.pad is None
    finally:
        escape.detach()
