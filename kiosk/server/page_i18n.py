"""The admin pages in the admin's language, through the kiosk's gettext catalogue.

Page shells (pages/admin/*.html) are written in Vietnamese; each text node and each
`placeholder`, `title`, `aria-label` or `alt` attribute whose text is a msgid of the catalogue
is translated when the page is served. The scripts (static/admin/*.js) pass their literals
through `t("…")`; the page carries the translations those scripts need as inline JSON, so no
second request and no inline script (the CSP allows none).

The language comes from `?lang=en|vi` (remembered in the `lang` cookie), else the cookie,
else Vietnamese.
"""
from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from kiosk.server.inline_json import script_json
from kiosk.ui.i18n import LANGUAGES, nfc, translate

LANG_COOKIE = "lang"
STATIC_ADMIN = Path(__file__).resolve().parent / "static" / "admin"
PAGES_ADMIN = Path(__file__).resolve().parent / "pages" / "admin"

_TEXT_NODE = re.compile(r">([^<>]+)<")
_ATTRIBUTE = re.compile(r'\b(placeholder|title|aria-label|alt)="([^"]*)"')
_JS_CALL = re.compile(r"""\bt\(\s*(["'`])((?:\\.|(?!\1).)*)\1""", re.S)
_PAGE_SCRIPT = re.compile(r'<script src="/static/admin/(\w+)\.js"')
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                         re.I)


def page_lang(query_lang: str | None, cookie_lang: str | None) -> str:
    for candidate in (query_lang, cookie_lang):
        if candidate and candidate.strip().lower() in LANGUAGES:
            return candidate.strip().lower()
    return "vi"


def _translated(text: str, lang: str) -> str:
    core = text.strip()
    if not core or not _VIETNAMESE.search(core):
        return text
    start = text.index(core[0])
    return text[:start] + html.escape(translate(lang, html.unescape(core)), quote=False) + text[start + len(core):]


def translate_html(page: str, lang: str) -> str:
    """`page` with its Vietnamese text nodes and labelled attributes in `lang`."""
    if lang == "vi":
        return page
    page = _TEXT_NODE.sub(lambda m: ">" + _translated(m.group(1), lang) + "<", page)
    return _ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{_translated(m.group(2), lang)}"', page)


@lru_cache(maxsize=None)
def page_shell(name: str, lang: str) -> str:
    """The admin page shell pages/admin/`name`.html in `lang`, read and translated once."""
    return translate_html((PAGES_ADMIN / f"{name}.html").read_text(encoding="utf-8"), lang)


@lru_cache(maxsize=None)
def script_msgids(name: str) -> tuple[str, ...]:
    """The literals a page's script (and common.js) passes to t(…)."""
    found: list[str] = []
    page = PAGES_ADMIN / f"{name}.html"
    extra = _PAGE_SCRIPT.findall(page.read_text(encoding="utf-8")) if page.exists() else []
    for script in ("common", name, *extra):
        path = STATIC_ADMIN / f"{script}.js"
        if path.exists():
            for match in _JS_CALL.finditer(path.read_text(encoding="utf-8")):
                found.append(nfc(json.loads('"' + match.group(2).replace('"', '\\"').replace("\\'", "'") + '"')))
    return tuple(dict.fromkeys(found))


def script_strings(name: str, lang: str) -> str:
    """The translations page `name`'s scripts need, as JSON safe inside a <script> element."""
    strings = {} if lang == "vi" else {m: translate(lang, m) for m in script_msgids(name)}
    return script_json(strings)


def html_msgids() -> set[str]:
    """The Vietnamese texts of the admin page shells (for the catalogue test)."""
    found: set[str] = set()
    for path in PAGES_ADMIN.glob("*.html"):
        page = path.read_text(encoding="utf-8")
        texts = [m.group(1) for m in _TEXT_NODE.finditer(page)] + [m.group(2) for m in _ATTRIBUTE.finditer(page)]
        found.update(nfc(html.unescape(t.strip())) for t in texts if _VIETNAMESE.search(t))
    return found


def all_script_msgids() -> set[str]:
    return {m for path in STATIC_ADMIN.glob("*.js") for m in script_msgids(path.stem)}
