"""What a Kivy app sees of systemd when it runs as a service: the notify socket (READY=1,
WATCHDOG=1) and the credentials systemd hands over (device token, staff PIN).

The sd_notify protocol is one datagram on the AF_UNIX socket named by $NOTIFY_SOCKET
(a leading "@" means Linux's abstract namespace); this is it, behind one function, rather
than the `sdnotify` package (last released 2017).
"""
from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Protocol

DEFAULT_HEARTBEAT_SECONDS = 2.0


def sd_notify(state: str, socket_path: str | None = None) -> bool:
    """Send `state` ("READY=1", "WATCHDOG=1", ...) to the service manager; False when there is
    none (not under systemd) or it cannot be reached: the app runs on regardless."""
    path = socket_path if socket_path is not None else os.environ.get("NOTIFY_SOCKET")
    if not path:
        return False
    address = "\0" + path[1:] if path.startswith("@") else path
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(state.encode("utf-8"))
        return True
    except OSError:
        return False


class Notifier(Protocol):
    def notify(self, state: str) -> None: ...


class SocketNotifier:
    def __init__(self, socket_path: str):
        self.socket_path = socket_path

    def notify(self, state: str) -> None:
        sd_notify(state, self.socket_path)


class RecordingNotifier:
    """For tests: keeps every message instead of sending it."""

    def __init__(self):
        self.sent: list[str] = []

    def notify(self, state: str) -> None:
        self.sent.append(state)


def notifier_from_environment(environ=os.environ) -> SocketNotifier | None:
    path = environ.get("NOTIFY_SOCKET")
    return SocketNotifier(path) if path else None


def heartbeat_seconds(environ=os.environ) -> float:
    """Half of the unit's WatchdogSec ($WATCHDOG_USEC), as sd_watchdog_enabled(3) advises.
    $WATCHDOG_PID is not checked: the app is a child of the session script (NotifyAccess=all),
    never the unit's main process."""
    try:
        return max(0.5, int(environ["WATCHDOG_USEC"]) / 2_000_000)
    except (KeyError, ValueError):
        return DEFAULT_HEARTBEAT_SECONDS


def read_credential(name: str, environ=os.environ) -> str | None:
    """A file systemd's LoadCredential= put in $CREDENTIALS_DIRECTORY, stripped; None if absent."""
    folder = environ.get("CREDENTIALS_DIRECTORY")
    if not folder:
        return None
    try:
        return (Path(folder) / name).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
