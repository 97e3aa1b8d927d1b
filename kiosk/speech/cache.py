"""A folder of WAV files keyed by what they say and how, so repeated phrases are not
synthesised again. Files are written atomically; the oldest are pruned past `max_files`."""
from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Callable

from kiosk import PROJECT_ROOT

DEFAULT_CACHE_DIR = PROJECT_ROOT / "data" / "cache" / "speech"


class AudioCache:
    def __init__(self, directory: str | Path | None = None, max_files: int = 2000):
        self.directory = Path(directory or DEFAULT_CACHE_DIR)
        self.max_files = max_files
        self._lock = threading.Lock()
        self._writes_since_prune = 0

    def path_for(self, *key_parts: object) -> Path:
        digest = hashlib.sha1("\x1f".join(map(str, key_parts)).encode("utf-8")).hexdigest()[:20]
        return self.directory / f"{digest}.wav"

    def get_or_create(self, key_parts: tuple, create: Callable[[Path], object]) -> Path:
        """Return the cached file for `key_parts`, calling `create(path)` to write it if missing."""
        path = self.path_for(*key_parts)
        if path.exists():
            _touch(path)
            return path
        self.directory.mkdir(parents=True, exist_ok=True)
        create(path)
        self._prune_now_and_then()
        return path

    def _prune_now_and_then(self) -> None:
        with self._lock:
            self._writes_since_prune += 1
            if self._writes_since_prune < 50:
                return
            self._writes_since_prune = 0
        self.prune()

    def prune(self) -> None:
        files = sorted(self.directory.glob("*.wav"), key=_mtime, reverse=True)
        for stale in files[self.max_files:]:
            stale.unlink(missing_ok=True)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
