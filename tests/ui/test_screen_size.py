"""`main.py display` fills the screen with no window manager (Xvfb has none): the X window
is the size of the screen at (0, 0), not Kivy's default 800×600 in the middle."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from kiosk import PROJECT_ROOT
from tests.support import free_port

pytestmark = pytest.mark.skipif(not os.environ.get("DISPLAY") or not shutil.which("xwininfo"),
                                reason="needs an X display (xvfb-run) and xwininfo (x11-utils)")
TITLE = "Màn hình gọi số"


def display_windows() -> set[str]:
    tree = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True, timeout=10).stdout
    return {line.strip() for line in tree.splitlines() if f'"{TITLE}"' in line}


def root_size() -> tuple[int, int]:
    root = subprocess.run(["xwininfo", "-root"], capture_output=True, text=True, timeout=10).stdout
    return int(re.search(r"Width: (\d+)", root)[1]), int(re.search(r"Height: (\d+)", root)[1])


def test_the_kivy_display_fills_the_screen_without_a_window_manager(tmp_path):
    from kiosk.ui.screen_size import desktop_size
    assert desktop_size() == root_size()
    before = display_windows()
    env = {**os.environ, "KIVY_HOME": str(tmp_path), "KIVY_NO_CONSOLELOG": "1", "KIVY_NO_ARGS": "1"}
    process = subprocess.Popen([sys.executable, str(PROJECT_ROOT / "main.py"), "display", "--server",
                                f"http://127.0.0.1:{free_port()}"], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, new = time.monotonic() + 60, set()
        while not new and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.5)
            new = display_windows() - before
        assert new, "the display's window never appeared"
        width, height = root_size()
        geometry = re.search(r"(\d+)x(\d+)\+(-?\d+)\+(-?\d+)", new.pop())
        assert tuple(int(v) for v in geometry.groups()) == (width, height, 0, 0)
    finally:
        process.terminate()
        process.wait(timeout=20)
