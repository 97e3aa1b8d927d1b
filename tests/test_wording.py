"""kiosk/wording.py: the commands' and admin's texts come from the kiosk's gettext catalogue."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.admin.records import LABELS, field_labels
from kiosk.ui import i18n
from kiosk.wording import cli_lang, say

PO = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.po"


def said_msgids() -> set[str]:
    """Every literal passed to say(...) anywhere in kiosk/, plus the admin's field labels."""
    found = set(LABELS.values())
    for path in (PROJECT_ROOT / "kiosk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "say":
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.add(i18n.nfc(arg.value))
                    elif isinstance(arg, ast.IfExp):
                        found |= {i18n.nfc(b.value) for b in (arg.body, arg.orelse) if isinstance(b, ast.Constant)}
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_command_and_admin_text_has_english_with_the_same_placeholders():
    entries = i18n.parse_po(PO.read_text(encoding="utf-8"))
    msgids = said_msgids()
    assert len(msgids) > 25
    missing = sorted(m for m in msgids if not entries.get(m))
    assert missing == []
    assert [m for m in msgids if placeholders(m) != placeholders(entries[m])] == []
    outside_placeholders = [re.sub(r"\{\w+\}", "", m) for m in msgids]
    assert not [m for m in outside_placeholders if re.search(r"\b(new|changed|row|note)\b", m)]  # Vietnamese msgids


def test_vietnamese_by_default_english_on_request(monkeypatch):
    monkeypatch.delenv("KIOSK_LANG", raising=False)
    assert cli_lang() == "vi" and say("Đã nhập: {new} mới, {changed} thay đổi.", new=0, changed=1) \
        == "Đã nhập: 0 mới, 1 thay đổi."
    assert field_labels()["fee_other"] == "Phí nộp tại cơ quan khác (không hiện cho người dân)"
    monkeypatch.setenv("KIOSK_LANG", "en_GB.UTF-8")
    assert cli_lang() == "en" and say("Đã nhập: {new} mới, {changed} thay đổi.", new=0, changed=1) \
        == "Imported: 0 new, 1 changed."
    assert field_labels()["documents"] == "Documents"
    monkeypatch.setenv("KIOSK_LANG", "fr")
    assert cli_lang() == "vi"


ENGLISH_WORDS = re.compile(r"\b(the|is|must|expected|warning|error|failed|could|not|database|named|lost|seen|"
                           r"slot|required|stopped|already)\b", re.I)
OWNED_ELSEWHERE: set[str] = set()


def bare_texts(path: Path):
    """String parts of print(...), UserError(...) and ArgumentTypeError(...) calls not passed through say()."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = getattr(node, "func", None) and (getattr(node.func, "id", "") or getattr(node.func, "attr", ""))
        if isinstance(node, ast.Call) and name in {"print", "UserError", "ArgumentTypeError"} and node.args:
            first = node.args[0]
            parts = first.values if isinstance(first, ast.JoinedStr) else [first]
            text = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
            if text:
                yield node.lineno, text


def test_commands_print_and_refuse_in_vietnamese_through_the_catalogue():
    paths = [PROJECT_ROOT / "kiosk" / "cli.py", PROJECT_ROOT / "kiosk" / "store" / "integrity.py",
             *sorted((PROJECT_ROOT / "kiosk" / "commands").glob("*.py"))]
    english = [f"{path.name}:{line}: {text!r}" for path in paths if path.name not in OWNED_ELSEWHERE
               for line, text in bare_texts(path) if ENGLISH_WORDS.search(text)]
    assert english == []
