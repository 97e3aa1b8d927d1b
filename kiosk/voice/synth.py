"""The pack voice: a Synthesiser (kiosk/speech/synth.py) that says words with the pack's clips.

The words (already normalised) are split into the longest phrases the pack knows; a phrase
with a clip is played from it, any other words are said by the fallback (espeak-ng) for that
stretch only. A procedure's guidance recorded whole plays as it is, while its text matches."""
from __future__ import annotations

import tempfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.speech.synth import Pyttsx3Synthesiser, SpeechUnavailable, Synthesiser
from kiosk.speech.wavs import write_clip_atomically
from kiosk.voice.assembly import assemble
from kiosk.voice.pack import VoicePack
from kiosk.voice.phrases import catalogue, words_of

DEFAULT_PACKS_DIR = PROJECT_ROOT / "data" / "voices"


@dataclass(frozen=True)
class Segment:
    words: str
    clip: Path | None   # None: said by the fallback engine


class PackSynthesiser:
    def __init__(self, pack: VoicePack, fallback: Synthesiser):
        self.pack, self.fallback = pack, fallback
        self.plans: deque[list[Segment]] = deque(maxlen=50)   # what recent syntheses were made of

    @property
    def identity(self) -> str:
        if not self.pack.exists():
            return self.fallback.identity
        return f"{self.pack.identity()}+{self.fallback.identity}"

    def plan(self, words: str) -> list[Segment]:
        guidance = self.pack.guidance_clip(" ".join(words_of(words)))
        if guidance is not None:
            return [Segment(words, guidance)]
        manifest_phrases = self.pack.manifest()["phrases"]
        known = {tuple(key.split()) for key in manifest_phrases} | {tuple(p.words.split()) for p in catalogue()}
        longest = max((len(k) for k in known), default=1)
        tokens, segments, unknown, index = words_of(words), [], [], 0
        while index < len(tokens):
            match = next((tokens[index:index + size] for size in range(min(longest, len(tokens) - index), 0, -1)
                          if tokens[index:index + size] in known), None)
            if match is None:
                unknown.append(tokens[index])
                index += 1
                continue
            if unknown:
                segments.append(Segment(" ".join(unknown), None))
                unknown = []
            key = " ".join(match)
            segments.append(Segment(key, self.pack.phrase_clip(key)))
            index += len(match)
        if unknown:
            segments.append(Segment(" ".join(unknown), None))
        return _fallbacks_merged(segments)

    def synthesise(self, words: str, path: Path) -> Path:
        if not self.pack.exists():    # nothing recorded (yet): plain espeak-ng, as before packs
            return self.fallback.synthesise(words, path)
        segments = self.plan(words)
        if not segments:
            raise ValueError("nothing to synthesise")
        self.plans.append(segments)
        with tempfile.TemporaryDirectory(prefix="pack-") as folder:
            paths = [segment.clip or self.fallback.synthesise(segment.words, Path(folder) / f"{index}.wav")
                     for index, segment in enumerate(segments)]
            return write_clip_atomically(assemble(paths), Path(path))


def _fallbacks_merged(segments: list[Segment]) -> list[Segment]:
    """Neighbouring stretches without clips go to espeak-ng as one, so it phrases them naturally."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and segment.clip is None and merged[-1].clip is None:
            merged[-1] = Segment(f"{merged[-1].words} {segment.words}", None)
        else:
            merged.append(segment)
    return merged


def packs_dir(settings) -> Path:
    folder = Path(settings.packs_dir) if settings.packs_dir else DEFAULT_PACKS_DIR
    return folder if folder.is_absolute() else PROJECT_ROOT / folder


def selected_pack(settings) -> VoicePack | None:
    """The pack `speech.pack` names, when it is installed (has a manifest)."""
    if not settings.pack:
        return None
    pack = VoicePack(packs_dir(settings) / settings.pack)
    return pack if pack.exists() else None


def make_synthesiser(settings, voice: str | None = None) -> Synthesiser:
    """espeak-ng, or the selected pack over espeak-ng; `voice` "espeak" or "pack" overrides.
    The pack is looked for at each synthesis, so a running display starts using a pack as soon
    as it is recorded or imported."""
    espeak = Pyttsx3Synthesiser(settings.voice, settings.rate, settings.volume)
    if voice == "espeak" or not settings.pack:
        if voice == "pack":
            raise SpeechUnavailable("speech.pack is empty")
        return espeak
    pack = VoicePack(packs_dir(settings) / settings.pack)
    if voice == "pack" and not pack.exists():
        raise SpeechUnavailable(f"no voice pack {settings.pack!r} in {packs_dir(settings)}")
    return PackSynthesiser(pack, espeak)
