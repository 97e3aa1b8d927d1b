"""What the commands (and admin texts) print: Vietnamese msgids through the kiosk's gettext catalogue
(assets/locale, kiosk/ui/i18n.py), in English with `KIOSK_LANG=en`.

    print(say("Đã nhập: {new} mới, {changed} thay đổi.", new=1, changed=0))
"""
from __future__ import annotations

import os

from kiosk.ui.i18n import LANGUAGES, translate

LANG_VARIABLE = "KIOSK_LANG"


def cli_lang() -> str:
    lang = os.environ.get(LANG_VARIABLE, "vi").strip().lower()[:2]
    return lang if lang in LANGUAGES else "vi"


def say(msgid: str, **values) -> str:
    return translate(cli_lang(), msgid, **values)
