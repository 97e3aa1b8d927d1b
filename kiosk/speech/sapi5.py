"""Windows speech: SAPI5 through pyttsx3, with the Vietnamese voice "Microsoft An" (it comes
with Windows' Vietnamese language pack), played with the standard library's winsound.
Chosen by kiosk/platform.py; never tried on a real Windows machine (README, "Windows").
"""
from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path

from kiosk.platform import WINDOWS_VOICE
from kiosk.speech.players import PlaybackFailed
from kiosk.speech.synth import SpeechUnavailable
from kiosk.speech.wavs import wav_duration

NO_VOICE = (f'Windows has no voice "{WINDOWS_VOICE}": add Vietnamese in Settings > Time & language > '
            f"Language, with its speech pack (Chưa có giọng đọc tiếng Việt {WINDOWS_VOICE})")


def _pyttsx3_init(driver: str):
    import pyttsx3
    return pyttsx3.init(driver)


class Sapi5Synthesiser:
    def __init__(self, voice_name: str = WINDOWS_VOICE, rate: int = 150, volume: float = 1.0, init=_pyttsx3_init):
        self.voice_name, self.rate, self.volume, self._init = voice_name, rate, volume, init
        self.identity = f"sapi5/{voice_name}/{rate}/{volume:.2f}"
        self._engine = None
        self._lock = threading.Lock()

    def _ready(self):
        if self._engine is None:
            try:
                engine = self._init("sapi5")
            except Exception as error:      # on anything but Windows: no comtypes / no SAPI5
                raise SpeechUnavailable(f"SAPI5 cannot start ({type(error).__name__}: {error})") from None
            voice = next((v for v in engine.getProperty("voices")
                          if self.voice_name.lower() in (v.name or "").lower()), None)
            if voice is None:
                raise SpeechUnavailable(NO_VOICE)
            engine.setProperty("voice", voice.id)
            engine.setProperty("rate", self.rate)
            engine.setProperty("volume", self.volume)
            self._engine = engine
        return self._engine

    def check(self) -> None:
        with self._lock:
            self._ready()

    def synthesise(self, words: str, path: Path) -> Path:
        if not words.strip():
            raise ValueError("nothing to synthesise")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.part.wav")
        with self._lock:
            engine = self._ready()
            engine.save_to_file(words, str(partial))
            engine.runAndWait()
        if not partial.exists() or partial.stat().st_size <= 44:        # a bare WAV header
            raise SpeechUnavailable("SAPI5 produced no audio")
        os.replace(partial, path)
        return path


class WinsoundPlayer:
    """Plays asynchronously and waits the clip's length, so `stop()` can cut it."""

    def __init__(self, module=None):
        self.winsound = module or importlib.import_module("winsound")

    def play(self, path: Path | None, label: str, cancel: threading.Event) -> None:
        if path is None or cancel.is_set():
            return
        try:
            self.winsound.PlaySound(str(path), self.winsound.SND_FILENAME | self.winsound.SND_ASYNC)
        except RuntimeError as error:
            raise PlaybackFailed(f"winsound cannot play {label}: {error}") from None
        if cancel.wait(wav_duration(path)):
            self.stop()

    def stop(self) -> None:
        self.winsound.PlaySound(None, 0)


def make_sapi5_speaker(settings, cache_dir=None):
    from kiosk.speech.speaker import DummySpeaker, Speaker, log
    synthesiser = Sapi5Synthesiser(rate=settings.rate, volume=settings.volume)
    try:
        synthesiser.check()
        return Speaker(settings, synthesiser, WinsoundPlayer(), cache_dir)
    except (SpeechUnavailable, ImportError) as error:
        log.warning("speech is silent, texts are shown on screen only: %s", error)
        speaker = DummySpeaker(settings)
        speaker.problem = str(error)
        return speaker
