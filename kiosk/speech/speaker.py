"""The Speaker: every rule lives here, each backend only picks a synthesiser and a player
(the shape python-escpos gives printers).

Rules:
- `say()` never blocks: text goes to one worker thread that renders and plays it.
- Announcements queue and are played one after another, never overlapping, each as
  chime + speech repeated `announcement_repeat` times. Saying the same text again (a recall)
  announces it again.
- Guidance is interrupted by newer guidance and never queued behind it: only the latest waits.
- An announcement cuts guidance that is playing (calling a citizen matters more).
- Faults (no espeak-ng, no sound card) are logged once; the text still reaches listeners
  (`add_listener`, `last_text`) so the screen can show it. Nothing raises to the caller.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal

from kiosk import PROJECT_ROOT
from kiosk.config import Speech
from kiosk.speech.cache import DEFAULT_CACHE_DIR, AudioCache
from kiosk.speech.normalise import normalise
from kiosk.speech.players import AplayPlayer, FolderPlayer, PlaybackFailed, Player, RecordingPlayer
from kiosk.speech.render import CHIME, SpeechRenderer
from kiosk.speech.synth import Pyttsx3Synthesiser, SpeechUnavailable, Synthesiser

Priority = Literal["guidance", "announcement"]
PRIORITIES = ("guidance", "announcement")
Listener = Callable[[str, str], None]

DEFAULT_OUTPUT_DIR = PROJECT_ROOT / "data" / "speech-out"

log = logging.getLogger("kiosk.speech")


def project_path(value: str | Path) -> Path:
    """Config paths are relative to the project folder, not to where the program started."""
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


@dataclass
class Utterance:
    text: str
    priority: str
    cancel: threading.Event = field(default_factory=threading.Event)


class Speaker:
    """Speaks through `synthesiser` (None: render nothing) and `player`, on one worker thread."""

    def __init__(
        self,
        settings: Speech | None = None,
        synthesiser: Synthesiser | None = None,
        player: Player | None = None,
        cache_dir: str | Path | None = None,
        chime: str | Path = CHIME,
    ):
        self.settings = settings or Speech()
        self.player = player or RecordingPlayer()
        self.renderer = None
        if synthesiser is not None:
            cache = AudioCache(project_path(cache_dir or self.settings.cache_dir or DEFAULT_CACHE_DIR))
            self.renderer = SpeechRenderer(synthesiser, cache, self.settings.announcement_repeat, chime)
        self.last_text = ""
        self.problem = ""  # the last fault, phrased for an admin; "" while all is well
        self._listeners: list[Listener] = []
        self._announcements: deque[Utterance] = deque()
        self._guidance: Utterance | None = None
        self._current: Utterance | None = None
        self._condition = threading.Condition()
        self._worker: threading.Thread | None = None
        self._closed = False
        self._warned: set[str] = set()

    # ----- the public API -------------------------------------------------------------
    def say(self, text: str, priority: Priority = "guidance") -> None:
        if priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {PRIORITIES}, not {priority!r}")
        if not text or not text.strip():
            return
        utterance = Utterance(text, priority)
        with self._condition:
            if priority == "guidance":
                self._guidance = utterance
            else:
                self._announcements.append(utterance)
            if self._current is not None and self._current.priority == "guidance":
                self._cancel(self._current)
            self._start_worker()
            self._condition.notify_all()

    def stop(self) -> None:
        """Silence now and forget everything waiting."""
        with self._condition:
            self._announcements.clear()
            self._guidance = None
            if self._current is not None:
                self._cancel(self._current)
            self._condition.notify_all()

    def add_listener(self, listener: Listener) -> None:
        """`listener(text, priority)` is called (on the worker thread) as each text starts."""
        self._listeners.append(listener)

    def wait_until_idle(self, timeout: float = 10.0) -> bool:
        """Block until nothing plays or waits; for tests, the CLI and shutdown."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._busy():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._condition.wait(remaining)
        return True

    def close(self) -> None:
        self.stop()
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        if self._worker is not None:
            self._worker.join(timeout=2)

    def warm(self, texts: list[str], priority: Priority = "announcement") -> None:
        """Render fixed phrases into the cache ahead of time (call it off the UI thread)."""
        for text in texts:
            self._render(Utterance(text, priority))

    def words(self, text: str) -> str:
        return normalise(text, self.settings.region, self.settings.number_reading)

    # ----- the worker -----------------------------------------------------------------
    def _start_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._run, name="speaker", daemon=True)
            self._worker.start()

    def _run(self) -> None:
        while True:
            with self._condition:
                utterance = self._next_utterance()
                if utterance is None:
                    return
                self._current = utterance
            try:
                self._speak(utterance)
            except Exception as error:  # never let the worker die silently
                self._warn_once("unexpected", f"speech failed unexpectedly: {type(error).__name__}: {error}")
            finally:
                with self._condition:
                    self._current = None
                    self._condition.notify_all()

    def _next_utterance(self) -> Utterance | None:
        while not self._closed:
            if self._announcements:
                return self._announcements.popleft()
            if self._guidance is not None:
                utterance, self._guidance = self._guidance, None
                return utterance
            self._condition.wait()
        return None

    def _speak(self, utterance: Utterance) -> None:
        self.last_text = utterance.text
        self._notify_listeners(utterance)
        path = self._render(utterance)
        if utterance.cancel.is_set():
            return
        try:
            self.player.play(path, utterance.priority, utterance.cancel)
        except PlaybackFailed as error:
            self._warn_once("playback", f"speech is silent, texts are shown on screen only: {error}")
            return
        if path is not None and self.problem:
            log.info("speech is heard again")
            self.problem = ""

    def _render(self, utterance: Utterance) -> Path | None:
        if self.renderer is None:
            return None
        words = self.words(utterance.text)
        try:
            if utterance.priority == "announcement":
                return self.renderer.announcement_wav(words)
            return self.renderer.speech_wav(words)
        except (SpeechUnavailable, OSError, ValueError) as error:
            self._warn_once("synthesis", f"speech is silent, texts are shown on screen only: {error}")
            return None

    def _notify_listeners(self, utterance: Utterance) -> None:
        for listener in list(self._listeners):
            try:
                listener(utterance.text, utterance.priority)
            except Exception as error:
                self._warn_once("listener", f"a speech listener failed: {type(error).__name__}: {error}")

    def _cancel(self, utterance: Utterance) -> None:
        utterance.cancel.set()
        self.player.stop()

    def _busy(self) -> bool:
        return self._current is not None or bool(self._announcements) or self._guidance is not None

    def _warn_once(self, kind: str, message: str) -> None:
        self.problem = message
        if kind not in self._warned:
            self._warned.add(kind)
            log.warning(message)


