"""Applies a plan: only the steps the machine needs, then systemd; and undoes it on --uninstall.

A manifest per role (/etc/lobby-kiosk/installed/ROLE.json, root only) remembers what the
install made (not what was there before), so --uninstall removes exactly that.
"""
from __future__ import annotations

from kiosk.wording import say

import json
import shutil
from pathlib import Path

from kiosk.install.actions import Context, Directory, EnableUnit, EnsureUser, File
from kiosk.install.layout import Layout
from kiosk.install.plan import Plan


def _made_now(action, ctx: Context) -> bool:
    if isinstance(action, (File, Directory)):
        return not ctx.path(action.path).exists()
    if isinstance(action, EnsureUser):
        return not ctx.system.user_exists(action.name)
    return False


def _read_manifest(ctx: Context, layout: Layout, role: str) -> dict | None:
    path = ctx.path(layout.manifest(role))
    return json.loads(path.read_text()) if path.exists() else None


def _write_manifest(ctx: Context, layout: Layout, role: str, made: dict) -> None:
    old = _read_manifest(ctx, layout, role) or {"role": role, "paths": [], "user": False, "disabled": []}
    manifest = {"role": role, "unit": layout.unit_name(role),
                "paths": sorted(set(old["paths"]) | set(made["paths"])),
                "user": old["user"] or made["user"], "disabled": sorted(set(old["disabled"]) | set(made["disabled"]))}
    File(layout.manifest(role), 0o600, content=json.dumps(manifest, indent=1) + "\n").apply(ctx)


def install(plan: Plan, ctx: Context, layout: Layout, dry_run: bool = False) -> list[str]:
    """Lines saying what was (or, with dry_run, would be) done."""
    steps = [(action, what) for action in plan.actions if (what := action.needed(ctx))]
    if not steps:
        return [say("{role}: đã cài đúng như kế hoạch; không có gì thay đổi.", role=plan.role)]
    lines = [(say("sẽ {step}", step=what) if dry_run else what) for _action, what in steps]
    units_changed = any(isinstance(a, File) and a.unit for a, _ in steps)
    after = (["systemctl daemon-reload"] if units_changed else []) + [f"systemctl restart {plan.unit}"]
    if dry_run:
        return lines + [say("sẽ chạy {command}", command=command) for command in after] + [say("(chạy thử: không có gì thay đổi)")]
    made = {"paths": [], "user": False, "disabled": []}
    try:
        for action, _what in steps:
            lines += _apply(action, ctx, made)
    finally:        # also when a step fails: a re-run continues and --uninstall still knows
        if made["paths"] or made["user"]:
            _write_manifest(ctx, layout, plan.role, made)
    for command in after:
        ctx.system.systemctl(*command.split()[1:])
    return lines + [say("đã chạy {command}", command=command) for command in after]


def _apply(action, ctx: Context, made: dict) -> list[str]:
    """Apply one step, noting in `made` what it created; returns its notice, if any."""
    fresh = _made_now(action, ctx)
    action.apply(ctx)
    made["user"] |= fresh and isinstance(action, EnsureUser)
    if isinstance(action, EnableUnit) and not action.enabled:
        made["disabled"].append(action.unit)
    if fresh and isinstance(action, (File, Directory)):
        made["paths"].append(str(action.path))
        return [action.notice] if getattr(action, "notice", None) else []
    return []


def _other_roles(ctx: Context, layout: Layout, role: str) -> list[str]:
    folder = ctx.path(layout.manifest_dir)
    return sorted(p.stem for p in folder.glob("*.json") if p.stem != role) if folder.is_dir() else []


def _removals(manifest: dict, layout: Layout, purge: bool, shared_kept: bool) -> tuple[list[Path], list[Path]]:
    """(paths to remove, paths kept) from what the install made; data and config stay unless purge."""
    precious = {layout.data_dir, layout.config_file}
    shared = {layout.etc_dir, layout.manifest_dir, layout.data_dir, layout.config_file}
    remove, keep = [], []
    for path in map(Path, manifest["paths"]):
        if path == layout.manifest(manifest["role"]):
            continue
        kept = (path in precious and not purge) or (path in shared and shared_kept)
        (keep if kept else remove).append(path)
    return sorted(remove, key=lambda p: len(p.parts), reverse=True), keep


def uninstall(role: str, ctx: Context, layout: Layout, purge: bool = False, dry_run: bool = False) -> list[str]:
    manifest = _read_manifest(ctx, layout, role)
    if manifest is None:
        return [say("{role}: chưa được cài ở máy này (không có {manifest}); không có gì thay đổi.", role=role, manifest=layout.manifest(role))]
    others = _other_roles(ctx, layout, role)
    remove, keep = _removals(manifest, layout, purge, shared_kept=bool(others))
    lines = [f"systemctl disable --now {manifest['unit']}", say("xóa {path}", path=layout.manifest(role))]
    lines += [say("xóa {path}", path=path) for path in remove] + ["systemctl daemon-reload"]
    lines += [f"systemctl enable {unit}" for unit in manifest["disabled"]]
    drop_user = manifest["user"] and purge and not others
    lines += [say("xóa người dùng hệ thống {user}", user=layout.user)] if drop_user else []
    kept = [say("giữ lại {path} (vai trò {roles} vẫn dùng)", path=path, roles=", ".join(others)) if others
            else say("giữ lại {path} (--purge sẽ xóa)", path=path) for path in keep]
    if dry_run:
        return [say("sẽ {step}", step=line) for line in lines] + kept + [say("(chạy thử: không có gì thay đổi)")]
    lines += kept
    ctx.system.systemctl("disable", "--now", manifest["unit"])
    if others:
        _hand_over(ctx, layout, manifest, keep, others[0])
    ctx.path(layout.manifest(role)).unlink()
    for path in remove:
        _remove(ctx.path(path), tree=path == layout.data_dir)
    ctx.system.systemctl("daemon-reload")
    for unit in manifest["disabled"]:
        ctx.system.systemctl("enable", unit)
    if drop_user:
        ctx.system.remove_user(layout.user)
    return lines


def _hand_over(ctx: Context, layout: Layout, manifest: dict, shared: list[Path], heir: str) -> None:
    """The folders, config and user this role made and another role still uses become that
    role's to remove: the last uninstall with --purge takes them away."""
    made = {"paths": [str(path) for path in shared], "user": manifest["user"], "disabled": []}
    _write_manifest(ctx, layout, heir, made)


def _remove(target: Path, tree: bool) -> None:
    """A file; a folder with everything in it only for the data (--purge); any other folder
    only when empty (it may hold what the admin put there)."""
    if target.is_dir() and not target.is_symlink():
        if tree:
            shutil.rmtree(target)
        elif not any(target.iterdir()):
            target.rmdir()
    elif target.exists():
        target.unlink()
