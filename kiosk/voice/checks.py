"""Checks on one recorded clip before it joins the pack: level (too quiet, clipped, noise
before and after the words) and, with the optional recogniser, the words themselves.
Each problem is a Vietnamese sentence the studio shows beside the clip."""
from __future__ import annotations

import numpy as np

from kiosk.speech.wavs import Clip
from kiosk.voice.assembly import loudness, samples_of

SILENT_PEAK_DBFS = -50.0
QUIET_LUFS = -38.0
CLIPPED_SHARE = 0.001         # a thousandth of the samples at full scale
NOISE_MARGIN_DB = 25.0        # the words must stand this far above the noise around them

SILENT = "Không nghe thấy tiếng: hãy kiểm tra micrô rồi ghi lại."
TOO_QUIET = "Tiếng quá nhỏ: hãy nói to hơn hoặc đưa micrô lại gần rồi ghi lại."
CLIPPED = "Tiếng bị rè vì quá to: hãy nói nhỏ hơn hoặc để micrô xa hơn một chút rồi ghi lại."
NOISY = "Nhiều tiếng ồn trước và sau lời nói: hãy ghi ở nơi yên tĩnh hơn."


class SilentClip(ValueError):
    """Nothing was heard at all: the clip is refused."""


def level_problems(clip: Clip) -> list[str]:
    """Vietnamese messages for what is wrong with the clip's level; [] when it is fine.
    Raises SilentClip when there is no sound at all."""
    audio = samples_of(clip, clip.rate)
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak == 0.0 or 20 * np.log10(peak) < SILENT_PEAK_DBFS:
        raise SilentClip(SILENT)
    problems = []
    if loudness(audio, clip.rate) < QUIET_LUFS:
        problems.append(TOO_QUIET)
    if np.mean(np.abs(audio) >= 0.999) > CLIPPED_SHARE:
        problems.append(CLIPPED)
    if _noise_margin_db(audio, clip.rate) < NOISE_MARGIN_DB:
        problems.append(NOISY)
    return problems


def _noise_margin_db(audio: np.ndarray, rate: int) -> float:
    """How far (dB) the words stand above the noise floor: the loud tenth of 20 ms frames
    against the quiet tenth (the pauses before, between and after the words)."""
    frame = rate // 50
    count = len(audio) // frame
    if count < 10:
        return float("inf")
    rms = np.sqrt(np.mean(audio[: count * frame].astype(np.float64).reshape(count, frame) ** 2, axis=1))
    floor, words = np.percentile(rms, 10), np.percentile(rms, 90)
    return float(20 * np.log10(words / max(floor, 1e-6)))
