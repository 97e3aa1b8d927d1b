"""`main.py say "..."`: speak a line, write it to a WAV, or show the words espeak-ng gets."""
from __future__ import annotations

import argparse
import logging
import shutil
import sys

from kiosk.wording import say

LONGEST_WAIT_SECONDS = 120


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("say", help="speak a Vietnamese line offline (voice pack or espeak-ng)",
                                   description="Speak a line, write it as a WAV, or print the words that would be spoken.")
    parser.add_argument("text", nargs="+", help='the text, e.g. "Mời công dân có số thứ tự 1023 đến quầy số 3"')
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--wav", metavar="FILE", help="write the speech to this WAV file instead of playing it")
    parser.add_argument("--show-text", action="store_true", help="print the normalised words on one line; say nothing")
    parser.add_argument("--announcement", action="store_true",
                        help="say it as a call: chime first, repeated speech.announcement_repeat times")
    parser.add_argument("--voice", choices=("espeak", "pack"), default=None,
                        help="espeak-ng, or the voice pack speech.pack names (default: the pack when one is recorded)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.cli import UserError
    from kiosk.config import load_config
    from kiosk.speech import SpeechUnavailable, make_speaker, normalise

    settings = load_config(args.config).speech
    text = " ".join(args.text)
    if args.show_text:
        print(normalise(text, settings.region, settings.number_reading))
        return 0
    if args.wav:
        try:
            write_wav(text, settings, args.wav, args.announcement, args.voice)
        except (SpeechUnavailable, OSError) as error:
            raise UserError(say("không ghi được {path}: {error}", path=args.wav, error=error)) from None
        return 0
    logging.getLogger("kiosk.speech").addHandler(logging.NullHandler())  # reported below, once
    if args.voice == "espeak":
        settings = settings.model_copy(update={"pack": ""})
    elif args.voice == "pack":
        _require_pack(settings)
    speaker = make_speaker(settings)
    speaker.say(text, "announcement" if args.announcement else "guidance")
    speaker.wait_until_idle(LONGEST_WAIT_SECONDS)
    if speaker.problem:
        print(say("không phát được tiếng ({problem}): {text}", problem=speaker.problem, text=text), file=sys.stderr)
        return 1
    return 0


def _require_pack(settings) -> None:
    from kiosk.cli import UserError
    from kiosk.voice.synth import packs_dir, selected_pack
    if selected_pack(settings) is None:
        raise UserError(say("chưa có gói giọng đọc {name} trong {folder} (ghi âm ở trang quản trị “Giọng đọc”)",
                            name=settings.pack or "(speech.pack trống)", folder=packs_dir(settings)))


def write_wav(text: str, settings, target: str, announcement: bool, voice: str | None = None) -> None:
    from kiosk.speech import normalise
    from kiosk.speech.cache import AudioCache
    from kiosk.speech.render import SpeechRenderer
    from kiosk.speech.cache import DEFAULT_CACHE_DIR
    from kiosk.speech.speaker import project_path
    from kiosk.voice import make_synthesiser

    if voice == "pack":
        _require_pack(settings)
    words = normalise(text, settings.region, settings.number_reading)
    synthesiser = make_synthesiser(settings, voice)
    cache = AudioCache(project_path(settings.cache_dir or DEFAULT_CACHE_DIR))
    renderer = SpeechRenderer(synthesiser, cache, settings.announcement_repeat)
    rendered = renderer.announcement_wav(words) if announcement else renderer.speech_wav(words)
    shutil.copyfile(rendered, target)
