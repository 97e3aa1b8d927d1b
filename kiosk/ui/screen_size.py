"""The size of the screen, asked of SDL before Kivy opens its window.

Kivy's `fullscreen: auto` keeps its default 800×600 X window when no window manager runs (a
TV started with only the display app), while drawing as if it had the whole screen, so the
board comes out cropped. Asking for a window the size of the screen at (0, 0) fills it with
or without a window manager."""
from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os

SDL_INIT_VIDEO = 0x20


class _DisplayMode(ctypes.Structure):
    _fields_ = [("format", ctypes.c_uint32), ("w", ctypes.c_int), ("h", ctypes.c_int),
                ("refresh_rate", ctypes.c_int), ("driverdata", ctypes.c_void_p)]


def _sdl_library() -> str | None:
    """The SDL2 Kivy's wheel bundles (the one its window uses), else the system's."""
    import kivy
    bundled = glob.glob(os.path.join(os.path.dirname(kivy.__file__), os.pardir, "Kivy.libs", "libSDL2-2*.so*"))
    return bundled[0] if bundled else ctypes.util.find_library("SDL2")


def desktop_size() -> tuple[int, int] | None:
    """(width, height) of the first screen, or None when SDL cannot tell (no display, no SDL2)."""
    path = _sdl_library()
    if not path:
        return None
    try:
        sdl = ctypes.CDLL(path)
        if sdl.SDL_InitSubSystem(SDL_INIT_VIDEO) != 0:
            return None
        mode = _DisplayMode()
        if sdl.SDL_GetDesktopDisplayMode(0, ctypes.byref(mode)) != 0 or mode.w <= 0 or mode.h <= 0:
            return None
        return mode.w, mode.h
    except (OSError, AttributeError):
        return None


def fill_the_screen(kivy_config) -> tuple[int, int] | None:
    """Kivy settings for a window covering the whole screen; must run before the window opens."""
    kivy_config.set("graphics", "fullscreen", "auto")
    size = desktop_size()
    if size:
        kivy_config.set("graphics", "width", str(size[0]))
        kivy_config.set("graphics", "height", str(size[1]))
        kivy_config.set("graphics", "position", "custom")
        kivy_config.set("graphics", "left", "0")
        kivy_config.set("graphics", "top", "0")
    return size
