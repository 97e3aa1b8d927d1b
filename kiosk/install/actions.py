"""The steps of an install, each able to say what it would change and to make that change.

`needed(ctx)` returns None when the machine already is as the step wants (so a second
install changes nothing), else one line saying what it will do; `apply(ctx)` does it.
"""
from __future__ import annotations

from kiosk.wording import say

import os
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.install.layout import under
from kiosk.install.system import System


@dataclass
class Context:
    system: System
    root: Path | None = None            # --prefix

    def path(self, path: Path) -> Path:
        return under(self.root, path)


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


@dataclass
class EnsureUser:
    name: str
    home: Path
    groups: list[str] = field(default_factory=list)

    def _missing_groups(self, ctx: Context) -> list[str]:
        wanted = ctx.system.existing_groups(self.groups)
        return sorted(set(wanted) - ctx.system.user_groups(self.name))

    def needed(self, ctx: Context) -> str | None:
        if not ctx.system.user_exists(self.name):
            return say("tạo người dùng hệ thống {name} (thư mục nhà {home}, không đăng nhập được)", name=self.name, home=self.home)
        missing = self._missing_groups(ctx)
        return say("thêm {name} vào các nhóm {groups}", name=self.name, groups=", ".join(missing)) if missing else None

    def apply(self, ctx: Context) -> None:
        if not ctx.system.user_exists(self.name):
            ctx.system.add_user(self.name, self.home, ctx.system.existing_groups(self.groups))
        elif missing := self._missing_groups(ctx):
            ctx.system.add_groups(self.name, missing)


@dataclass
class EnsurePackages:
    names: list[str]

    def needed(self, ctx: Context) -> str | None:
        missing = ctx.system.missing_packages(self.names)
        return say("cài các gói Debian: {names}", names=" ".join(missing)) if missing else None

    def apply(self, ctx: Context) -> None:
        ctx.system.install_packages(ctx.system.missing_packages(self.names))


@dataclass
class _Owned:
    path: Path
    mode: int
    user: str = "root"
    group: str = "root"

    def _fix_ownership(self, ctx: Context, target: Path) -> list[str]:
        changes = []
        if _mode(target) != self.mode:
            changes.append(say("quyền {mode}", mode=f"{self.mode:04o}"))
        if ctx.system.owner(target) != (self.user, self.group):
            changes.append(say("chủ sở hữu {owner}", owner=f"{self.user}:{self.group}"))
        return changes

    def _set_ownership(self, ctx: Context, target: Path, fresh: bool) -> None:
        os.chmod(target, self.mode)
        if fresh or ctx.system.owner(target) != (self.user, self.group):
            ctx.system.chown(target, self.user, self.group)


@dataclass
class Directory(_Owned):
    def needed(self, ctx: Context) -> str | None:
        target = ctx.path(self.path)
        if not target.is_dir():
            return say("tạo thư mục {path}/ ({mode} {owner})", path=self.path, mode=f"{self.mode:04o}", owner=f"{self.user}:{self.group}")
        changes = self._fix_ownership(ctx, target)
        return say("đặt {path}/: {changes}", path=self.path, changes=", ".join(changes)) if changes else None

    def apply(self, ctx: Context) -> None:
        target = ctx.path(self.path)
        fresh = not target.is_dir()
        target.mkdir(parents=True, exist_ok=True)
        self._set_ownership(ctx, target, fresh)


@dataclass
class File(_Owned):
    content: str = ""
    keep_existing: bool = False     # the admin's copy wins (config, staff PIN)
    notice: str | None = None       # said once, when the file is made
    unit: bool = False              # a systemd unit: a change needs daemon-reload

    def needed(self, ctx: Context) -> str | None:
        target = ctx.path(self.path)
        if not target.exists():
            return say("ghi {path} ({mode} {owner})", path=self.path, mode=f"{self.mode:04o}", owner=f"{self.user}:{self.group}")
        changes = [] if self.keep_existing or target.read_text() == self.content else [say("nội dung mới")]
        changes += self._fix_ownership(ctx, target)
        return say("cập nhật {path}: {changes}", path=self.path, changes=", ".join(changes)) if changes else None

    def apply(self, ctx: Context) -> None:
        target = ctx.path(self.path)
        fresh = not target.exists()
        if fresh or not (self.keep_existing or target.read_text() == self.content):
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.new")
            temporary.touch(mode=0o600)                 # never readable by others, even briefly
            temporary.write_text(self.content)
            os.replace(temporary, target)
        self._set_ownership(ctx, target, fresh)


@dataclass
class EnableUnit:
    unit: str
    enabled: bool = True            # False: make sure it is disabled (getty on the kiosk's tty)

    def needed(self, ctx: Context) -> str | None:
        if ctx.system.is_enabled(self.unit) == self.enabled:
            return None
        return say("bật {unit}", unit=self.unit) if self.enabled else say("tắt {unit}", unit=self.unit)

    def apply(self, ctx: Context) -> None:
        ctx.system.systemctl("enable" if self.enabled else "disable", self.unit)
