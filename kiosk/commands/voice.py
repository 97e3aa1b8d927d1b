"""`main.py voice import|export|missing`: move a voice pack to a kiosk or display machine
(recording happens in the admin page "Giọng đọc" on the server)."""
from __future__ import annotations

import argparse
from pathlib import Path

from kiosk.wording import say


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("voice", help="install or export the voice pack (speech.pack)",
                                   description="Install a voice pack zip on this machine, export it, or list what it lacks.")
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("import", help="install a pack zip exported from the admin page").add_argument("zip")
    actions.add_parser("export", help="write this machine's pack as a zip").add_argument("zip")
    actions.add_parser("missing", help="list the phrases the pack has no clip for (said by espeak-ng)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.cli import UserError
    from kiosk.config import load_config
    from kiosk.voice.pack import PackError, VoicePack
    from kiosk.voice.phrases import catalogue
    from kiosk.voice.synth import packs_dir

    settings = load_config(args.config).speech
    if not settings.pack:
        raise UserError(say("speech.pack trống trong config.yaml: máy này dùng espeak-ng"))
    pack = VoicePack(packs_dir(settings) / settings.pack)
    if args.action == "import":
        try:
            manifest = pack.import_zip(Path(args.zip).read_bytes())
        except (OSError, PackError) as error:
            raise UserError(say("không nhập được {path}: {error}", path=args.zip,
                                error=getattr(error, "message", error))) from None
        print(say("đã cài gói giọng {name}: {phrases} câu, {guidance} hướng dẫn", name=pack.name,
                  phrases=len(manifest["phrases"]), guidance=len(manifest["guidance"])))
    elif args.action == "export":
        Path(args.zip).write_bytes(pack.export_zip())
        print(say("đã ghi {path}", path=args.zip))
    else:
        recorded = pack.manifest()["phrases"]
        for phrase in catalogue():
            if phrase.words not in recorded:
                print(phrase.shown)
    return 0