class Pyttsx3Speaker(Speaker):
    """espeak-ng's Vietnamese voice through pyttsx3 (or the selected voice pack over it), played with aplay."""

    def __init__(self, settings: Speech | None = None, cache_dir: str | Path | None = None):
        from kiosk.voice import make_synthesiser
        settings = settings or Speech()
        super().__init__(settings, make_synthesiser(settings), AplayPlayer(settings.audio_device), cache_dir)


class FileSpeaker(Speaker):
    """Writes each clip it would play as a numbered WAV in `output_dir` (`written` lists them)."""

    def __init__(
        self,
        settings: Speech | None = None,
        output_dir: str | Path | None = None,
        cache_dir: str | Path | None = None,
        synthesiser: Synthesiser | None = None,
    ):
        from kiosk.voice import make_synthesiser
        settings = settings or Speech()
        synthesiser = synthesiser or make_synthesiser(settings)
        self.folder_player = FolderPlayer(project_path(output_dir or settings.output_dir or DEFAULT_OUTPUT_DIR))
        super().__init__(settings, synthesiser, self.folder_player, cache_dir)

    @property
    def written(self) -> list[Path]:
        return self.folder_player.written


class DummySpeaker(Speaker):
    """Renders nothing and plays nothing; `spoken` records every call to `say`, in order.

    `seconds_per_text` makes each text "last" a while (cut short by interruption), and
    `recorder.played` then shows what was heard and when.
    """

    def __init__(self, settings: Speech | None = None, seconds_per_text: float = 0.0):
        self.recorder = RecordingPlayer(seconds_without_audio=seconds_per_text)
        super().__init__(settings, None, self.recorder)
        self.spoken: list[tuple[str, str]] = []

    def say(self, text: str, priority: Priority = "guidance") -> None:
        if priority in PRIORITIES and text and text.strip():
            self.spoken.append((text, priority))
        super().say(text, priority)


def make_speaker(settings: Speech | None = None, cache_dir: str | Path | None = None) -> Speaker:
    """The speaker the config asks for; a DummySpeaker (with one warning) if it cannot speak."""
    settings = settings or Speech()
    if not settings.enabled or settings.backend == "dummy":
        return DummySpeaker(settings)
    from kiosk.platform import current
    if current().speech_driver == "sapi5" and settings.backend == "pyttsx3":
        from kiosk.speech.sapi5 import make_sapi5_speaker
        return make_sapi5_speaker(settings, cache_dir)
    try:
        Pyttsx3Synthesiser(settings.voice, settings.rate, settings.volume).check()
    except SpeechUnavailable as error:
        log.warning("speech is silent, texts are shown on screen only: %s", error)
        speaker = DummySpeaker(settings)
        speaker.problem = str(error)
        return speaker
    if settings.backend == "file":
        return FileSpeaker(settings, cache_dir=cache_dir)
    return Pyttsx3Speaker(settings, cache_dir)
