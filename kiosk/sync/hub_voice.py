"""The province voice pack, installed at this centre through the studio's own zip import
(kiosk/voice/studio.py install_zip: every clip checked to be a WAV, the pack written whole).

Clip by clip (a phrase, or a procedure's guidance), as the catalogue merges field by field:
the centre keeps the fingerprint of each hub clip it installed (the base). A clip the centre
never recorded, or has not re-recorded since the hub's, takes the hub's; a clip the centre
recorded itself stays, and if the hub's clip changed too, the centre's admin sees the
conflict and settles it (take the hub's clip, kept in HUB_ZIP, or keep the centre's).
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Callable

from kiosk.core.errors import QueueError, conflict
from kiosk.store import hub as hub_store
from kiosk.voice import studio
from kiosk.voice.pack import MANIFEST, read_pack_zip, write_atomically
from kiosk.voice.synth import packs_dir

VERSION_KEY, BASE_KEY = "hub_voice_version", "hub_voice_base"
HUB_ZIP = ".hub-voice-pack.zip"           # the last pack pulled, beside the packs
KINDS = ("phrases", "guidance")
FIELDS = tuple(f"voice_{kind}" for kind in KINDS)   # the hub_conflicts fields of a clip


def fingerprint(entry: dict | None) -> list | None:
    return None if entry is None else [entry.get("recorded_by"), entry.get("recorded_at"), entry.get("seconds")]


@dataclass
class Plan:
    version: int
    zip: bytes = b""                                   # the merged pack, for install_zip
    base: dict = field(default_factory=dict)           # {kind: {key: fingerprint}} after the install
    conflicts: list[tuple] = field(default_factory=list)    # (kind, key, local entry, hub entry)
    taken: int = 0


def plan_install(local: dict, local_clips, base: dict, data: bytes, version: int) -> Plan:
    """What installing the hub's pack `data` over the local pack makes (a three-way merge per clip)."""
    hub, hub_clips = read_pack_zip(data)
    plan, take = Plan(version), []
    for kind in KINDS:
        plan.base[kind] = {}
        for key, theirs in hub[kind].items():
            mine, old = local[kind].get(key), base.get(kind, {}).get(key)
            plan.base[kind][key] = fingerprint(theirs)
            if mine is None or fingerprint(mine) == old:
                take.append((kind, key))
            elif fingerprint(mine) != fingerprint(theirs) and fingerprint(theirs) != old:
                plan.conflicts.append((kind, key, mine, theirs))
    plan.zip, plan.taken = merged_zip(local, local_clips, hub, hub_clips, take), len(take)
    return plan


def merged_zip(local: dict, local_clips, hub: dict, hub_clips: dict, take: list[tuple]) -> bytes:
    """The local pack with the hub's clips `take` [(kind, key)] in place of its own, as a pack zip."""
    manifest = {**local, **{kind: dict(local[kind]) for kind in KINDS}}
    for kind, key in take:
        manifest[kind][key] = hub[kind][key]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for kind in KINDS:
            for key, entry in manifest[kind].items():
                taken = (kind, key) in take
                wav = hub_clips[entry["file"]] if taken else local_clips(entry["file"])
                if wav is not None:
                    archive.writestr(entry["file"], wav)
    return buffer.getvalue()


def _local(pack) -> tuple[dict, Callable[[str], bytes | None]]:
    def clip(relative: str) -> bytes | None:
        path = pack.folder / relative
        return path.read_bytes() if path.is_file() else None
    manifest = pack.manifest()
    for kind in KINDS:     # a clip whose file went missing is not carried over (the import would refuse it)
        manifest[kind] = {k: e for k, e in manifest[kind].items() if (pack.folder / e.get("file", "")).is_file()}
    return manifest, clip


def record(ctx, plan: Plan, manifest: dict) -> int:
    """On the server's write queue: the version, the base, the conflicts and the audit entry."""
    with ctx.store.write():
        ctx.store.set_meta(VERSION_KEY, str(plan.version))
        ctx.store.set_meta(BASE_KEY, json.dumps(plan.base, ensure_ascii=False))
        for kind, key, mine, theirs in plan.conflicts:
            hub_store.open_conflict(ctx.store, key, f"voice_{kind}", _shown(mine), _shown(theirs), plan.version,
                                    ctx.now())
    studio.audit_import(ctx, manifest)
    return plan.taken


def _shown(entry: dict) -> str:
    return f"{entry.get('recorded_by') or '?'}, {entry.get('recorded_at') or '?'} ({entry.get('seconds', '?')} s)"


def take_hub_clip(ctx, clash: dict) -> None:
    """Settle a clip conflict with the hub's clip (from the last pack pulled)."""
    kind, key = clash["field"].removeprefix("voice_"), clash["code"]
    pack = studio.studio_pack(ctx)
    hub, hub_clips = read_pack_zip((packs_dir(ctx.config.speech) / HUB_ZIP).read_bytes())
    if key not in hub[kind]:
        raise conflict("the province's latest pack no longer has this clip",
                       "Gói giọng mới nhất của tỉnh không còn bản ghi này; vui lòng giữ bản của trung tâm.", "keep")
    local, local_clips = _local(pack)
    studio.install_zip(ctx, merged_zip(local, local_clips, hub, hub_clips, [(kind, key)]))


class VoiceDown:
    """One step of HubSync's pull: a newer province pack fetched, merged and installed in the
    HubSync thread (file work), then recorded on the server's write queue."""

    def __init__(self, ctx, on_loop):
        self.ctx, self.on_loop = ctx, on_loop

    def pull(self, client, store) -> int:
        answer = client.voice_pack(int(store.meta(VERSION_KEY, "0") or 0))
        if answer.get("manifest") is None:
            return 0
        try:
            pack = studio.studio_pack(self.ctx)
        except QueueError:          # speech.pack is empty: this centre speaks with espeak-ng only
            return 0
        data = client.voice_pack_zip(int(answer["version"]))
        before = pack.identity()
        local, local_clips = _local(pack)
        plan = plan_install(local, local_clips, json.loads(store.meta(BASE_KEY) or "{}"), data, int(answer["version"]))
        if pack.identity() != before:      # the admin recorded a clip meanwhile: plan again at the next pull
            return 0
        write_atomically(packs_dir(self.ctx.config.speech) / HUB_ZIP, data)
        manifest = studio.install_zip(self.ctx, plan.zip)
        return self.on_loop(lambda: record(self.ctx, plan, manifest))
