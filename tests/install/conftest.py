"""An install into a temporary root (--prefix), with the recording stand-in for the machine."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.install import executor
from kiosk.install.actions import Context
from kiosk.install.layout import Layout
from kiosk.install.plan import Options, build_plan
from kiosk.install.system import RecordingSystem


class Machine:
    """A --prefix root; every call starts a fresh RecordingSystem, as a new `main.py install` would."""

    def __init__(self, root: Path):
        self.root, self.layout = root, Layout()

    @property
    def system(self) -> RecordingSystem:
        return RecordingSystem(self.root / ".lobby-kiosk-system.json")

    def context(self) -> Context:
        return Context(self.system, self.root)

    def install(self, role: str, dry_run: bool = False, **options) -> list[str]:
        plan = build_plan(role, self.layout, Options(**options), self.root)
        return executor.install(plan, self.context(), self.layout, dry_run=dry_run)

    def uninstall(self, role: str, purge: bool = False, dry_run: bool = False) -> list[str]:
        return executor.uninstall(role, self.context(), self.layout, purge=purge, dry_run=dry_run)

    def path(self, path: str) -> Path:
        return self.root / path.lstrip("/")

    def mode(self, path: str) -> int:
        return self.path(path).stat().st_mode & 0o7777

    def owner(self, path: str) -> tuple[str, str]:
        return self.system.owner(self.path(path))

    def tree(self) -> set[str]:
        return {"/" + str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.name != ".lobby-kiosk-system.json"}

    def unit(self, role: str) -> dict[str, dict[str, list[str]]]:
        return parse_unit(self.path(f"/etc/systemd/system/lobby-kiosk-{role}.service").read_text())


def parse_unit(text: str) -> dict[str, dict[str, list[str]]]:
    """Section -> key -> every value (keys such as LoadCredential= repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            current.setdefault(key, []).append(value)
    return sections


@pytest.fixture
def machine(tmp_path) -> Machine:
    return Machine(tmp_path / "root")

