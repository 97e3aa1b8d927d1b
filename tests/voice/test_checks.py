"""Level checks on a recorded clip, each with its Vietnamese message."""
from __future__ import annotations

import numpy as np
import pytest

from kiosk.speech.wavs import read_clip
from kiosk.voice.assembly import clip_of, samples_of
from kiosk.voice.checks import CLIPPED, NOISY, TOO_QUIET, SilentClip, level_problems


def with_pauses(speech: np.ndarray, noise: float = 0.0, rate: int = 22050) -> np.ndarray:
    pause = np.random.default_rng(1).normal(0, noise, int(0.4 * rate)).astype(np.float32) if noise else \
        np.zeros(int(0.4 * rate), dtype=np.float32)
    return np.concatenate([pause, speech, pause])


@pytest.fixture
def speech(samples) -> np.ndarray:
    audio = samples_of(read_clip(samples[0][0]))
    return audio * np.float32(0.5 / np.max(np.abs(audio)))


def test_a_clean_recording_passes(speech):
    assert level_problems(clip_of(with_pauses(speech))) == []


def test_too_quiet_clipped_and_noisy_recordings_are_named(speech):
    assert level_problems(clip_of(with_pauses(speech * 0.02))) == [TOO_QUIET]
    assert CLIPPED in level_problems(clip_of(with_pauses(np.clip(speech * 6, -1, 1))))
    assert level_problems(clip_of(with_pauses(speech, noise=0.03))) == [NOISY]


def test_a_silent_recording_is_refused():
    with pytest.raises(SilentClip, match="Không nghe thấy tiếng"):
        level_problems(clip_of(np.zeros(22050, dtype=np.float32)))
