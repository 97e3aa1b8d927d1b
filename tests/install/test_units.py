"""The generated units: systemd-analyze verify accepts them, and they say what the roles need.
The server unit's command also runs, as systemd would start it, against the installed files."""
from __future__ import annotations

import os
import shlex
import subprocess

import pytest
import requests

from kiosk.commands.serve import wait_until_serving
from tests.support import free_port


@pytest.mark.parametrize("role", ["server", "kiosk", "display"])
def test_generated_units_pass_systemd_analyze_verify(machine, role):
    machine.install(role, server="http://192.168.1.10:8000" if role != "server" else None,
                    token="tok" if role != "server" else None)
    unit = machine.path(f"/etc/systemd/system/lobby-kiosk-{role}.service")
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr   # warnings count as failures


def test_server_unit_listens_on_the_lan_restarts_on_failure_starts_at_boot_hardened(machine):
    machine.install("server", port=8080)
    unit = machine.unit("server")
    service = {key: values[-1] for key, values in unit["Service"].items()}
    command = shlex.split(service["ExecStart"])
    assert command[2:] == ["serve", "--host", "0.0.0.0", "--port", "8080", "--config",
                           "/etc/lobby-kiosk/config.yaml", "--db", "/var/lib/lobby-kiosk/centre.db"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]
    assert (service["Restart"], service["User"], service["Group"]) == ("on-failure", "lobby-kiosk", "lobby-kiosk")
    assert service["NoNewPrivileges"] == service["PrivateTmp"] == service["PrivateDevices"] == "yes"
    assert (service["ProtectSystem"], service["ReadWritePaths"]) == ("strict", "/var/lib/lobby-kiosk")
    assert service["CapabilityBoundingSet"] == ""


def test_kiosk_unit_boots_into_the_locked_app_restarts_within_seconds_and_has_a_watchdog(machine):
    machine.install("kiosk", server="http://192.168.1.10:8000", token="tok")
    unit = machine.unit("kiosk")
    service = {key: values[-1] for key, values in unit["Service"].items()}
    assert (service["Type"], service["NotifyAccess"], int(service["WatchdogSec"])) == ("notify", "all", 10)
    assert service["Restart"] == "always" and float(service["RestartSec"]) <= 1
    assert unit["Unit"]["StartLimitIntervalSec"] == ["0"]                # restarts are never rate-limited away
    assert service["RestartPreventExitStatus"] == "75"                  # the staff escape
    assert unit["Service"]["LoadCredential"] == ["kiosk.token:/etc/lobby-kiosk/kiosk.token",
                                                 "staff-pin:/etc/lobby-kiosk/staff-pin"]
    assert (service["TTYPath"], unit["Unit"]["Conflicts"]) == ("/dev/tty1", ["getty@tty1.service"])
    command = shlex.split(service["ExecStart"])
    assert command[0].endswith("kiosk/install/session.sh") and os.access(command[0], os.X_OK)
    assert command[5:] == ["kiosk", "--locked", "--config", "/etc/lobby-kiosk/config.yaml", "--fullscreen",
                           "--kiosk-db", "/var/lib/lobby-kiosk/kiosk.db", "--server", "http://192.168.1.10:8000"]


@pytest.mark.slow
def test_the_server_units_command_serves_from_the_installed_config_and_data_dir(machine):
    """ExecStart= as systemd would run it (its working directory, a bare environment), with
    the unit's /etc and /var/lib paths mapped into the prefix and 127.0.0.1 for 0.0.0.0:
    not under systemd itself (this machine's PID 1 is not systemd), and not as lobby-kiosk."""
    port = free_port()
    machine.install("server", port=port)
    service = machine.unit("server")["Service"]
    mapped = service["ExecStart"][0].replace("/etc/lobby-kiosk", str(machine.path("/etc/lobby-kiosk"))) \
        .replace("/var/lib/lobby-kiosk", str(machine.path("/var/lib/lobby-kiosk"))).replace("0.0.0.0", "127.0.0.1")
    environment = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
                   "HOME": str(machine.path("/var/lib/lobby-kiosk"))}
    server = subprocess.Popen(shlex.split(mapped), cwd=machine.path(service["WorkingDirectory"][0]),
                              env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_until_serving(f"http://127.0.0.1:{port}", server, 30) == "up", server.stderr.read()
        assert requests.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json()["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert machine.path("/var/lib/lobby-kiosk/centre.db").exists()
