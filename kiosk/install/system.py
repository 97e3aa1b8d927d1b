"""The operations that change the machine itself: accounts, Debian packages, ownership, systemd.

RealSystem does them (as root, on the target machine). RecordingSystem, used under --prefix
and in tests, does none: it writes what it would have done to a JSON file inside the prefix
and answers later questions from it, so a prefix behaves like a machine across runs.
"""
from __future__ import annotations

import grp
import json
import os
import pwd
import subprocess
from pathlib import Path
from typing import Protocol


class System(Protocol):
    def user_exists(self, name: str) -> bool: ...
    def user_groups(self, name: str) -> set[str]: ...
    def existing_groups(self, names: list[str]) -> list[str]: ...
    def add_user(self, name: str, home: Path, groups: list[str]) -> None: ...
    def add_groups(self, name: str, groups: list[str]) -> None: ...
    def remove_user(self, name: str) -> None: ...
    def missing_packages(self, names: list[str]) -> list[str]: ...
    def install_packages(self, names: list[str]) -> None: ...
    def owner(self, path: Path) -> tuple[str, str]: ...
    def chown(self, path: Path, user: str, group: str) -> None: ...
    def is_enabled(self, unit: str) -> bool: ...
    def systemctl(self, *args: str) -> None: ...


def _run(*command: str) -> None:
    subprocess.run(command, check=True)


class RealSystem:
    def user_exists(self, name: str) -> bool:
        try:
            pwd.getpwnam(name)
            return True
        except KeyError:
            return False

    def user_groups(self, name: str) -> set[str]:
        return {g.gr_name for g in grp.getgrall() if name in g.gr_mem}

    def existing_groups(self, names: list[str]) -> list[str]:
        found = []
        for name in names:
            try:
                grp.getgrnam(name)
                found.append(name)
            except KeyError:
                pass
        return found

    def add_user(self, name: str, home: Path, groups: list[str]) -> None:
        command = ["useradd", "--system", "--user-group", "--home-dir", str(home), "--no-create-home",
                   "--shell", "/usr/sbin/nologin", "--comment", "Lobby kiosk service"]
        _run(*command, *(["--groups", ",".join(groups)] if groups else []), name)

    def add_groups(self, name: str, groups: list[str]) -> None:
        _run("usermod", "--append", "--groups", ",".join(groups), name)

    def remove_user(self, name: str) -> None:
        _run("userdel", name)

    def missing_packages(self, names: list[str]) -> list[str]:
        missing = []
        for name in names:
            done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
            if "install ok installed" not in done.stdout:
                missing.append(name)
        return missing

    def install_packages(self, names: list[str]) -> None:
        _run("apt-get", "update", "-q")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *names], check=True, env=env)

    def owner(self, path: Path) -> tuple[str, str]:
        info = path.stat()
        return pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name

    def chown(self, path: Path, user: str, group: str) -> None:
        os.chown(path, pwd.getpwnam(user).pw_uid, grp.getgrnam(group).gr_gid)

    def is_enabled(self, unit: str) -> bool:
        done = subprocess.run(["systemctl", "is-enabled", "--quiet", unit])
        return done.returncode == 0

    def systemctl(self, *args: str) -> None:
        _run("systemctl", *args)


class RecordingSystem:
    """Does nothing to the machine; remembers in `state_file` what it was asked to do."""

    def __init__(self, state_file: Path, groups_present: tuple[str, ...] = ("audio", "video", "input")):
        self.state_file = Path(state_file)
        self.groups_present = groups_present
        saved = json.loads(self.state_file.read_text()) if self.state_file.exists() else {}
        self.users: dict[str, dict] = saved.get("users", {})
        self.packages: list[str] = saved.get("packages", [])
        self.owners: dict[str, list[str]] = saved.get("owners", {})
        self.enabled: list[str] = saved.get("enabled", ["getty@tty1.service"])     # as on a fresh Debian
        self.calls: list[list[str]] = []          # this run's requests, in order

    def _record(self, *call: str) -> None:
        self.calls.append(list(call))
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text(json.dumps({"users": self.users, "packages": self.packages,
                                               "owners": self.owners, "enabled": self.enabled}, indent=1))

    def user_exists(self, name: str) -> bool:
        return name in self.users

    def user_groups(self, name: str) -> set[str]:
        return set(self.users.get(name, {}).get("groups", []))

    def existing_groups(self, names: list[str]) -> list[str]:
        return [name for name in names if name in self.groups_present]

    def add_user(self, name: str, home: Path, groups: list[str]) -> None:
        self.users[name] = {"home": str(home), "groups": sorted(groups)}
        self._record("useradd", name)

    def add_groups(self, name: str, groups: list[str]) -> None:
        self.users[name]["groups"] = sorted(set(self.users[name]["groups"]) | set(groups))
        self._record("usermod", name, *groups)

    def remove_user(self, name: str) -> None:
        self.users.pop(name, None)
        self._record("userdel", name)

    def missing_packages(self, names: list[str]) -> list[str]:
        return [name for name in names if name not in self.packages]

    def install_packages(self, names: list[str]) -> None:
        self.packages = sorted(set(self.packages) | set(names))
        self._record("apt-get install", *names)

    def owner(self, path: Path) -> tuple[str, str]:
        return tuple(self.owners.get(str(path), ("root", "root")))

    def chown(self, path: Path, user: str, group: str) -> None:
        self.owners[str(path)] = [user, group]
        self._record("chown", f"{user}:{group}", str(path))

    def is_enabled(self, unit: str) -> bool:
        return unit in self.enabled

    def systemctl(self, *args: str) -> None:
        verb, units = args[0], [a for a in args[1:] if not a.startswith("-")]
        if verb == "enable":
            self.enabled = sorted(set(self.enabled) | set(units))
        elif verb == "disable":
            self.enabled = [u for u in self.enabled if u not in units]
        self._record("systemctl", *args)
