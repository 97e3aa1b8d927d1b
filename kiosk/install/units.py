"""The systemd unit of each role, as text.

Server: a hardened service on the LAN, restarted on failure, started at boot.
Kiosk and display: the whole graphical session (session.sh: bare X, no window decorations,
the app full screen) on tty1 with no desktop, restarted always within a second, and a
watchdog: the Kivy UI loop sends WATCHDOG=1 (kiosk/ui/heartbeat.py); when it stops,
systemd kills the session and starts it again.
"""
from __future__ import annotations

import shlex

from kiosk.install.layout import STAFF_EXIT_STATUS, Layout

WATCHDOG_SECONDS = 10

SERVER_HARDENING = """\
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths={data}
ProtectHome=read-only
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native
CapabilityBoundingSet=
UMask=0027"""


def _command(*parts) -> str:
    return " ".join(shlex.quote(str(part)) for part in parts)


def server_unit(layout: Layout, port: int = 8000) -> str:
    command = _command(layout.python, layout.main_py, "serve", "--host", "0.0.0.0", "--port", port,
                       "--config", layout.config_file, "--db", layout.data_dir / "centre.db")
    return f"""\
# Made by `main.py install --role server`; a re-run rewrites it.
[Unit]
Description=Lobby kiosk local server (queue, staff console, display, admin)
Documentation=file://{layout.project}/README.md
Wants=network-online.target
After=network-online.target

[Service]
Type=exec
User={layout.user}
Group={layout.group}
WorkingDirectory={layout.data_dir}
ExecStart={command}
Restart=on-failure
RestartSec=2
LimitNOFILE=8192
{SERVER_HARDENING.format(data=layout.data_dir)}

[Install]
WantedBy=multi-user.target
"""


def app_command(layout: Layout, role: str, server: str | None) -> list[str]:
    """The Kivy app's own command line inside the session."""
    command = [str(layout.python), str(layout.main_py), role, "--locked", "--config", str(layout.config_file)]
    if role == "kiosk":
        command += ["--fullscreen", "--kiosk-db", str(layout.data_dir / "kiosk.db")]
    return command + (["--server", server] if server else [])


def session_unit(layout: Layout, role: str, server: str | None, credentials: list[str]) -> str:
    """`credentials`: names of files in the config dir handed to the app by systemd
    (LoadCredential: readable by root only on disk, by the service alone at run time)."""
    tty = layout.tty
    loads = "".join(f"LoadCredential={name}:{layout.etc_dir / name}\n" for name in credentials)
    what = "citizen kiosk" if role == "kiosk" else "lobby display"
    return f"""\
# Made by `main.py install --role {role}`; a re-run rewrites it.
[Unit]
Description=Lobby kiosk {what}, full screen on {tty} with no desktop
Documentation=file://{layout.project}/README.md
After=systemd-user-sessions.service systemd-logind.service getty@{tty}.service network-online.target
Wants=systemd-logind.service network-online.target
Conflicts=getty@{tty}.service
ConditionPathExists=/dev/{tty}
StartLimitIntervalSec=0

[Service]
Type=notify
NotifyAccess=all
WatchdogSec={WATCHDOG_SECONDS}
TimeoutStartSec=90
User={layout.user}
Group={layout.group}
SupplementaryGroups=audio video input
PAMName=login
TTYPath=/dev/{tty}
TTYReset=yes
TTYVHangup=yes
StandardInput=tty
StandardOutput=journal
StandardError=journal
UtmpIdentifier={tty}
UtmpMode=user
WorkingDirectory={layout.data_dir}
RuntimeDirectory=lobby-kiosk-{role}
Environment=KIVY_NO_ARGS=1 KIVY_HOME={layout.data_dir / ".kivy"} HOME={layout.data_dir}
{loads}ExecStart={_command(layout.session_script, "--kbdconfig", layout.kbdconfig, *app_command(layout, role, server))}
Restart=always
RestartSec=1
RestartPreventExitStatus={STAFF_EXIT_STATUS}
ExecStopPost=+/bin/sh -c 'if [ "$EXIT_STATUS" = {STAFF_EXIT_STATUS} ]; then systemctl --no-block start getty@{tty}.service; fi'
NoNewPrivileges=yes
ProtectSystem=full
ProtectHome=read-only
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
"""


XORG_CONF = """\
# Made by `main.py install` for the kiosk and display roles: the screen never blanks or
# sleeps, and no key combination kills X or switches to a text console.
Section "ServerFlags"
    Option "BlankTime" "0"
    Option "StandbyTime" "0"
    Option "SuspendTime" "0"
    Option "OffTime" "0"
    Option "DontVTSwitch" "true"
    Option "DontZap" "true"
EndSection
"""

# matchbox-window-manager's key bindings: none. Its default /etc/matchbox/kbdconfig binds
# Alt+C to close the window and Ctrl+Alt+X to open a terminal.
KBDCONFIG = "# Made by `main.py install`: no window-manager key bindings on a kiosk.\n"
