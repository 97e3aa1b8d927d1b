"""Sizes and colours for elderly users, in one place (kv files import this as T).

Sizes are in pixels on the 1080x1920 / 1920x1080 kiosk screen. Every text/background pair
the UI uses is listed in CONTRAST_PAIRS and tested for a WCAG contrast of at least 7:1 (AAA).
"""
from __future__ import annotations

from kiosk import ASSETS

FONT_REGULAR = str(ASSETS / "fonts" / "NotoSans-Regular.ttf")
FONT_BOLD = str(ASSETS / "fonts" / "NotoSans-Bold.ttf")

# -- sizes (px) ---------------------------------------------------------------------------
SMALL = 28          # the smallest text anywhere
BODY = 32
BUTTON = 36
HEADING = 52
TITLE = 64          # the home greeting
NUMBER = 260        # the ticket number
TOUCH = 130         # minimum touch target height
KEY = 124           # on-screen keyboard key height
GAP = 20
PAD = 28
RADIUS = 18
MIN_BODY = 28
MIN_HEADING = 48
MIN_TOUCH = 120


def hex_rgba(value: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = value.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


# -- palette (hex) ------------------------------------------------------------------------
HEX = {
    "bg": "#F7F5EF",           # warm off-white, less glare than pure white
    "text": "#1B1B1B",
    "muted": "#3D3D3D",        # secondary text, still AAA on bg
    "primary": "#0A3A7A",      # dark blue buttons, white text
    "primary_pressed": "#062652",
    "go": "#0B5A28",           # the big "Lấy số thứ tự" button, white text
    "go_pressed": "#073D1B",
    "secondary": "#FFFFFF",    # light buttons with dark blue text and border
    "secondary_pressed": "#DCE5F2",
    "on_dark": "#FFFFFF",
    "header": "#0A3A7A",
    "notice_bg": "#FFF1C2",    # calm offline / printer notices
    "notice_text": "#3D2A00",
    "error_bg": "#FDE2E1",
    "error_text": "#6B0F0B",
    "number": "#0A3A7A",       # ticket number on bg
    "card": "#FFFFFF",
    "border": "#0A3A7A",
    "lang_active": "#FFFFFF",  # language chip selected: white chip, primary text
}

C = {name: hex_rgba(value) for name, value in HEX.items()}

BG = C["bg"]
TEXT = C["text"]
MUTED = C["muted"]
PRIMARY = C["primary"]
PRIMARY_PRESSED = C["primary_pressed"]
GO = C["go"]
GO_PRESSED = C["go_pressed"]
SECONDARY = C["secondary"]
SECONDARY_PRESSED = C["secondary_pressed"]
ON_DARK = C["on_dark"]
HEADER = C["header"]
NOTICE_BG = C["notice_bg"]
NOTICE_TEXT = C["notice_text"]
ERROR_BG = C["error_bg"]
ERROR_TEXT = C["error_text"]
NUMBER_COLOUR = C["number"]
CARD = C["card"]
BORDER = C["border"]

# (foreground, background) pairs that occur on screen.
CONTRAST_PAIRS = [
    ("text", "bg"), ("muted", "bg"), ("text", "card"), ("muted", "card"),
    ("on_dark", "primary"), ("on_dark", "primary_pressed"),
    ("on_dark", "go"), ("on_dark", "go_pressed"),
    ("primary", "secondary"), ("primary", "secondary_pressed"),
    ("on_dark", "header"), ("primary", "lang_active"),
    ("notice_text", "notice_bg"), ("error_text", "error_bg"),
    ("number", "bg"), ("number", "card"),
]


def relative_luminance(hex_value: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = hex_rgba(hex_value)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    a, b = relative_luminance(fg), relative_luminance(bg)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)
