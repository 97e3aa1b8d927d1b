"""kiosk/platform.py: both branches, Debian and Windows, taken by substituting sys.platform
and os.name, with the parts of the project that ask it."""
from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

import pytest

from kiosk import platform
from kiosk.cli import main


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", r"D:\ProgramData")


def test_debian_branch():
    here = platform.current()
    assert (here.name, here.config_dir, here.data_dir) == ("linux", Path("/etc/lobby-kiosk"), Path("/var/lib/lobby-kiosk"))
    assert (here.speech_driver, here.speech_voice, here.audio_player) == ("espeak", None, "aplay")
    assert "cups" in here.printer_backends and here.service_manager == "systemd" and here.fsync_folders


def test_windows_branch(windows):
    here = platform.current()
    assert here.is_windows and here.config_dir == PureWindowsPath(r"D:\ProgramData\LobbyKiosk")
    assert here.data_dir == PureWindowsPath(r"D:\ProgramData\LobbyKiosk\data")
    assert (here.speech_driver, here.speech_voice, here.audio_player) == ("sapi5", "Microsoft An", "winsound")
    assert "usb" in here.printer_backends and "cups" not in here.printer_backends
    assert here.service_manager == "task-scheduler" and not here.fsync_folders


def test_os_name_nt_alone_is_windows_too(monkeypatch):
    monkeypatch.setattr(os, "name", "nt")
    assert platform.current({}).name == "windows"


def test_on_windows_the_speaker_is_sapi5_and_says_why_it_is_silent_without_it(windows):
    from kiosk.config import Speech
    from kiosk.speech import make_speaker
    speaker = make_speaker(Speech())
    try:
        assert speaker.problem.startswith("SAPI5 cannot start")           # no SAPI5 on this Linux machine
    finally:
        speaker.stop()


def test_on_windows_cups_is_refused_with_the_usb_backend_named(windows):
    from printers.backends import BackendError, open_backend
    with pytest.raises(BackendError, match="cups printer backend does not work on windows.*usb"):
        open_backend("cups", {"printer_name": "x"})


def test_folders_are_fsynced_on_debian_only(monkeypatch, tmp_path):
    from kiosk.store.backup import fsync_folder
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, flags: opened.append(path) or real_open(path, flags))
    fsync_folder(tmp_path)
    monkeypatch.setattr(sys, "platform", "win32")
    fsync_folder(tmp_path)
    assert opened == [tmp_path]


def test_install_on_windows_prints_the_scheduled_task_and_changes_nothing(windows, capsys, tmp_path):
    assert main(["install", "--role", "kiosk", "--server", "http://192.168.1.10:8000"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Windows: main.py install không thay đổi gì ở đây")
    assert out[1] == r'  mkdir "D:\ProgramData\LobbyKiosk\data"'
    assert out[2].startswith(r"  schtasks /Create /F /TN LobbyKiosk\kiosk /SC ONLOGON /RL LIMITED /TR ")
    assert r"kiosk --locked --config D:\ProgramData\LobbyKiosk\config.yaml --fullscreen" in out[2]
    assert "--server http://192.168.1.10:8000" in out[2]


def test_windows_server_task_runs_at_boot_as_system_on_the_lan(windows):
    task = platform.windows_start_commands("server", r"C:\Program Files\LobbyKiosk\python.exe", r"C:\LK\main.py")[1]
    assert r"/TN LobbyKiosk\server /SC ONSTART /RU SYSTEM" in task
    assert r'/TR "\"C:\Program Files\LobbyKiosk\python.exe\" C:\LK\main.py serve --host 0.0.0.0' in task
