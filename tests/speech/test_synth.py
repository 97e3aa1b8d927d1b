"""Real synthesis through pyttsx3 and espeak-ng (no sound card needed: we only write WAVs)."""
import subprocess

import pytest

from kiosk.speech.normalise import normalise
from kiosk.speech.synth import Pyttsx3Synthesiser, SpeechUnavailable, ToneSynthesiser
from kiosk.speech.wavs import read_clip, wav_duration

ANNOUNCEMENT = "Mời công dân có số thứ tự một nghìn không trăm hai mươi ba đến quầy số ba"


def sox_duration(path) -> float:
    return float(subprocess.run(["sox", "--i", "-D", str(path)], capture_output=True, text=True, check=True).stdout)


def test_espeak_writes_a_plausible_vietnamese_announcement(tmp_path):
    path = Pyttsx3Synthesiser("vi", rate=150).synthesise(ANNOUNCEMENT, tmp_path / "call.wav")
    clip = read_clip(path)
    assert clip.audio_format == (1, 2, 22050)
    # 18 syllables at 150 words a minute: roughly 4-8 s
    assert 3.0 < sox_duration(path) < 9.0
    assert sox_duration(path) == pytest.approx(wav_duration(path), abs=0.01)
    assert max(abs(int.from_bytes(clip.frames[i:i + 2], "little", signed=True)) for i in range(0, len(clip.frames), 200)) > 1000


def test_each_file_gets_its_own_words(tmp_path):
    """pyttsx3 keeps writing to the first file on later say(); save_to_file each time does not."""
    synthesiser = Pyttsx3Synthesiser("vi", rate=150)
    short = synthesiser.synthesise("ba", tmp_path / "short.wav")
    long = synthesiser.synthesise(ANNOUNCEMENT, tmp_path / "long.wav")
    again = synthesiser.synthesise("ba", tmp_path / "again.wav")
    assert wav_duration(short) < 1.5 < wav_duration(long)
    assert wav_duration(again) == pytest.approx(wav_duration(short), abs=0.01)


def test_faster_rate_gives_shorter_audio(tmp_path):
    slow = Pyttsx3Synthesiser("vi", rate=100).synthesise(ANNOUNCEMENT, tmp_path / "slow.wav")
    fast = Pyttsx3Synthesiser("vi", rate=250).synthesise(ANNOUNCEMENT, tmp_path / "fast.wav")
    assert wav_duration(fast) < 0.7 * wav_duration(slow)


@pytest.mark.parametrize("voice", ["vi-vn-x-central", "vi-vn-x-south"])
def test_regional_voices_differ_from_the_northern_one(tmp_path, voice):
    north = Pyttsx3Synthesiser("vi").synthesise(ANNOUNCEMENT, tmp_path / "north.wav")
    other = Pyttsx3Synthesiser(voice).synthesise(ANNOUNCEMENT, tmp_path / "other.wav")
    assert north.read_bytes() != other.read_bytes()


def test_no_audio_saved_notice_on_stdout(tmp_path, capfd):
    Pyttsx3Synthesiser().synthesise("xin chào", tmp_path / "hello.wav")
    assert "Audio saved" not in capfd.readouterr().out


def test_unknown_voice_is_reported_as_unavailable(tmp_path):
    with pytest.raises(SpeechUnavailable):
        Pyttsx3Synthesiser("no-such-voice").synthesise("xin chào", tmp_path / "x.wav")
    Pyttsx3Synthesiser("vi").synthesise("xin chào", tmp_path / "ok.wav")  # the engine still works


def test_identity_changes_with_voice_rate_and_volume():
    identities = {Pyttsx3Synthesiser(*args).identity for args in [("vi", 150, 1.0), ("vi-vn-x-south", 150, 1.0), ("vi", 170, 1.0), ("vi", 150, 0.5)]}
    assert len(identities) == 4


def test_tone_synthesiser_records_and_scales_with_words(tmp_path):
    tone = ToneSynthesiser(seconds_per_word=0.1)
    path = tone.synthesise(normalise("số 15"), tmp_path / "t.wav")
    assert tone.calls == ["số mười lăm"] and wav_duration(path) == pytest.approx(0.3, abs=0.01)


def test_settings_hold_when_threads_synthesise_at_once(tmp_path):
    """pyttsx3's Engine dropped rates under load; each file must have its own rate."""
    import threading

    durations = {100: [], 250: []}

    def work(rate):
        for index in range(5):
            path = Pyttsx3Synthesiser("vi", rate=rate).synthesise(ANNOUNCEMENT, tmp_path / f"{rate}-{index}.wav")
            durations[rate].append(wav_duration(path))

    threads = [threading.Thread(target=work, args=(rate,)) for rate in durations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(durations[100]) == len(durations[250]) == 5
    assert min(durations[100]) > 1.5 * max(durations[250])


@pytest.fixture
def espeak_missing(monkeypatch):
    """As on a machine without libespeak-ng: importing pyttsx3's binding fails."""
    import sys

    import pyttsx3.drivers

    from kiosk.speech import synth

    monkeypatch.setattr(synth._SynchronousEspeak, "binding", None)
    monkeypatch.delattr(pyttsx3.drivers, "_espeak", raising=False)
    monkeypatch.setitem(sys.modules, "pyttsx3.drivers._espeak", None)


def test_missing_espeak_is_reported_as_unavailable(espeak_missing, tmp_path):
    with pytest.raises(SpeechUnavailable, match="not installed"):
        Pyttsx3Synthesiser().synthesise("xin chào", tmp_path / "x.wav")


def test_missing_espeak_gives_a_dummy_speaker_that_still_shows_text(espeak_missing, caplog):
    from kiosk.config import Speech
    from kiosk.speech.speaker import DummySpeaker, make_speaker

    speaker = make_speaker(Speech())
    shown = []
    speaker.add_listener(lambda text, priority: shown.append(text))
    speaker.say("Mời số 5", "announcement")
    assert speaker.wait_until_idle(2)
    assert isinstance(speaker, DummySpeaker) and "not installed" in speaker.problem
    assert shown == ["Mời số 5"] and len(caplog.records) == 1
