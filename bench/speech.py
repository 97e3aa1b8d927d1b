"""Speech figures: time from an announcement's call to the start of its audio (cold and
cached), and espeak-ng's synthesis real-time factor.

    .venv/bin/python bench/speech.py [--calls 20]

"First audio" is the moment the player is handed the finished WAV (chime + speech), i.e. when
`aplay` is started; it includes normalisation, synthesis, joining and writing the WAV.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.config import Speech  # noqa: E402
from kiosk.speech import announcement_text, normalise  # noqa: E402
from kiosk.speech.speaker import Speaker  # noqa: E402
from kiosk.speech.synth import Pyttsx3Synthesiser  # noqa: E402
from kiosk.speech.wavs import wav_duration  # noqa: E402


class FirstAudioPlayer:
    """Records when each clip would start playing; plays nothing."""

    def __init__(self):
        self.started: list[float] = []
        self.clip_seconds: list[float] = []
        self.done = threading.Event()

    def play(self, path, label, cancel):
        self.started.append(time.perf_counter())
        self.clip_seconds.append(wav_duration(path) if path else 0.0)
        self.done.set()

    def stop(self):
        pass


def time_to_first_audio(speaker: Speaker, player: FirstAudioPlayer, text: str) -> float:
    player.done.clear()
    called = time.perf_counter()
    speaker.say(text, "announcement")
    player.done.wait(10)
    speaker.wait_until_idle(10)
    return player.started[-1] - called


def real_time_factor(synthesiser: Pyttsx3Synthesiser, folder: Path, texts: list[str]) -> tuple[float, float, float]:
    spent = audio = 0.0
    for index, text in enumerate(texts):
        started = time.perf_counter()
        path = synthesiser.synthesise(normalise(text), folder / f"rtf-{index}.wav")
        spent += time.perf_counter() - started
        audio += wav_duration(path)
    return spent / audio, spent, audio


def milliseconds(values: list[float]) -> str:
    values = sorted(values)
    return f"median {1000 * statistics.median(values):.1f} ms, max {1000 * values[-1]:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    settings = Speech()
    with tempfile.TemporaryDirectory() as folder:
        player = FirstAudioPlayer()
        speaker = Speaker(settings, Pyttsx3Synthesiser(settings.voice, settings.rate, settings.volume), player, cache_dir=folder)
        texts = [announcement_text(1001 + index, 1 + index % 5) for index in range(args.calls)]
        first_in_process = time_to_first_audio(speaker, player, announcement_text(999, 9))
        cold = [time_to_first_audio(speaker, player, text) for text in texts]
        cached = [time_to_first_audio(speaker, player, text) for text in texts]
        speaker.close()
        rtf, spent, audio = real_time_factor(Pyttsx3Synthesiser(settings.voice, settings.rate, settings.volume), Path(folder), texts)
    print(f"announcement WAV (chime + {settings.announcement_repeat} readings): {statistics.median(player.clip_seconds):.2f} s of audio")
    print(f"time to first audio, first call in the process (espeak-ng start-up): {1000 * first_in_process:.1f} ms")
    print(f"time to first audio, cold (new number, {args.calls} calls): {milliseconds(cold)}")
    print(f"time to first audio, cached (same calls again): {milliseconds(cached)}")
    print(f"synthesis real-time factor: {rtf:.4f} ({spent:.2f} s to synthesise {audio:.1f} s of speech, {1 / rtf:.0f}x faster than real time)")


if __name__ == "__main__":
    main()
