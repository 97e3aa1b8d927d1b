"""The Windows speech backend with pyttsx3's SAPI5 engine and winsound substituted (this
machine has neither): the voice chosen, the WAV written, playback cut on stop."""
from __future__ import annotations

import threading
import wave
from dataclasses import dataclass

import pytest

from kiosk.speech.sapi5 import NO_VOICE, Sapi5Synthesiser, WinsoundPlayer
from kiosk.speech.synth import SpeechUnavailable


@dataclass
class Voice:
    id: str
    name: str


class FakeSapi5:
    def __init__(self, voices):
        self.voices, self.properties, self.saved = voices, {}, []

    def getProperty(self, name):
        return self.voices

    def setProperty(self, name, value):
        self.properties[name] = value

    def save_to_file(self, text, path):
        self.saved.append((text, path))
        with wave.open(path, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(2)
            writer.setframerate(22050)
            writer.writeframes(b"\x01\x00" * 2205)

    def runAndWait(self):
        pass


def test_the_vietnamese_voice_is_chosen_and_the_words_written_to_a_wav(tmp_path):
    engine = FakeSapi5([Voice("HKLM\\David", "Microsoft David Desktop"), Voice("HKLM\\An", "Microsoft An")])
    drivers = []
    synthesiser = Sapi5Synthesiser(rate=140, init=lambda driver: drivers.append(driver) or engine)
    path = synthesiser.synthesise("mời số một nghìn không trăm linh một", tmp_path / "a.wav")
    assert drivers == ["sapi5"] and engine.properties == {"voice": "HKLM\\An", "rate": 140, "volume": 1.0}
    assert engine.saved[0][0] == "mời số một nghìn không trăm linh một"
    with wave.open(str(path)) as reader:
        assert reader.getnframes() == 2205
    assert synthesiser.identity == "sapi5/Microsoft An/140/1.00"


def test_without_the_language_pack_speech_is_unavailable_with_the_fix_named():
    synthesiser = Sapi5Synthesiser(init=lambda driver: FakeSapi5([Voice("x", "Microsoft Zira Desktop")]))
    with pytest.raises(SpeechUnavailable) as error:
        synthesiser.check()
    assert str(error.value) == NO_VOICE and "Vietnamese" in NO_VOICE


def test_winsound_player_plays_asynchronously_and_stop_cuts_it(tmp_path):
    class FakeWinsound:
        SND_FILENAME, SND_ASYNC = 0x20000, 0x1

        def __init__(self):
            self.calls = []

        def PlaySound(self, sound, flags):
            self.calls.append((sound, flags))

    clip = tmp_path / "c.wav"
    with wave.open(str(clip), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(22050)
        writer.writeframes(b"\x00\x00" * 22050 * 5)            # five seconds
    module = FakeWinsound()
    cancel = threading.Event()
    threading.Timer(0.1, cancel.set).start()
    WinsoundPlayer(module).play(clip, "announcement", cancel)  # returns when cancelled, not after 5 s
    assert module.calls == [(str(clip), 0x20001), (None, 0)]
