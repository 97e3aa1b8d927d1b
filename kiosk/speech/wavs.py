"""Small WAV helpers on the standard `wave` module: duration, silence, joining clips."""
from __future__ import annotations

import os
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Clip:
    """PCM frames with their format, ready to be joined to clips of the same format."""

    frames: bytes
    channels: int = 1
    sample_width: int = 2
    rate: int = 22050

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.channels * self.sample_width * self.rate)

    @property
    def audio_format(self) -> tuple[int, int, int]:
        return (self.channels, self.sample_width, self.rate)


def wav_duration(path: str | Path) -> float:
    with wave.open(str(path), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def read_clip(path: str | Path) -> Clip:
    with wave.open(str(path), "rb") as reader:
        return Clip(reader.readframes(reader.getnframes()), reader.getnchannels(), reader.getsampwidth(), reader.getframerate())


def silence(seconds: float, like: Clip) -> Clip:
    frame_count = int(round(seconds * like.rate))
    return Clip(bytes(frame_count * like.channels * like.sample_width), like.channels, like.sample_width, like.rate)


def join_clips(clips: list[Clip]) -> Clip:
    first = clips[0]
    for clip in clips[1:]:
        if clip.audio_format != first.audio_format:
            raise ValueError(f"cannot join audio formats {clip.audio_format} and {first.audio_format}")
    return Clip(b"".join(clip.frames for clip in clips), first.channels, first.sample_width, first.rate)


def write_clip_atomically(clip: Clip, path: str | Path) -> Path:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".wav", dir=path.parent)
    os.close(handle)
    try:
        with wave.open(temporary, "wb") as writer:
            writer.setnchannels(clip.channels)
            writer.setsampwidth(clip.sample_width)
            writer.setframerate(clip.rate)
            writer.writeframes(clip.frames)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def convert_clip(path: str | Path, like: Clip) -> Clip:
    """Read a WAV in another format (e.g. a custom chime) as `like`'s format, through sox."""
    clip = read_clip(path)
    if clip.audio_format == like.audio_format:
        return clip
    with tempfile.TemporaryDirectory() as folder:
        converted = Path(folder) / "converted.wav"
        subprocess.run(
            ["sox", str(path), "-r", str(like.rate), "-c", str(like.channels), "-b", str(8 * like.sample_width), str(converted)],
            check=True, capture_output=True, timeout=30,
        )
        return read_clip(converted)
