"""Choosing the voice, and the kiosk's speaker playing a procedure's guidance recording."""
from __future__ import annotations

from kiosk.config import Speech
from kiosk.speech.players import RecordingPlayer
from kiosk.speech.speaker import Speaker
from kiosk.speech.synth import Pyttsx3Synthesiser, ToneSynthesiser
from kiosk.speech.wavs import read_clip
from kiosk.ui.flow import guidance_text
from kiosk.speech import normalise
from kiosk.voice.assembly import prepared, samples_of
from kiosk.voice.pack import VoicePack
from kiosk.voice.phrases import key_of
from kiosk.voice.synth import PackSynthesiser, make_synthesiser
from tests.voice.test_assembly import best_offset

PROCEDURE = {"code": "1.001193", "name": "Đăng ký khai sinh", "guidance": "Mang theo giấy chứng sinh."}


def test_espeak_is_the_voice_until_a_pack_is_recorded_and_then_at_once_the_pack(tmp_path, samples):
    settings = Speech(packs_dir=str(tmp_path))
    running = make_synthesiser(settings)          # a display started before anything was recorded
    assert running.identity == Pyttsx3Synthesiser().identity     # espeak-ng's own cache entries
    before = read_clip(running.synthesise("xin mời", tmp_path / "before.wav"))
    assert before.rate == 22050 and 0.3 < before.seconds < 1.5   # espeak-ng's short "xin mời", untouched

    VoicePack(tmp_path / "trung-tam").save_clip("phrases", "xin mời", samples[0][0].read_bytes(), {})
    after = samples_of(read_clip(running.synthesise("xin mời", tmp_path / "after.wav")))
    assert best_offset(after, prepared(read_clip(samples[0][0]))[400:-400])[1] > 0.99
    assert isinstance(make_synthesiser(settings, "espeak"), Pyttsx3Synthesiser)
    assert isinstance(make_synthesiser(settings.model_copy(update={"pack": ""})), Pyttsx3Synthesiser)


def test_the_kiosk_plays_the_guidance_recording_for_its_procedure(tmp_path, samples):
    recording, _ = samples[2]
    pack = VoicePack(tmp_path / "trung-tam")
    pack.save_clip("guidance", PROCEDURE["code"], recording.read_bytes(),
                   {"words": key_of(normalise(guidance_text(PROCEDURE)))})
    fallback, player = ToneSynthesiser(), RecordingPlayer()
    speaker = Speaker(Speech(), PackSynthesiser(pack, fallback), player, cache_dir=tmp_path / "cache")

    speaker.say(guidance_text(PROCEDURE), "guidance")
    assert speaker.wait_until_idle()

    heard = samples_of(read_clip(player.played[0].path))
    assert best_offset(heard, prepared(read_clip(recording))[400:-400])[1] > 0.99
    assert fallback.calls == []
    speaker.close()


def test_the_kivy_displays_speaker_announces_a_call_with_the_pack(tmp_path, samples):
    from kiosk.speech import announcement_text, make_speaker

    opening, _ = samples[0]
    VoicePack(tmp_path / "voices" / "trung-tam").save_clip("phrases", "mời công dân có số thứ tự",
                                                           opening.read_bytes(), {})
    settings = Speech(backend="file", packs_dir=str(tmp_path / "voices"), cache_dir=str(tmp_path / "cache"),
                      output_dir=str(tmp_path / "out"))
    speaker = make_speaker(settings)                       # what `main.py display` builds from config
    speaker.say(announcement_text(1023, 3), "announcement")
    assert speaker.wait_until_idle(60)
    heard = samples_of(read_clip(speaker.written[0]))
    assert best_offset(heard, prepared(read_clip(opening))[400:-400])[1] > 0.99
    speaker.close()
