"""How well a listener (here: the offline recogniser viet-asr) understands each voice: word
error rate per voice over fixed announcements and guidance texts, espeak-ng as the baseline.

    python bench/intelligibility.py                  # espeak-ng, and the configured pack if recorded
    python bench/intelligibility.py --pack DIR       # espeak-ng and the pack in DIR
    python bench/intelligibility.py --demo-pack      # and a pack holding vieneu's human samples

Needs the voice-check extra (pip install -e ".[voice-check]"). Each WAV is the speech alone
(no chime); its duration and loudness (LUFS, ITU-R BS.1770) are printed too. --demo-pack
builds a pack whose only clips are the six human sample recordings shipped in the vieneu
package, recorded as guidance for their own transcripts: those texts are then said by human
voices, everything else in that pack falls back to espeak-ng (no one has recorded the
announcement phrases on this machine).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.config import load_config  # noqa: E402
from kiosk.speech import announcement_text, normalise  # noqa: E402
from kiosk.speech.synth import Pyttsx3Synthesiser  # noqa: E402
from kiosk.speech.wavs import read_clip  # noqa: E402
from kiosk.voice.assembly import loudness, samples_of  # noqa: E402
from kiosk.voice.pack import VoicePack  # noqa: E402
from kiosk.voice.phrases import key_of  # noqa: E402
from kiosk.voice.recogniser import VietAsrRecogniser, comparable  # noqa: E402
from kiosk.voice.synth import PackSynthesiser, selected_pack  # noqa: E402

ANNOUNCEMENTS = [announcement_text(number, counter) for number, counter in
                 ((1023, 3), (57, 1), (215, 2), (1005, 4), (34, "Quầy 5"))]
GUIDANCE = [
    "Mời ông/bà nhận phiếu.",
    "Xin chào, mời ông/bà chạm vào màn hình để lấy số.",
    "Thủ tục đăng ký khai sinh. Ông/bà cần mang: tờ khai đăng ký khai sinh; giấy chứng sinh. Lệ phí: miễn lệ phí.",
    "Thời gian giải quyết: 3 ngày làm việc. Lệ phí: 10.000 đồng/bản.",
]


def human_samples() -> list[tuple[Path, str]]:
    from importlib.resources import files
    folder = Path(str(files("vieneu") / "assets" / "samples"))
    return [(wav, wav.with_suffix(".txt").read_text(encoding="utf-8").strip()) for wav in sorted(folder.glob("*.wav"))]


def demo_pack(folder: Path) -> tuple[VoicePack, list[str]]:
    pack = VoicePack(folder / "vieneu-demo")
    texts = []
    for index, (wav, transcript) in enumerate(human_samples()):
        pack.save_clip("guidance", f"vieneu-{index}", wav.read_bytes(), {"words": key_of(normalise(transcript))})
        texts.append(transcript)
    return pack, texts


def measure(name, synthesiser, texts, recogniser, folder: Path) -> dict:
    import jiwer
    references, heard, seconds, levels = [], [], 0.0, []
    for index, text in enumerate(texts):
        path = synthesiser.synthesise(normalise(text), folder / f"{name}-{index}.wav")
        clip = read_clip(path)
        seconds += clip.seconds
        levels.append(loudness(samples_of(clip, clip.rate), clip.rate))
        references.append(" ".join(comparable(text)))
        heard.append(" ".join(comparable(recogniser.transcribe(path))) or "<không>")
    return {"wer": jiwer.wer(references, heard), "seconds": seconds, "lufs": (min(levels), max(levels)),
            "count": len(texts)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--pack", type=Path, help="a voice pack folder (default: speech.pack when recorded)")
    parser.add_argument("--demo-pack", action="store_true", help="also measure a pack of vieneu's human samples")
    args = parser.parse_args()
    settings = load_config(args.config).speech
    espeak = Pyttsx3Synthesiser(settings.voice, settings.rate, settings.volume)
    recogniser = VietAsrRecogniser()
    texts = {"announcements": ANNOUNCEMENTS, "guidance": GUIDANCE}
    with tempfile.TemporaryDirectory(prefix="intelligibility-") as tmp:
        folder = Path(tmp)
        voices = {f"espeak-ng ({settings.voice}, rate {settings.rate})": espeak}
        pack = VoicePack(args.pack) if args.pack else selected_pack(settings)
        if pack is not None and pack.exists():
            voices[f"pack {pack.name}"] = PackSynthesiser(pack, espeak)
        if args.demo_pack:
            demo, samples = demo_pack(folder)
            voices["pack vieneu-demo (human samples, espeak-ng for the rest)"] = PackSynthesiser(demo, espeak)
            texts["human samples' sentences"] = samples
        started = time.perf_counter()
        recogniser.transcribe(espeak.synthesise("xin chào", folder / "warm.wav"))
        print(f"viet-asr model loaded and first clip in {time.perf_counter() - started:.2f} s; "
              f"load average {os.getloadavg()[0]:.2f} (other engineers share this machine)")
        print(f"{'voice':58} {'texts':24} {'n':>3} {'WER':>6} {'audio s':>8} {'LUFS min..max':>14}")
        for number, (name, synthesiser) in enumerate(voices.items()):
            for group, group_texts in texts.items():
                started = time.perf_counter()
                result = measure(f"voice{number}-{group[:4]}", synthesiser, group_texts, recogniser, folder)
                per_clip = (time.perf_counter() - started) / result["count"]
                low, high = result["lufs"]
                print(f"{name:58} {group:24} {result['count']:>3} {result['wer']:>6.0%} {result['seconds']:>8.1f} "
                      f"{low:>6.1f}..{high:<6.1f}  ({per_clip:.2f} s per clip to make and transcribe)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
