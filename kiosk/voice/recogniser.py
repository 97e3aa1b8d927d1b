"""The optional word check: an offline Vietnamese recogniser (viet-asr, `pip install -e
".[voice-check]"`) transcribes a clip and the words are compared with what it should say.

    recogniser = available_recogniser()        # None when the extra is not installed
    problem = word_problem(recogniser, clip_path, expected_text)   # "" or "Nghe chưa rõ: …"
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

from kiosk.speech.normalise import normalise
from kiosk.voice.phrases import words_of

# A phrase is accepted when at most this share of its words is misheard. One word in a
# short phrase (a number word) must match exactly.
MOST_WORD_ERRORS = 0.34


class Recogniser(Protocol):
    def transcribe(self, path: Path) -> str: ...


class VietAsrRecogniser:
    """viet-asr's "transcribe" preset; the model (69 MB, inside the wheel) loads once per process."""

    _pipeline = None
    _lock = threading.Lock()

    def transcribe(self, path: Path) -> str:
        with self._lock:
            if VietAsrRecogniser._pipeline is None:
                import vietasr
                VietAsrRecogniser._pipeline = vietasr.Pipeline.preset("transcribe")
            return VietAsrRecogniser._pipeline.transcribe(str(path)).text


class DummyRecogniser:
    """Hears what it is told to for each file name; records what it was asked."""

    def __init__(self, heard: dict[str, str] | None = None):
        self.heard = heard or {}
        self.asked: list[Path] = []

    def transcribe(self, path: Path) -> str:
        self.asked.append(Path(path))
        return self.heard.get(Path(path).name, "")


def available_recogniser() -> Recogniser | None:
    try:
        import vietasr  # noqa: F401
    except ImportError:
        return None
    return VietAsrRecogniser()


def comparable(text: str) -> list[str]:
    """Both sides through the normaliser (the recogniser may write "1023"), then bare words."""
    return list(words_of(normalise(text)))


def word_error_rate(expected: str, heard: str) -> float:
    import jiwer
    reference, hypothesis = " ".join(comparable(expected)), " ".join(comparable(heard))
    if not reference:
        return 0.0 if not hypothesis else 1.0
    return float(jiwer.wer(reference, hypothesis or "<không>"))


def word_problem(recogniser: Recogniser | None, path: Path, expected: str) -> tuple[str, str]:
    """(heard text, "" or "Nghe chưa rõ: …") for the clip at `path`."""
    if recogniser is None:
        return "", ""
    heard = recogniser.transcribe(path).strip()
    if word_error_rate(expected, heard) > MOST_WORD_ERRORS:
        return heard, f"Nghe chưa rõ: máy nghe thành “{heard or '(không nghe được gì)'}” thay vì “{expected}”."
    return heard, ""
