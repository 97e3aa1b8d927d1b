"""kiosk/install/session.sh with xinit, xset and the window manager replaced by recording
stand-ins (no X server on a tty here): what it starts, and the staff escape's status 75
passed through xinit (which always exits 0) to systemd."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiosk.install.layout import STAFF_EXIT_STATUS, Layout

XINIT = """#!{python}
import subprocess, sys
argv = sys.argv[1:]
split = argv.index("--")
open("{log}", "a").write("xinit server: " + " ".join(argv[split + 1:]) + "\\n")
subprocess.run(argv[:split])
"""
RECORDER = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
"""


@pytest.fixture
def stand_ins(tmp_path):
    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    bin_dir.mkdir()
    for name, text in (("xinit", XINIT), ("xset", RECORDER), ("matchbox-window-manager", RECORDER)):
        (bin_dir / name).write_text(text.format(python=sys.executable, log=log))
        (bin_dir / name).chmod(0o755)
    runtime = tmp_path / "run"
    runtime.mkdir()
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "RUNTIME_DIRECTORY": str(runtime)}
    return env, log


def session(env, app_status: int) -> int:
    command = [str(Layout().session_script), "--kbdconfig", "/etc/lobby-kiosk/matchbox-kbdconfig",
               sys.executable, "-c", f"import sys; sys.exit({app_status})"]
    return subprocess.run(command, env=env, timeout=30).returncode


def test_the_session_starts_a_bare_x_without_blanking_and_a_wm_without_key_bindings(stand_ins):
    env, log = stand_ins
    session(env, 0)
    lines = log.read_text().splitlines()
    assert lines[0] == "xinit server: /usr/bin/X :0 vt1 -keeptty -nolisten tcp -nocursor -s 0 -dpms -novtswitch"
    assert "xset s off s noblank -dpms" in lines
    assert "matchbox-window-manager -use_titlebar no -use_cursor no -kbdconfig /etc/lobby-kiosk/matchbox-kbdconfig" \
        in lines


def test_an_app_that_ends_or_is_killed_ends_the_session_for_systemd_to_restart(stand_ins):
    env, _log = stand_ins
    assert session(env, 0) == 1
    assert session(env, -9 % 256) == 1


def test_the_staff_escape_status_reaches_systemd_through_xinit(stand_ins):
    env, _log = stand_ins
    assert session(env, STAFF_EXIT_STATUS) == STAFF_EXIT_STATUS
    assert session(env, 0) == 1                     # the marker does not outlive its session
