"""Joining clips into one utterance: each clip is brought to the pack's rate, its silence
trimmed, its loudness set to one level (ITU-R BS.1770 through pyloudnorm), and neighbours are
joined with a short crossfade."""
from __future__ import annotations

from math import gcd
from pathlib import Path

import numpy as np

from kiosk.speech.wavs import Clip, read_clip

RATE = 22050                 # espeak-ng's rate and the chime's: clips join without conversion
TARGET_LUFS = -20.0
CROSSFADE_SECONDS = 0.012
PAD_SECONDS = 0.04           # kept around the words so their first and last sounds survive
SILENCE_BELOW_PEAK_DB = 35.0
PEAK_CEILING = 0.97
LOUDNESS_BLOCK_SECONDS = 0.4 # BS.1770 gates 400 ms blocks; shorter clips are measured tiled


def samples_of(clip: Clip, rate: int = RATE) -> np.ndarray:
    """16-bit PCM -> mono float32 in [-1, 1] at `rate`."""
    if clip.sample_width != 2:
        raise ValueError("only 16-bit WAV clips are supported")
    audio = np.frombuffer(clip.frames, dtype="<i2").astype(np.float32) / 32768.0
    if clip.channels > 1:
        audio = audio.reshape(-1, clip.channels).mean(axis=1)
    return resample(audio, clip.rate, rate)


def resample(audio: np.ndarray, source_rate: int, rate: int) -> np.ndarray:
    if source_rate == rate:
        return audio
    from scipy.signal import resample_poly
    divisor = gcd(source_rate, rate)
    return resample_poly(audio, rate // divisor, source_rate // divisor).astype(np.float32)


def clip_of(audio: np.ndarray, rate: int = RATE) -> Clip:
    pcm = np.clip(np.round(audio * 32767.0), -32768, 32767).astype("<i2")
    return Clip(pcm.tobytes(), 1, 2, rate)


def speech_bounds(audio: np.ndarray, rate: int = RATE) -> tuple[int, int]:
    """(start, end) sample of the words: 10 ms frames louder than the peak minus 35 dB."""
    frame = max(1, rate // 100)
    count = len(audio) // frame
    if count == 0:
        return 0, len(audio)
    rms = np.sqrt(np.mean(audio[: count * frame].reshape(count, frame) ** 2, axis=1) + 1e-12)
    loud = np.flatnonzero(20 * np.log10(rms) > 20 * np.log10(rms.max()) - SILENCE_BELOW_PEAK_DB)
    return int(loud[0]) * frame, min(len(audio), (int(loud[-1]) + 1) * frame)


def trim(audio: np.ndarray, rate: int = RATE) -> np.ndarray:
    start, end = speech_bounds(audio, rate)
    pad = int(PAD_SECONDS * rate)
    return audio[max(0, start - pad): min(len(audio), end + pad)]


def loudness(audio: np.ndarray, rate: int = RATE) -> float:
    """Integrated loudness in LUFS; a clip under 400 ms (one word) is measured repeated."""
    import pyloudnorm

    shortest = int(LOUDNESS_BLOCK_SECONDS * rate * 1.5)
    if len(audio) < shortest:
        audio = np.tile(audio, shortest // max(1, len(audio)) + 1)
    return float(pyloudnorm.Meter(rate).integrated_loudness(audio))


def even_loudness(audio: np.ndarray, rate: int = RATE, target: float = TARGET_LUFS) -> np.ndarray:
    measured = loudness(audio, rate)
    if not np.isfinite(measured):
        return audio
    audio = audio * np.float32(10 ** ((target - measured) / 20))
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    return audio * np.float32(PEAK_CEILING / peak) if peak > PEAK_CEILING else audio


def prepared(clip: Clip) -> np.ndarray:
    """One clip ready to join: at RATE, trimmed, at the target loudness."""
    return even_loudness(trim(samples_of(clip)))


def crossfade_join(parts: list[np.ndarray], rate: int = RATE) -> np.ndarray:
    """Each join overlaps the end of one part with the start of the next by 12 ms."""
    if not parts:
        return np.zeros(0, dtype=np.float32)
    out = parts[0].astype(np.float32)
    for part in parts[1:]:
        overlap = min(int(CROSSFADE_SECONDS * rate), len(out) // 2, len(part) // 2)
        if overlap == 0:
            out = np.concatenate([out, part])
            continue
        fade = np.linspace(0.0, 1.0, overlap, dtype=np.float32)
        middle = out[-overlap:] * (1 - fade) + part[:overlap] * fade
        out = np.concatenate([out[:-overlap], middle, part[overlap:]])
    return out


def assemble(paths: list[Path]) -> Clip:
    """The clips at `paths`, prepared and joined, as one clip at RATE."""
    return clip_of(crossfade_join([prepared(read_clip(path)) for path in paths]))
