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


def test_espeak_is_the_voice_until_a_pack_is_recorded(tmp_path):
    settings = Speech(packs_dir=str(tmp_path))
    assert isinstance(make_synthesiser(settings), Pyttsx3Synthesiser)
    VoicePack(tmp_path / "trung-tam").save_clip("phrases", "xin mời", b"RIFF", {})
    assert isinstance(make_synthesiser(settings), PackSynthesiser)
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
