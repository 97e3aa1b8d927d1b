"""The province voice pack merged into a centre's pack clip by clip: taken where the centre
has the hub's clip or none, the centre's own recording kept where the hub's did not change,
a conflict where both changed."""
from __future__ import annotations

import io
import wave

from kiosk.sync.hub_voice import fingerprint, plan_install
from kiosk.voice.pack import VoicePack, read_pack_zip


def tone(frames: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1), writer.setsampwidth(2), writer.setframerate(16000)
        writer.writeframes(bytes(range(256)) * (frames // 128))
    return out.getvalue()


def pack(folder, clips: dict[str, tuple[str, int]]) -> VoicePack:
    made = VoicePack(folder)
    for words, (by, frames) in clips.items():
        made.save_clip("phrases", words, tone(frames), {"recorded_by": by, "recorded_at": f"t-{by}-{frames}"})
    return made


def local_of(made: VoicePack):
    return made.manifest(), lambda relative: (made.folder / relative).read_bytes()


def test_the_centres_own_clips_stay_unless_untouched_and_a_double_change_is_a_conflict(tmp_path):
    first = pack(tmp_path / "v1", {"một": ("tinh", 100), "hai": ("tinh", 100), "ba": ("tinh", 100)})
    centre = pack(tmp_path / "centre", {"một": ("tinh", 100), "hai": ("qtv", 300), "ba": ("qtv", 300)})
    base = {"phrases": {key: fingerprint(entry) for key, entry in first.manifest()["phrases"].items()}}
    second = pack(tmp_path / "v2", {"một": ("tinh", 200), "hai": ("tinh", 100), "ba": ("tinh", 200),
                                    "bốn": ("tinh", 200)})
    plan = plan_install(*local_of(centre), base, second.export_zip(), version=2)
    merged, clips = read_pack_zip(plan.zip)
    by = {key: entry["recorded_by"] for key, entry in merged["phrases"].items()}
    assert by == {"một": "tinh", "hai": "qtv", "ba": "qtv", "bốn": "tinh"}   # untouched and new: the hub's
    assert [(kind, key) for kind, key, *_ in plan.conflicts] == [("phrases", "ba")]   # "hai": the hub kept it
    assert clips[merged["phrases"]["ba"]["file"]] == tone(300)                  # the centre's recording, whole
    assert plan.base["phrases"]["ba"] == fingerprint(second.manifest()["phrases"]["ba"])
