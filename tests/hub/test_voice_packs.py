"""The province voice pack travels down: uploaded once on the hub, pulled by version and
installed on each centre through the studio's own zip import, and heard in its calls; a clip
a centre recorded itself is never overwritten silently. On the session's city (tests/hub/city.py)."""
from __future__ import annotations

import pytest
import requests

from kiosk.speech.wavs import read_clip
from kiosk.voice.assembly import prepared, samples_of
from kiosk.voice.pack import VoicePack
from tests.hub.city import wait_for
from tests.voice.conftest import human_samples
from tests.voice.test_assembly import best_offset

pytestmark = pytest.mark.slow


def pack_zip(folder, clips: dict[str, bytes], by: str) -> bytes:
    """A pack as the studio exports it, with `clips` {phrase words: WAV}."""
    pack = VoicePack(folder)
    for index, (words, wav) in enumerate(clips.items()):
        pack.save_clip("phrases", words, wav, {"recorded_by": by, "recorded_at": f"2026-11-2{index}T08:00:00+07:00",
                                               "seconds": 1.0 + index, "warnings": [], "heard": words})
    return pack.export_zip()


def centre_pack(centre) -> VoicePack:
    return VoicePack(centre.db.parent / "voices" / "trung-tam")


def conflicts(centre) -> list[dict]:
    return requests.get(f"{centre.server.url}/api/admin/hub", headers=centre.admin, timeout=5).json()["conflicts"]


@pytest.fixture(scope="module")
def uploaded(city, tmp_path_factory):
    """P02 has its own "xin mời" (imported locally) before the province uploads its pack."""
    samples, folder = human_samples(), tmp_path_factory.mktemp("packs")
    p02 = city["centres"][1]
    own = pack_zip(folder / "p02", {"xin mời": samples[1][0].read_bytes()}, "qtv")
    requests.post(f"{p02.server.url}/api/admin/voice/pack.zip", data=own, headers=p02.admin,
                  timeout=30).raise_for_status()
    province = pack_zip(folder / "tinh", {"xin mời": samples[2][0].read_bytes(), "hai": samples[3][0].read_bytes()},
                        "so-admin")
    answer = requests.post(f"{city['hubs'][1].url}/api/voice-pack", data=province, headers=city["province"]["admin"],
                           timeout=30)
    assert answer.status_code == 201, answer.text
    return {"version": answer.json()["version"], "clips": VoicePack(folder / "tinh")}


def test_a_pack_uploaded_on_the_hub_is_installed_on_a_centre_and_its_calls_are_said_with_it(city, uploaded):
    p01 = city["centres"][0]
    wait_for(lambda: centre_pack(p01).phrase_clip("xin mời") is not None, timeout=30)
    shown = requests.get(f"{p01.server.url}/api/admin/voice", headers=p01.admin, timeout=10).json()
    row = next(r for r in shown["phrases"] if r["key"] == "xin mời")
    assert row["recorded"] and row["recorded_by"] == "so-admin" and shown["in_use"]
    state = requests.get(f"{p01.server.url}/api/admin/hub", headers=p01.admin, timeout=5).json()
    assert state["voice_pack_version"] == uploaded["version"]
    trial = requests.post(f"{p01.server.url}/api/admin/voice/trial", json={"text": "Xin mời số 12"},
                          headers=p01.admin, timeout=60)
    assert trial.status_code == 200
    (p01.db.parent / "trial.wav").write_bytes(trial.content)
    heard = samples_of(read_clip(p01.db.parent / "trial.wav"))
    province_clip = prepared(read_clip(uploaded["clips"].phrase_clip("xin mời")))[400:-400]
    assert best_offset(heard, province_clip)[1] > 0.99                # the call is said with the province's clip


def test_a_clip_the_centre_recorded_itself_stays_and_the_clash_goes_to_its_admin(city, uploaded):
    p02 = city["centres"][1]
    conflict = wait_for(lambda: [c for c in conflicts(p02) if c["field"] == "voice_phrases"], timeout=30)[0]
    pack = centre_pack(p02)
    assert conflict["code"] == "xin mời" and "qtv" in conflict["local"] and "so-admin" in conflict["hub"]
    assert pack.manifest()["phrases"]["xin mời"]["recorded_by"] == "qtv"          # never overwritten silently
    assert pack.manifest()["phrases"]["hai"]["recorded_by"] == "so-admin"        # what did not clash came down
    settled = requests.post(f"{p02.server.url}/api/admin/hub/conflicts/{conflict['id']}", json={"keep": "hub"},
                            headers=p02.admin, timeout=30)
    assert settled.status_code == 200, settled.text
    assert pack.manifest()["phrases"]["xin mời"]["recorded_by"] == "so-admin"
    assert pack.phrase_clip("xin mời").read_bytes() == uploaded["clips"].phrase_clip("xin mời").read_bytes()
    assert conflicts(p02) == []


def test_only_a_province_admin_uploads_and_a_zip_that_is_no_pack_is_refused(city):
    url = city["hubs"][0].url
    refused = requests.post(f"{url}/api/voice-pack", data=b"PK not a pack", headers=city["province"]["admin"],
                            timeout=10)
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "file"
    assert "gói giọng" in refused.json()["detail"]["message"]
    manager = requests.post(f"{url}/api/voice-pack", data=b"", headers=city["province"]["manager"], timeout=10)
    assert manager.status_code == 403
