"""Players put a rendered WAV out into the world. Each `play` blocks until the clip ends or
its `cancel` event is set; a player raises PlaybackFailed when it cannot play at all."""
from __future__ import annotations

import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.speech.wavs import wav_duration


class PlaybackFailed(Exception):
    """No audio device, or no player program: the clip was not heard."""


class Player(Protocol):
    def play(self, path: Path | None, label: str, cancel: threading.Event) -> None: ...

    def stop(self) -> None:
        """Cut the clip that is playing now (called from another thread)."""
        ...


class AplayPlayer:
    """Plays through `aplay` (alsa-utils) in a child process that `stop()` kills."""

    def __init__(self, device: str = "", program: str = "aplay"):
        self.command = [program, "-q"] + (["-D", device] if device else [])
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def play(self, path: Path | None, label: str, cancel: threading.Event) -> None:
        if path is None:
            return
        with self._lock:
            if cancel.is_set():
                return
            try:
                self._process = subprocess.Popen(
                    self.command + [str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
            except OSError as error:
                raise PlaybackFailed(f"cannot run {self.command[0]} (install alsa-utils): {error}") from None
            process = self._process
        _, errors = process.communicate()
        with self._lock:
            self._process = None
        if process.returncode != 0 and not cancel.is_set():
            lines = errors.decode("utf-8", "replace").strip().splitlines()
            raise PlaybackFailed(f"{self.command[0]} failed: {lines[-1] if lines else f'exit code {process.returncode}'}")

    def stop(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()


@dataclass
class PlayedClip:
    label: str
    path: Path | None
    started: float
    ended: float
    interrupted: bool


class RecordingPlayer:
    """Plays nothing: records each clip with start and end times (time.monotonic).

    A clip "lasts" its WAV's duration times `time_scale`, or `seconds_without_audio` when there
    is no WAV, and ends early when cancelled, so queue timing can be tested without a sound card.
    """

    def __init__(self, time_scale: float = 0.0, seconds_without_audio: float = 0.0):
        self.time_scale = time_scale
        self.seconds_without_audio = seconds_without_audio
        self.played: list[PlayedClip] = []
        self._lock = threading.Lock()

    def play(self, path: Path | None, label: str, cancel: threading.Event) -> None:
        started = time.monotonic()
        seconds = wav_duration(path) * self.time_scale if path else self.seconds_without_audio
        interrupted = cancel.wait(seconds) if seconds > 0 else cancel.is_set()
        with self._lock:
            self.played.append(PlayedClip(label, path, started, time.monotonic(), interrupted))

    def stop(self) -> None:
        """Nothing to do: `play` watches its cancel event."""


class FolderPlayer:
    """The file backend: copies each clip into `folder` as 0001-announcement.wav, ... ."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.written: list[Path] = []
        self._lock = threading.Lock()

    def play(self, path: Path | None, label: str, cancel: threading.Event) -> None:
        if path is None or cancel.is_set():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            target = self.folder / f"{len(self.written) + 1:04d}-{label}.wav"
            self.written.append(target)
        shutil.copyfile(path, target)

    def stop(self) -> None:
        """Copies are instant; nothing to cut."""
