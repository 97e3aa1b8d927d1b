"""The studio "Giọng đọc" end to end: a real chromium with Playwright's fake microphone
records phrases into the pack, the clips are audited, and the display's call is then said
with them. One server for the module."""
from __future__ import annotations

import uuid
import wave

import numpy as np
import pytest
import requests
import yaml

from kiosk import PROJECT_ROOT
from kiosk.speech.wavs import read_clip
from kiosk.voice.assembly import prepared, samples_of
from kiosk.voice.pack import VoicePack
from tests.support import Browser, LiveServer, login, prepared_live_db, run_cli
from tests.voice.test_assembly import best_offset

pytestmark = pytest.mark.browser


def microphone_file(folder, samples) -> str:
    """A human sentence between pauses: chromium plays it in a loop as the microphone."""
    clip = read_clip(samples[0][0])
    pause = bytes(int(0.3 * clip.rate) * 2)
    path = folder / "microphone.wav"
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1), writer.setsampwidth(2), writer.setframerate(clip.rate)
        writer.writeframes(pause + clip.frames + pause)
    return str(path)


@pytest.fixture(scope="module")
def live(tmp_path_factory, samples):
    tmp = tmp_path_factory.mktemp("voice-studio")
    db, kiosk_token, _ = prepared_live_db(tmp)
    run_cli("user", "add", "admin", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    raw = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    raw["speech"].update(packs_dir=str(tmp / "voices"), cache_dir=str(tmp / "speech-cache"))
    config = tmp / "config.yaml"
    config.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    fake_microphone = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                       f"--use-file-for-fake-audio-capture={microphone_file(tmp, samples)}"]
    with LiveServer(db, config) as server, Browser(fake_microphone) as browser:
        server.browser, server.pack = browser, VoicePack(tmp / "voices" / "trung-tam")
        server.kiosk = {"Authorization": f"Bearer {kiosk_token}"}
        server.admin = login(server.url, "admin", "mat-khau-admin")
        yield server


def studio_page(live):
    page = live.browser.new_page(1366, 1000)
    page.goto(f"{live.url}/admin/login?next=/admin/voice")
    page.fill("#username", "admin"), page.fill("#password", "mat-khau-admin")
    page.click("#login-form button[type=submit]")
    return page


def record_current_phrase(page, screenshot=None) -> None:
    page.click("#record")
    # about 1.5 s of microphone audio (4096-sample chunks), however slow the machine is
    page.wait_for_function("studio.recorder && studio.recorder.chunks.length * 4096 >= 1.5 * studio.recorder.context.sampleRate",
                           timeout=60000)
    if screenshot:
        page.screenshot(path=str(screenshot))
    page.click("#stop")
    page.click("#keep")


def test_an_admin_records_phrases_with_the_microphone_and_the_display_calls_with_them(live, screens):
    page = studio_page(live)
    page.wait_for_selector("#current-text:has-text('Mời công dân có số thứ tự')")
    assert "Đã ghi 0/" in page.inner_text("#progress-text")

    record_current_phrase(page, screens / "admin-voice-recording.png")
    # the fake microphone says another sentence: kept, but the recogniser flags it
    # the first check loads the recogniser in the server: allow for a loaded machine
    page.wait_for_selector(".voice-item[data-key='mời công dân có số thứ tự'][data-state=warn]", timeout=120000)
    assert "Nghe chưa rõ" in page.inner_text("#checks")
    page.click("#next")
    page.wait_for_selector("#current-text:has-text('đến quầy số')")
    record_current_phrase(page)
    page.wait_for_selector(".voice-item[data-key='đến quầy số']:not([data-state=missing])", timeout=60000)
    assert "Đã ghi 2/" in page.inner_text("#progress-text")
    page.screenshot(path=str(screens / "admin-voice.png"), full_page=True)

    # the pack appears on disk, each clip with who recorded it, and in the audit log
    manifest = live.pack.manifest()
    assert set(manifest["phrases"]) == {"mời công dân có số thứ tự", "đến quầy số"}
    assert {e["recorded_by"] for e in manifest["phrases"].values()} == {"admin"}
    audit = requests.get(f"{live.url}/api/admin/audit", params={"action": "voice.record"}, headers=live.admin,
                         timeout=10).json()["entries"]
    assert sorted(e["entity_id"] for e in audit) == ["mời công dân có số thứ tự", "đến quầy số"]

    # the display says the next call with the recorded opening
    ticket = requests.post(f"{live.url}/api/tickets", json={"procedure_code": "1.001193", "client_id": str(uuid.uuid4())},
                           headers=live.kiosk, timeout=10).json()
    requests.post(f"{live.url}/api/counters/1/next", headers=login(live.url), timeout=10).raise_for_status()
    call = requests.get(f"{live.url}/api/display/state", timeout=10).json()["calls"][0]
    assert call["number"] == ticket["number"]
    response = requests.get(f"{live.url}/api/announcements/{call['event_id']}.wav", timeout=60)
    announcement = samples_of(read_clip_bytes(response.content, live.pack.folder / "call.wav"))
    opening = prepared(read_clip(live.pack.phrase_clip("mời công dân có số thứ tự")))[400:-400]
    _, fit = best_offset(announcement, opening)
    assert fit > 0.99


