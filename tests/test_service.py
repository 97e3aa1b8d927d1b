"""kiosk/service.py: the sd_notify protocol on real sockets, the watchdog interval, credentials."""
from __future__ import annotations

import os
import socket

from kiosk.service import (SocketNotifier, heartbeat_seconds, notifier_from_environment, read_credential,
                           sd_notify)


def test_sd_notify_sends_one_datagram_to_a_socket_path(tmp_path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(tmp_path / "notify"))
        sock.settimeout(5)
        assert sd_notify("READY=1\nSTATUS=ok", str(tmp_path / "notify")) is True
        assert sock.recv(4096) == b"READY=1\nSTATUS=ok"


def test_sd_notify_reaches_an_abstract_socket_as_systemd_names_them():
    name = f"lobby-kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        sock.settimeout(5)
        SocketNotifier("@" + name).notify("WATCHDOG=1")
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_without_a_service_manager_nothing_is_sent_and_nothing_breaks(tmp_path, monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert sd_notify("READY=1") is False
    assert notifier_from_environment({}) is None
    assert sd_notify("READY=1", str(tmp_path / "nobody-listens")) is False


def test_heartbeat_is_half_the_watchdog_timeout():
    assert heartbeat_seconds({"WATCHDOG_USEC": "10000000"}) == 5.0
    assert heartbeat_seconds({"WATCHDOG_USEC": "junk"}) == 2.0
    assert heartbeat_seconds({}) == 2.0


def test_credentials_come_from_the_directory_systemd_names(tmp_path):
    (tmp_path / "kiosk.token").write_text("secret-token\n")
    env = {"CREDENTIALS_DIRECTORY": str(tmp_path)}
    assert read_credential("kiosk.token", env) == "secret-token"
    assert read_credential("staff-pin", env) is None
    assert read_credential("kiosk.token", {}) is None
