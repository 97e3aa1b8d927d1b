"""Synthesisers turn words into a WAV file. The Speaker only knows this small interface, so
a Piper model (or any offline engine) can be added later as one more class.

The pyttsx3 backend: what we verified with pyttsx3 2.99 and espeak-ng on Debian 12.
- `Engine.say()` plays through `aplay` and cannot be interrupted; after one `save_to_file()`
  later `say()` calls keep writing to that file; the driver prints "Audio saved to ...".
- Worse for us, `Engine.save_to_file()` + `runAndWait()` is racy: pyttsx3 starts espeak-ng in
  its asynchronous mode, `runAndWait()` may return before the file is written, and when
  espeak-ng is still busy pyttsx3 calls `espeak_Cancel`, which silently drops the voice and
  rate just set (a stress run of 60 files gave empty WAVs and files at the wrong rate).
- pyttsx3's own espeak-ng binding (`pyttsx3.drivers._espeak`) in espeak-ng's *synchronous*
  mode is exact: settings apply at once and `Synth` returns when the audio is complete.
  So this backend uses that binding, never `Engine`, and plays WAVs itself (see players.py).
  espeak-ng is initialised once per process: do not start a pyttsx3 `Engine` in the same
  process (make_speaker never does).
"""
from __future__ import annotations

import ctypes
import threading
from pathlib import Path
from typing import Protocol

from kiosk.speech.wavs import Clip, write_clip_atomically


class SpeechUnavailable(Exception):
    """The engine cannot speak at all (espeak-ng or its Vietnamese voice is missing)."""


class Synthesiser(Protocol):
    identity: str  # changes whenever the same words would sound different (cache key)

    def synthesise(self, words: str, path: Path) -> Path:
        """Write `words` as a WAV to `path` and return it; raise SpeechUnavailable."""
        ...


class _SynchronousEspeak:
    """espeak-ng through pyttsx3's ctypes binding, in synchronous mode, one call at a time."""

    lock = threading.Lock()
    binding = None
    sample_rate = 22050
    _frames: list[bytes] = []

    @classmethod
    def synthesise(cls, words: str, voice: str, rate: int, volume: float) -> Clip:
        with cls.lock:
            espeak = cls._loaded()
            if espeak.SetVoiceByName(voice.encode("utf-8")) != espeak.EE_OK:
                raise SpeechUnavailable(f"espeak-ng has no voice {voice!r} (install espeak-ng-data)")
            espeak.SetParameter(espeak.RATE, int(rate), 0)
            espeak.SetParameter(espeak.VOLUME, int(round(volume * 100)), 0)
            cls._frames = []
            espeak.SetSynthCallback(cls._on_audio)  # again: a pyttsx3 Engine may have taken it
            if espeak.Synth(words, flags=espeak.CHARS_UTF8 | espeak.ENDPAUSE) != espeak.EE_OK:
                raise SpeechUnavailable("espeak-ng refused the text")
            frames, cls._frames = b"".join(cls._frames), []
        if not frames:
            raise SpeechUnavailable("espeak-ng produced no audio")
        return Clip(frames, rate=cls.sample_rate)

    @classmethod
    def _loaded(cls):
        if cls.binding is None:
            try:
                from pyttsx3.drivers import _espeak as espeak
            except Exception as error:  # RuntimeError/OSError when libespeak-ng is missing
                raise SpeechUnavailable(f"espeak-ng is not installed ({type(error).__name__}: {error})") from None
            rate = espeak.Initialize(espeak.AUDIO_OUTPUT_SYNCHRONOUS, 500)
            if rate <= 0:
                raise SpeechUnavailable("espeak-ng could not start (missing espeak-ng-data?)")
            cls.sample_rate, cls.binding = rate, espeak
        return cls.binding

    @classmethod
    def _on_audio(cls, wav, sample_count, events) -> int:
        if sample_count > 0:
            cls._frames.append(ctypes.string_at(wav, sample_count * ctypes.sizeof(ctypes.c_short)))
        return 0


class Pyttsx3Synthesiser:
    """espeak-ng's voices (vi, vi-vn-x-central, vi-vn-x-south) via pyttsx3's binding, to WAV."""

    def __init__(self, voice: str = "vi", rate: int = 150, volume: float = 1.0):
        self.voice, self.rate, self.volume = voice, rate, volume
        self.identity = f"espeak-ng/{voice}/{rate}/{volume:.2f}"

    def check(self) -> None:
        """Raise SpeechUnavailable now rather than at the first announcement."""
        _SynchronousEspeak.synthesise("a", self.voice, self.rate, self.volume)

    def synthesise(self, words: str, path: Path) -> Path:
        if not words.strip():
            raise ValueError("nothing to synthesise")
        clip = _SynchronousEspeak.synthesise(words, self.voice, self.rate, self.volume)
        return write_clip_atomically(clip, Path(path))


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