def test_a_guidance_recording_goes_stale_when_the_text_is_edited(live, samples):
    code = "1.001193"
    kept = requests.put(f"{live.url}/api/admin/voice/guidance/{code}", data=samples[1][0].read_bytes(),
                        headers=live.admin, timeout=60)
    assert kept.status_code == 200 and kept.json()["recorded"]
    procedure = requests.get(f"{live.url}/api/admin/procedures/{code}", headers=live.admin, timeout=10).json()
    procedure["guidance"] = "Mang theo giấy chứng sinh bản chính và căn cước của cha hoặc mẹ."
    edited = requests.put(f"{live.url}/api/admin/procedures/{code}", headers=live.admin, timeout=10,
                          json={k: v for k, v in procedure.items() if k not in ("portal_url", "tickets_issued")})
    assert edited.status_code == 200, edited.text
    status = requests.get(f"{live.url}/api/admin/voice", headers=live.admin, timeout=10).json()
    assert {g["key"]: g["stale"] for g in status["guidance"]}[code] is True


def test_only_an_admin_records_and_a_silent_clip_is_refused_in_vietnamese(live):
    silent = _wav(np.zeros(22050, dtype=np.int16))
    url = f"{live.url}/api/admin/voice/phrases"
    staff = requests.put(url, params={"key": "xin mời"}, data=silent, headers=login(live.url), timeout=10)
    assert staff.status_code == 403
    refused = requests.put(url, params={"key": "xin mời"}, data=silent, headers=live.admin, timeout=10)
    assert refused.status_code == 422
    assert refused.json()["detail"]["message"].startswith("Không nghe thấy tiếng")
    unknown = requests.put(url, params={"key": "không có câu này"}, data=silent, headers=live.admin, timeout=10)
    assert unknown.status_code == 404 and unknown.json()["detail"]["field"] == "key"


def _wav(samples: np.ndarray, rate: int = 22050) -> bytes:
    import io
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1), writer.setsampwidth(2), writer.setframerate(rate)
        writer.writeframes(samples.astype("<i2").tobytes())
    return buffer.getvalue()


def read_clip_bytes(data: bytes, path):
    path.write_bytes(data)
    return read_clip(path)


def test_a_wav_recorded_elsewhere_can_be_uploaded_for_a_phrase(live, samples):
    page = studio_page(live)
    page.click(".voice-item[data-key='xin mời'] button")
    page.wait_for_selector("#current-text:has-text('xin mời')")
    page.set_input_files("#upload-file", str(samples[2][0]))
    page.click("#keep")
    page.wait_for_selector(".voice-item[data-key='xin mời']:not([data-state=missing])", timeout=60000)
    assert live.pack.phrase_clip("xin mời") is not None


def test_the_pack_travels_as_a_zip_and_a_bad_zip_is_refused(live, samples):
    requests.put(f"{live.url}/api/admin/voice/phrases", params={"key": "hai"}, data=samples[3][0].read_bytes(),
                 headers=live.admin, timeout=60).raise_for_status()
    exported = requests.get(f"{live.url}/api/admin/voice/pack.zip", headers=live.admin, timeout=30)
    assert exported.status_code == 200 and exported.headers["content-type"] == "application/zip"
    imported = requests.post(f"{live.url}/api/admin/voice/pack.zip", data=exported.content, headers=live.admin,
                             timeout=30)
    assert imported.status_code == 200 and imported.json()["phrases"] == len(live.pack.manifest()["phrases"]) > 0
    audit = requests.get(f"{live.url}/api/admin/audit", params={"action": "voice.import"}, headers=live.admin,
                         timeout=10).json()["entries"]
    assert [e["actor"] for e in audit] == ["admin"]
    refused = requests.post(f"{live.url}/api/admin/voice/pack.zip", data=b"PK not really", headers=live.admin,
                            timeout=10)
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "file"
    assert "gói giọng" in refused.json()["detail"]["message"]


def test_the_trial_says_a_text_as_the_display_would(live, samples):
    requests.put(f"{live.url}/api/admin/voice/phrases", params={"key": "xin mời"}, data=samples[2][0].read_bytes(),
                 headers=live.admin, timeout=60).raise_for_status()
    trial = requests.post(f"{live.url}/api/admin/voice/trial", json={"text": "Xin mời số 12"}, headers=live.admin,
                          timeout=60)
    assert trial.status_code == 200 and trial.headers["content-type"] == "audio/wav"
    heard = samples_of(read_clip_bytes(trial.content, live.pack.folder / "trial.wav"))
    assert best_offset(heard, prepared(read_clip(live.pack.phrase_clip("xin mời")))[400:-400])[1] > 0.99
