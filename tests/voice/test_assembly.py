"""A pack built from known clips says an announcement with exactly those clips, in order,
trimmed, at one loudness; what the pack lacks is said by the fallback engine, phrase by phrase."""
from __future__ import annotations

import numpy as np
from scipy.signal import correlate

from kiosk.speech import announcement_text, normalise
from kiosk.speech.synth import ToneSynthesiser
from kiosk.speech.wavs import read_clip
from kiosk.voice.assembly import RATE, TARGET_LUFS, loudness, prepared, samples_of
from kiosk.voice.pack import VoicePack
from kiosk.voice.synth import PackSynthesiser

PHRASES = ["mời công dân có số thứ tự", "một", "nghìn", "đến quầy số"]


def built_pack(tmp_path, samples) -> VoicePack:
    pack = VoicePack(tmp_path / "pack")
    for (wav, _), key in zip(samples, PHRASES):
        pack.save_clip("phrases", key, wav.read_bytes(), {"recorded_by": "admin"})
    return pack


def best_offset(haystack: np.ndarray, needle: np.ndarray) -> tuple[int, float]:
    """Where `needle` sits in `haystack` and how well it fits there (normalised, 1.0 = exact)."""
    scores = correlate(haystack, needle, mode="valid", method="fft")
    offset = int(np.argmax(scores))
    window = haystack[offset: offset + len(needle)]
    return offset, float(scores[offset] / (np.linalg.norm(window) * np.linalg.norm(needle) + 1e-12))


def test_an_announcement_is_the_clips_in_order_with_the_rest_said_by_the_fallback(tmp_path, samples):
    pack = built_pack(tmp_path, samples)
    fallback = ToneSynthesiser()
    synthesiser = PackSynthesiser(pack, fallback)
    words = normalise(announcement_text(1023, 3))

    out = samples_of(read_clip(synthesiser.synthesise(words, tmp_path / "call.wav")))

    # 1023 has clips for "một" and "nghìn" only: the rest goes to the fallback, a stretch at a time
    assert fallback.calls == ["không trăm hai mươi ba", "ba"]
    placed = [best_offset(out, prepared(read_clip(wav))[400:-400]) for wav, _ in samples[:4]]
    offsets = [offset for offset, _ in placed]
    assert offsets == sorted(offsets), offsets                       # the clips, in the phrases' order
    assert all(fit > 0.99 for _, fit in placed), placed              # each one whole (not just as long)
    assert len(out) < sum(len(samples_of(read_clip(w))) for w, _ in samples[:4])   # silence trimmed


def test_each_clip_is_brought_to_one_loudness(samples):
    levels = [loudness(samples_of(read_clip(wav))) for wav, _ in samples]
    evened = [loudness(prepared(read_clip(wav)), RATE) for wav, _ in samples]
    assert max(levels) - min(levels) > 2                      # the recordings differ ...
    assert max(abs(level - TARGET_LUFS) for level in evened) < 1.0   # ... the pack plays them alike


def test_a_guidance_recording_plays_while_its_text_is_unchanged(tmp_path, samples):
    pack = VoicePack(tmp_path / "pack")
    wav, _ = samples[0]
    words = normalise("Mang theo giấy chứng sinh.")
    pack.save_clip("guidance", "1.001193", wav.read_bytes(), {"words": "mang theo giấy chứng sinh"})
    fallback = ToneSynthesiser()
    synthesiser = PackSynthesiser(pack, fallback)

    assert [s.clip for s in synthesiser.plan(words)] == [pack.guidance_clip("mang theo giấy chứng sinh")]
    synthesiser.synthesise(normalise("Mang theo giấy khai sinh."), tmp_path / "edited.wav")
    assert fallback.calls == ["mang theo giấy khai sinh"]     # edited text: TTS until recorded again
