"""The recording studio behind the admin page "Giọng đọc": what is recorded and what is
missing, keeping a new clip (checked, converted to the pack's format, audited) and moving a
pack as one zip. Handlers in kiosk/server/routes/voice.py only translate HTTP to these."""
from __future__ import annotations

import io
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from kiosk.admin.context import AdminContext
from kiosk.core.centre import procedure_view
from kiosk.core.errors import invalid, not_found
from kiosk.speech.normalise import normalise
from kiosk.speech.wavs import Clip
from kiosk.ui.flow import guidance_text
from kiosk.voice.assembly import RATE, clip_of, samples_of
from kiosk.voice.checks import SilentClip, level_problems
from kiosk.voice.pack import PackError, VoicePack
from kiosk.voice.phrases import catalogue, key_of
from kiosk.voice.recogniser import available_recogniser, word_problem
from kiosk.voice.synth import packs_dir, selected_pack

LONGEST_CLIP_SECONDS = 120


def studio_pack(ctx: AdminContext) -> VoicePack:
    settings = ctx.config.speech
    if not settings.pack:
        raise invalid("pack", "speech.pack is empty in config.yaml",
                      "Chưa đặt tên gói giọng (speech.pack) trong config.yaml: kiosk đang dùng espeak-ng.")
    return VoicePack(packs_dir(settings) / settings.pack)


def spoken_words(config, text: str) -> str:
    """The words the speaker will say for `text` (so a guidance recording is found by them)."""
    return key_of(normalise(text, config.speech.region, config.speech.number_reading))


def phrases(ctx: AdminContext):
    return catalogue([c["name"] for c in ctx.store.counters() if c.get("name")])


def status(ctx: AdminContext) -> dict:
    """Every phrase and every procedure's guidance, recorded or missing, with their checks."""
    pack = studio_pack(ctx)
    manifest = pack.manifest()
    rows = [{"key": p.words, "shown": p.shown, "group": p.group, **_entry_view(manifest["phrases"].get(p.words))}
            for p in phrases(ctx)]
    guidance = []
    for row in ctx.store.procedures(active_only=True):
        text = guidance_text(procedure_view(row, ctx.config))
        entry = manifest["guidance"].get(row["code"])
        stale = bool(entry) and entry.get("words") != spoken_words(ctx.config, text)
        guidance.append({"key": row["code"], "shown": text, "name": row["name"], "group": "hướng dẫn",
                         **_entry_view(entry), "stale": stale})
    done = sum(1 for row in rows if row["recorded"])
    return {"pack": pack.name, "in_use": selected_pack(ctx.config.speech) is not None,
            "recogniser": available_recogniser() is not None,
            "phrases": rows, "guidance": guidance, "done": done, "missing": len(rows) - done,
            "missing_phrases": [row["shown"] for row in rows if not row["recorded"]]}


@dataclass
class CheckedClip:
    kind: str         # "phrases" or "guidance"
    key: str          # the phrase's words or the procedure's code
    expected: str     # the text the clip should say
    extra: dict       # a guidance entry's words and text
    wav: bytes = b""  # converted to the pack's format
    entry: dict | None = None


def expected_clip(ctx: AdminContext, kind: str, key: str) -> CheckedClip:
    """What a clip for this phrase or procedure must say; 404 for an unknown one."""
    if kind == "phrases":
        known = {p.words: p for p in phrases(ctx)}
        if key not in known:
            raise not_found("key", f"no phrase {key!r}", "Không có câu này trong danh sách cần ghi.")
        return CheckedClip(kind, key, known[key].shown, {})
    row = ctx.store.procedure(key)
    if row is None:
        raise not_found("code", f"no procedure {key!r}", "Không tìm thấy thủ tục này.")
    text = guidance_text(procedure_view(row, ctx.config))
    return CheckedClip(kind, key, text, {"words": spoken_words(ctx.config, text), "text": text})


def check_clip(clip: CheckedClip, wav: bytes) -> CheckedClip:
    """Level and word checks, and conversion to the pack's format. Slow pure work (the
    recogniser): run it in a worker thread."""
    audio = _readable(wav)
    try:
        warnings = level_problems(audio)
    except SilentClip as error:
        raise invalid("audio", "the clip is silent", str(error)) from None
    converted = clip_of(samples_of(audio, RATE), RATE)
    heard, problem = _heard(converted, clip.expected)
    clip.wav = _wav_bytes(converted)
    clip.entry = {**clip.extra, "seconds": round(converted.seconds, 2),
                  "warnings": warnings + ([problem] if problem else []), "heard": heard}
    return clip


