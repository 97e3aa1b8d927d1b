"""The machine-changing operations: the real ones asked only questions here, the recording
stand-in remembering across runs like a machine would."""
from __future__ import annotations

import os

from kiosk.install.system import RealSystem, RecordingSystem


def test_real_system_answers_from_this_machine(tmp_path):
    real = RealSystem()
    assert real.user_exists("root") and not real.user_exists("no-such-user-lobby")
    assert real.missing_packages(["dpkg", "no-such-package-lobby"]) == ["no-such-package-lobby"]
    assert real.existing_groups(["root", "no-such-group-lobby"]) == ["root"]
    (tmp_path / "f").write_text("x")
    assert real.owner(tmp_path / "f")[0] == __import__("pwd").getpwuid(os.getuid()).pw_name


def test_recording_system_changes_nothing_and_remembers_across_runs(tmp_path):
    state = tmp_path / "state.json"
    first = RecordingSystem(state)
    first.add_user("lobby-kiosk", tmp_path, ["audio"])
    first.systemctl("enable", "x.service")
    first.chown(tmp_path, "lobby-kiosk", "lobby-kiosk")
    assert first.calls == [["useradd", "lobby-kiosk"], ["systemctl", "enable", "x.service"],
                           ["chown", "lobby-kiosk:lobby-kiosk", str(tmp_path)]]
    again = RecordingSystem(state)
    assert again.user_exists("lobby-kiosk") and again.user_groups("lobby-kiosk") == {"audio"}
    assert again.is_enabled("x.service") and again.owner(tmp_path) == ("lobby-kiosk", "lobby-kiosk")
    assert again.is_enabled("getty@tty1.service")                    # as on a fresh Debian
