"""Everything that differs between Debian (Ubuntu, Raspberry Pi OS) and Windows 10/11, in one
place: where config and data live, which speech engine and voice, which printer backends,
what starts the programs at boot, whether a folder can be fsynced.

`current()` reads sys.platform / os.name each call, so tests take either branch by
substituting them (monkeypatch); nothing else in the project asks which OS it is on.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

LINUX_CONFIG_DIR = Path("/etc/lobby-kiosk")
LINUX_DATA_DIR = Path("/var/lib/lobby-kiosk")
WINDOWS_VOICE = "Microsoft An"      # SAPI5's Vietnamese voice, from Windows' Vietnamese language pack


@dataclass(frozen=True)
class Platform:
    name: str                           # "linux" or "windows"
    config_dir: Path | PureWindowsPath
    data_dir: Path | PureWindowsPath
    speech_driver: str                  # pyttsx3's driver: espeak-ng or SAPI5
    speech_voice: str | None            # None: the config's espeak-ng voice
    audio_player: str                   # "aplay" (alsa-utils) or "winsound" (the standard library)
    printer_backends: tuple[str, ...]   # backends of config.yaml's printer section that work here
    service_manager: str                # "systemd" (main.py install) or "task-scheduler" (README, Windows)
    fsync_folders: bool                 # a folder can be opened and fsynced (not on Windows)

    @property
    def is_windows(self) -> bool:
        return self.name == "windows"


def current(environ=None) -> Platform:
    environ = os.environ if environ is None else environ
    if sys.platform.startswith("win") or os.name == "nt":
        root = PureWindowsPath(environ.get("PROGRAMDATA", r"C:\ProgramData")) / "LobbyKiosk"
        return Platform("windows", root, root / "data", "sapi5", WINDOWS_VOICE, "winsound",
                        ("usb", "serial", "network", "file", "dummy"), "task-scheduler", False)
    return Platform("linux", LINUX_CONFIG_DIR, LINUX_DATA_DIR, "espeak", None, "aplay",
                    ("usb", "serial", "network", "file", "cups", "dummy"), "systemd", True)


def windows_start_commands(role: str, python: str, main_py: str, server: str | None = None,
                           platform: Platform | None = None) -> list[str]:
    """What starts a role on Windows, as commands for an administrator's prompt: the server
    at boot as SYSTEM, the kiosk or display at the kiosk account's logon (Assigned Access or
    a shell replacement makes that account see nothing else: README, "Windows")."""
    platform = platform or current()
    config, data = platform.config_dir / "config.yaml", platform.data_dir
    if role == "server":
        program = [python, main_py, "serve", "--host", "0.0.0.0", "--config", str(config),
                   "--db", str(data / "centre.db")]
        schedule = ["/SC", "ONSTART", "/RU", "SYSTEM"]
    else:
        program = [python, main_py, role, "--locked", "--config", str(config)]
        program += ["--fullscreen", "--kiosk-db", str(data / "kiosk.db")] if role == "kiosk" else []
        program += ["--server", server] if server else []
        schedule = ["/SC", "ONLOGON", "/RL", "LIMITED"]
    task = ["schtasks", "/Create", "/F", "/TN", f"LobbyKiosk\\{role}", *schedule,
            "/TR", subprocess.list2cmdline(program)]
    return [f'mkdir "{data}"', subprocess.list2cmdline(task)]
