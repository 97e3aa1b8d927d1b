"""What an install of one role consists of, computed from the role alone (and its options)."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.install import units
from kiosk.install.actions import Directory, EnableUnit, EnsurePackages, EnsureUser, File
from kiosk.install.layout import Layout, under

SERVER_PACKAGES = ["espeak-ng", "libespeak-ng1"]          # the server speaks the display's calls
# Xorg runs rootless (no xserver-xorg-legacy): it gets the screen and input devices from the
# logind session PAMName=login opens on tty1, hence libpam-systemd.
SESSION_PACKAGES = ["xserver-xorg-core", "xserver-xorg-input-libinput", "xinit", "x11-xserver-utils",
                    "matchbox-window-manager", "libpam-systemd", "dbus", "espeak-ng", "libespeak-ng1",
                    "alsa-utils", "libgl1", "libgl1-mesa-dri", "libegl1", "libmtdev1"]
SESSION_GROUPS = ["audio", "video", "input"]


@dataclass
class Options:
    server: str | None = None           # the kiosk's or display's server URL
    token: str | None = None            # its device token
    port: int = 8000                    # the server's
    config_source: Path | None = None   # the config.yaml to start from (default: the project's)


@dataclass
class Plan:
    role: str
    unit: str
    actions: list = field(default_factory=list)


def _config_text(layout: Layout, options: Options) -> str:
    """The source config, with the folders it leaves to the project (speech cache, speech
    output) moved to the data folder: the project's own folder is read-only to the service."""
    text = Path(options.config_source or layout.project / "config.yaml").read_text(encoding="utf-8")
    for key, folder in (("cache_dir", "cache/speech"), ("output_dir", "speech-out")):
        text = re.sub(rf'^(\s+{key}:\s*)""', rf'\g<1>"{layout.data_dir / folder}"', text, flags=re.M)
    return text


def _common(layout: Layout, role: str, options: Options) -> list:
    session = role != "server"
    return [
        EnsurePackages(SESSION_PACKAGES if session else SERVER_PACKAGES),
        EnsureUser(layout.user, layout.data_dir, SESSION_GROUPS if session else []),
        Directory(layout.etc_dir, 0o750, "root", layout.group),
        Directory(layout.manifest_dir, 0o700),
        Directory(layout.data_dir, 0o750, layout.user, layout.group),
        File(layout.config_file, 0o640, "root", layout.group, content=_config_text(layout, options),
             keep_existing=True),
    ]


def _credentials(layout: Layout, role: str, options: Options, root: Path | None) -> tuple[list, list[str]]:
    """Token and staff PIN: 0600 root:root on disk, given to the service by LoadCredential."""
    files, names = [], []
    token_file = layout.token_file(role)
    if options.token is not None:
        files.append(File(token_file, 0o600, content=options.token.strip() + "\n"))
    if options.token is not None or under(root, token_file).exists():
        names.append(token_file.name)
    if role != "server":
        pin = f"{secrets.randbelow(10**6):06d}"
        files.append(File(layout.staff_pin_file, 0o600, content=pin + "\n", keep_existing=True,
                          notice=f"staff escape PIN: {pin} (kept in {layout.staff_pin_file}; "
                                 f"hold the top-left corner 3 s, then type it)"))
        names.append(layout.staff_pin_file.name)
    return files, names


def build_plan(role: str, layout: Layout | None = None, options: Options | None = None,
               root: Path | None = None) -> Plan:
    layout, options = layout or Layout(), options or Options()
    actions = _common(layout, role, options)
    credential_files, credential_names = _credentials(layout, role, options, root)
    actions += credential_files
    if role == "server":
        unit_text = units.server_unit(layout, options.port)
    else:
        unit_text = units.session_unit(layout, role, options.server, credential_names)
        actions += [Directory(layout.xorg_conf.parent, 0o755),
                    File(layout.xorg_conf, 0o644, content=units.XORG_CONF),
                    File(layout.kbdconfig, 0o644, content=units.KBDCONFIG),
                    EnableUnit(f"getty@{layout.tty}.service", enabled=False)]
    actions += [File(layout.unit_path(role), 0o644, content=unit_text, unit=True),
                EnableUnit(layout.unit_name(role))]
    return Plan(role, layout.unit_name(role), actions)
