"""Translations through gettext.

The source strings (msgids) are the Vietnamese UI text; English comes from the catalogue
`assets/locale/en/LC_MESSAGES/kiosk.mo`, compiled from `kiosk.po` by
`python -m kiosk.ui.i18n compile`. Missing entries fall back to the Vietnamese text, so a
gap in the catalogue shows Vietnamese, never a blank or a crash.
"""
from __future__ import annotations

import ast
import gettext
import struct
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from kiosk import ASSETS

DOMAIN = "kiosk"
LOCALE_DIR = ASSETS / "locale"
LANGUAGES = ("vi", "en")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=None)
def _translation(lang: str) -> gettext.NullTranslations:
    if lang == "vi":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def translate(lang: str, msgid: str, **values) -> str:
    """The text of `msgid` in `lang`, with `{name}` placeholders filled from `values`."""
    text = _translation(lang).gettext(msgid)
    if values:
        text = text.format(**values)
    return nfc(text)


def reload() -> None:
    _translation.cache_clear()


# -- a tiny .po -> .mo compiler (babel and msgfmt are not installed) ---------------------

def parse_po(text: str) -> dict[str, str]:
    """msgid -> msgstr for the entries of a .po file (no plurals or contexts needed here)."""
    entries: dict[str, str] = {}
    key = None
    current: dict[str, list[str]] = {}

    def flush():
        if "msgid" in current and "msgstr" in current:
            msgid = "".join(current["msgid"])
            msgstr = "".join(current["msgstr"])
            if msgstr or not msgid:  # the header has an empty msgid
                entries[nfc(msgid)] = nfc(msgstr)
        current.clear()

    for line_no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and current.get("msgstr") is not None:
                flush()
                key = None
            continue
        if line.startswith("msgid "):
            if "msgstr" in current:
                flush()
            key = "msgid"
            current[key] = [ast.literal_eval(line[6:])]
        elif line.startswith("msgstr "):
            key = "msgstr"
            current[key] = [ast.literal_eval(line[7:])]
        elif line.startswith('"') and key:
            current[key].append(ast.literal_eval(line))
        else:
            raise ValueError(f"line {line_no}: cannot parse {raw!r}")
    flush()
    return entries


def write_mo(entries: dict[str, str], path: Path) -> None:
    """Write a GNU .mo file (the format gettext.GNUTranslations reads)."""
    keys = sorted(entries)
    ids = b"".join(k.encode("utf-8") + b"\0" for k in keys)
    strs = b"".join(entries[k].encode("utf-8") + b"\0" for k in keys)
    count = len(keys)
    header_size = 7 * 4
    id_table = header_size
    str_table = id_table + count * 8
    data_start = str_table + count * 8
    id_offsets, str_offsets = [], []
    offset = data_start
    for k in keys:
        raw = k.encode("utf-8")
        id_offsets.append((len(raw), offset))
        offset += len(raw) + 1
    for k in keys:
        raw = entries[k].encode("utf-8")
        str_offsets.append((len(raw), offset))
        offset += len(raw) + 1
    out = struct.pack("<7I", 0x950412DE, 0, count, id_table, str_table, 0, 0)
    out += b"".join(struct.pack("<2I", *pair) for pair in id_offsets)
    out += b"".join(struct.pack("<2I", *pair) for pair in str_offsets)
    out += ids + strs
    path.write_bytes(out)


def compile_all() -> list[Path]:
    written = []
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        mo = po.with_suffix(".mo")
        write_mo(parse_po(po.read_text(encoding="utf-8")), mo)
        written.append(mo)
    reload()
    return written


if __name__ == "__main__":
    if sys.argv[1:] != ["compile"]:
        print("usage: python -m kiosk.ui.i18n compile", file=sys.stderr)
        sys.exit(2)
    for path in compile_all():
        print(f"wrote {path}")


# -- which msgids the UI uses (for the catalogue test and for updating the .po) ------------

UI_DIR = Path(__file__).resolve().parent


def extract_msgids() -> set[str]:
    """Every literal passed to tr(...) in kiosk/ui (.py and .kv), plus data-driven labels."""
    import re

    found: set[str] = set()
    for path in UI_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        constants[target.id] = node.value.value
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "tr":
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value not in LANGUAGES:
                        found.add(nfc(arg.value))
                    elif isinstance(arg, ast.Name) and arg.id in constants:
                        found.add(nfc(constants[arg.id]))
    pattern = re.compile(r"""tr\(app\.lang,\s*(['"])(.*?)\1""")
    for path in UI_DIR.rglob("*.kv"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.add(nfc(match.group(2)))
    from kiosk.ui.flow import PRIORITY_CHOICES
    found.update(nfc(label) for _, label, _ in PRIORITY_CHOICES)
    found.update(nfc(f) for f in FIELD_NAMES)
    return found


# Fields (lĩnh vực) of commune procedures; their English names live in the catalogue too.
FIELD_NAMES = ["Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Người có công", "Giảm nghèo",
               "Hộ kinh doanh", "Đất đai", "Văn hóa"]
