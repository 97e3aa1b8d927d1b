"""Synthesisers turn words into a WAV file. The Speaker only knows this small interface, so
a Piper model (or any offline engine) can be added later as one more class.

pyttsx3 2.99 with espeak-ng, as verified on Debian 12:
- `engine.say()` plays through `aplay` and cannot be interrupted, and after one
  `save_to_file()` every later `say()` on that engine keeps writing to the same file.
  So we never call `say()`: we only ever `save_to_file()`, each time naming the file, and
  play the WAV ourselves in a process that `stop()` can kill.
- espeak-ng is initialised once per process and its callback is global, so all synthesis
  goes through one engine behind one lock.
- The driver prints "Audio saved to ..." on stdout; we drop exactly that line.
- `getProperty("voice")` may report a stale voice; setting it works.
"""
from __future__ import annotations

import builtins
import sys
import tempfile
import threading
import wave
from pathlib import Path
from typing import Protocol

from kiosk.speech.wavs import Clip, read_clip, write_clip_atomically


class SpeechUnavailable(Exception):
    """The engine cannot speak at all (espeak-ng or its Vietnamese voice is missing)."""


class Synthesiser(Protocol):
    identity: str  # changes whenever the same words would sound different (cache key)

    def synthesise(self, words: str, path: Path) -> Path:
        """Write `words` as a WAV to `path` and return it; raise SpeechUnavailable."""
        ...


class Pyttsx3Synthesiser:
    """espeak-ng through pyttsx3, writing 22050 Hz mono 16-bit WAVs."""

    _engine = None
    _lock = threading.Lock()
    _known_voices: set[str] = set()

    def __init__(self, voice: str = "vi", rate: int = 150, volume: float = 1.0):
        self.voice, self.rate, self.volume = voice, rate, volume
        self.identity = f"pyttsx3-espeak-ng/{voice}/{rate}/{volume:.2f}"

    def check(self) -> None:
        """Raise SpeechUnavailable now rather than at the first announcement."""
        with self._lock:
            self._configured_engine()

    def synthesise(self, words: str, path: Path) -> Path:
        if not words.strip():
            raise ValueError("nothing to synthesise")
        path = Path(path)
        with tempfile.TemporaryDirectory() as folder:
            raw = Path(folder) / "speech.wav"
            with self._lock:
                engine = self._configured_engine()
                engine.save_to_file(words, str(raw))
                engine.runAndWait()
            clip = self._read_output(raw)
        return write_clip_atomically(clip, path)

    def _configured_engine(self):
        engine = self._shared_engine()
        self._require_voice(engine)
        try:
            engine.setProperty("voice", self.voice)
            engine.setProperty("rate", self.rate)
            engine.setProperty("volume", self.volume)
        except (ValueError, KeyError) as error:
            raise SpeechUnavailable(f"espeak-ng has no voice {self.voice!r}: {error}") from None
        return engine

    def _require_voice(self, engine) -> None:
        """espeak-ng keeps its previous voice when asked for an unknown one, so check first."""
        if self.voice in self._known_voices:
            return
        identifiers = {voice.id for voice in engine.getProperty("voices")}
        if not any(identifier == self.voice or identifier.endswith("/" + self.voice) for identifier in identifiers):
            raise SpeechUnavailable(f"espeak-ng has no voice {self.voice!r} (install espeak-ng-data)")
        self._known_voices.add(self.voice)

    @classmethod
    def _shared_engine(cls):
        if cls._engine is None:
            try:
                import pyttsx3

                cls._engine = pyttsx3.init("espeak")
            except Exception as error:  # ImportError, OSError (no libespeak-ng), RuntimeError
                raise SpeechUnavailable(f"espeak-ng is not usable ({type(error).__name__}: {error})") from None
            _silence_saved_notice()
        return cls._engine

    @staticmethod
    def _read_output(raw: Path) -> Clip:
        try:
            clip = read_clip(raw)
        except (FileNotFoundError, EOFError, wave.Error):
            raise SpeechUnavailable("espeak-ng produced no audio") from None
        if not clip.frames:
            raise SpeechUnavailable("espeak-ng produced an empty WAV")
        return clip


def _silence_saved_notice() -> None:
    """Shadow `print` in pyttsx3's espeak driver so only its "Audio saved to" line is dropped."""
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    if driver is None:
        return

    def quiet_print(*args, **kwargs):
        if args and str(args[0]).startswith("Audio saved to"):
            return
        builtins.print(*args, **kwargs)

    driver.print = quiet_print


class ToneSynthesiser:
    """A stand-in engine for tests: a quiet tone, `seconds_per_word` long per word; records calls."""

    identity = "tone"

    def __init__(self, seconds_per_word: float = 0.05):
        self.seconds_per_word = seconds_per_word
        self.calls: list[str] = []

    def synthesise(self, words: str, path: Path) -> Path:
        self.calls.append(words)
        frame_count = int(22050 * self.seconds_per_word * max(1, len(words.split())))
        frames = b"".join((1000 if (i // 25) % 2 else -1000).to_bytes(2, "little", signed=True) for i in range(frame_count))
        return write_clip_atomically(Clip(frames), path)
