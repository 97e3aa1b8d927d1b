"""Where an installed centre keeps things: names and absolute paths on the target machine."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.platform import LINUX_CONFIG_DIR, LINUX_DATA_DIR

ROLES = ("server", "kiosk", "display")
STAFF_EXIT_STATUS = 75      # the app's exit status after the staff escape: systemd does not restart it


@dataclass(frozen=True)
class Layout:
    user: str = "lobby-kiosk"
    etc_dir: Path = LINUX_CONFIG_DIR
    data_dir: Path = LINUX_DATA_DIR
    unit_dir: Path = Path("/etc/systemd/system")
    xorg_conf: Path = Path("/etc/X11/xorg.conf.d/50-lobby-kiosk.conf")
    project: Path = PROJECT_ROOT
    python: Path = field(default_factory=lambda: Path(sys.executable))
    tty: str = "tty1"

    @property
    def group(self) -> str:
        return self.user

    @property
    def config_file(self) -> Path:
        return self.etc_dir / "config.yaml"

    @property
    def manifest_dir(self) -> Path:
        return self.etc_dir / "installed"

    def manifest(self, role: str) -> Path:
        return self.manifest_dir / f"{role}.json"

    def token_file(self, role: str) -> Path:
        return self.etc_dir / f"{role}.token"

    @property
    def staff_pin_file(self) -> Path:
        return self.etc_dir / "staff-pin"

    @property
    def kbdconfig(self) -> Path:
        return self.etc_dir / "matchbox-kbdconfig"

    @property
    def session_script(self) -> Path:
        return self.project / "kiosk" / "install" / "session.sh"

    @property
    def main_py(self) -> Path:
        return self.project / "main.py"

    def unit_name(self, role: str) -> str:
        return f"lobby-kiosk-{role}.service"

    def unit_path(self, role: str) -> Path:
        return self.unit_dir / self.unit_name(role)


def under(root: Path | None, path: Path) -> Path:
    """`path` of the target machine as seen from here: itself, or inside the --prefix root."""
    return Path(root) / path.relative_to("/") if root else path
