"""Build the WAVs the speaker plays: guidance (speech only) and announcements (chime, then
the speech repeated), both cached. The same files serve the web display."""
from __future__ import annotations

import threading
from pathlib import Path

from kiosk import ASSETS
from kiosk.speech.cache import AudioCache
from kiosk.speech.synth import Synthesiser
from kiosk.speech.wavs import Clip, convert_clip, join_clips, read_clip, silence, write_clip_atomically

CHIME = ASSETS / "sounds" / "chime.wav"
GAP_AFTER_CHIME = 0.3
GAP_BETWEEN_REPEATS = 0.8


class SpeechRenderer:
    def __init__(self, synthesiser: Synthesiser, cache: AudioCache, repeat: int = 2, chime: str | Path = CHIME):
        self.synthesiser = synthesiser
        self.cache = cache
        self.repeat = repeat
        self.chime_path = Path(chime)
        self._chime_clips: dict[tuple, Clip] = {}
        self._lock = threading.Lock()

    def speech_wav(self, words: str) -> Path:
        """The words alone, as a cached WAV."""
        key = ("speech", self.synthesiser.identity, words)
        return self.cache.get_or_create(key, lambda path: self.synthesiser.synthesise(words, path))

    def announcement_wav(self, words: str) -> Path:
        """Chime, pause, then the words `repeat` times with pauses, as one cached WAV."""
        key = ("announcement", self.synthesiser.identity, words, self.repeat, self._chime_stamp(), GAP_AFTER_CHIME, GAP_BETWEEN_REPEATS)
        return self.cache.get_or_create(key, lambda path: self._write_announcement(words, path))

    def _write_announcement(self, words: str, path: Path) -> None:
        speech = read_clip(self.speech_wav(words))
        pause = silence(GAP_BETWEEN_REPEATS, speech)
        clips = [self._chime_like(speech), silence(GAP_AFTER_CHIME, speech)]
        for index in range(self.repeat):
            clips += [speech, pause] if index < self.repeat - 1 else [speech]
        write_clip_atomically(join_clips(clips), path)

    def _chime_like(self, speech: Clip) -> Clip:
        with self._lock:
            if speech.audio_format not in self._chime_clips:
                self._chime_clips[speech.audio_format] = convert_clip(self.chime_path, speech)
            return self._chime_clips[speech.audio_format]

    def _chime_stamp(self) -> str:
        stat = self.chime_path.stat()
        return f"{self.chime_path.name}:{stat.st_size}:{stat.st_mtime_ns}"