def keep_clip(ctx: AdminContext, clip: CheckedClip) -> dict:
    """Store a checked clip in the pack, with the audit entry of who recorded what."""
    pack = studio_pack(ctx)
    entry = {**clip.entry, "recorded_by": ctx.actor, "recorded_at": ctx.now()}
    with ctx.change() as change:
        before = pack.manifest()[clip.kind].get(clip.key)
        saved = pack.save_clip(clip.kind, clip.key, clip.wav, entry)
        change.audit("voice.record", "voice_phrase" if clip.kind == "phrases" else "voice_guidance", clip.key,
                     before, saved, f"ghi âm “{clip.expected[:60]}”")
    return {"key": clip.key, **_entry_view(saved)}


def record(ctx: AdminContext, kind: str, key: str, wav: bytes) -> dict:
    """All three steps in one thread (the CLI and tests)."""
    return keep_clip(ctx, check_clip(expected_clip(ctx, kind, key), wav))


def export_zip(ctx: AdminContext) -> bytes:
    return studio_pack(ctx).export_zip()


def install_zip(ctx: AdminContext, data: bytes) -> dict:
    """Check a pack zip whole and install its clips (file work: run it in a worker thread)."""
    try:
        return studio_pack(ctx).import_zip(data)
    except PackError as error:
        raise invalid("file", error.reason, error.message) from None


def audit_import(ctx: AdminContext, manifest: dict) -> dict:
    counts = {"phrases": len(manifest["phrases"]), "guidance": len(manifest["guidance"])}
    with ctx.change() as change:
        change.audit("voice.import", "voice_pack", studio_pack(ctx).name, None, counts,
                     f"{counts['phrases']} câu, {counts['guidance']} hướng dẫn")
    return counts


def _readable(wav: bytes) -> Clip:
    try:
        with wave.open(io.BytesIO(wav)) as reader:
            clip = Clip(reader.readframes(reader.getnframes()), reader.getnchannels(), reader.getsampwidth(),
                        reader.getframerate())
    except (wave.Error, EOFError):
        raise invalid("audio", "not a WAV file", "Tệp ghi âm không phải WAV.") from None
    if clip.sample_width != 2:
        raise invalid("audio", "only 16-bit PCM WAV", "Tệp ghi âm phải là WAV 16 bit.")
    if clip.seconds > LONGEST_CLIP_SECONDS:
        raise invalid("audio", "the clip is longer than 120 s", "Bản ghi dài quá 2 phút: hãy ghi ngắn hơn.")
    return clip


def _heard(clip: Clip, expected: str) -> tuple[str, str]:
    recogniser = available_recogniser()
    if recogniser is None:
        return "", ""
    with tempfile.TemporaryDirectory(prefix="voice-check-") as folder:
        path = Path(folder) / "clip.wav"
        path.write_bytes(_wav_bytes(clip))
        return word_problem(recogniser, path, expected)


def _wav_bytes(clip: Clip) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(clip.channels)
        writer.setsampwidth(clip.sample_width)
        writer.setframerate(clip.rate)
        writer.writeframes(clip.frames)
    return buffer.getvalue()


def _entry_view(entry: dict | None) -> dict:
    if not entry:
        return {"recorded": False, "recorded_by": "", "recorded_at": "", "warnings": [], "heard": "", "stale": False}
    return {"recorded": True, "recorded_by": entry.get("recorded_by", ""), "recorded_at": entry.get("recorded_at", ""),
            "warnings": entry.get("warnings", []), "heard": entry.get("heard", ""), "stale": False,
            "seconds": entry.get("seconds")}


def trial_wav(config, text: str) -> bytes:
    """`text` as the display says a call now: normalised, through the selected voice."""
    from kiosk.speech.synth import SpeechUnavailable
    from kiosk.voice.synth import make_synthesiser

    with tempfile.TemporaryDirectory(prefix="voice-trial-") as folder:
        path = Path(folder) / "trial.wav"
        try:
            speech = config.speech
            make_synthesiser(speech).synthesise(normalise(text, speech.region, speech.number_reading), path)
        except SpeechUnavailable as error:
            raise invalid("text", f"speech unavailable: {error}", "Máy chủ chưa phát được tiếng (thiếu espeak-ng?).")
        return path.read_bytes()
