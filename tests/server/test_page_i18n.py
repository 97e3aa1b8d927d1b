"""The admin pages in English through the kiosk's gettext catalogue (kiosk/server/page_i18n.py)."""
from __future__ import annotations

import json
import re

from kiosk.server import page_i18n
from kiosk.server.admin_nav import ADMIN_NAV
from kiosk.server.routes.admin_pages import PAGE_TITLES
from kiosk.ui.i18n import LOCALE_DIR, parse_po

CATALOGUE = parse_po((LOCALE_DIR / "en" / "LC_MESSAGES" / "kiosk.po").read_text(encoding="utf-8"))
VIETNAMESE_LITERAL = re.compile(r"""(?<![\w.])(t\(\s*)?(["'`])((?:\\.|(?!\2).)*?)\2""")


def cookie_login(client):
    assert client.post("/api/auth/login", json={"username": "admin", "password": "mat-khau-admin",
                                                "cookie": True}).status_code == 200


def test_every_admin_text_has_an_english_entry():
    msgids = (page_i18n.html_msgids() | page_i18n.all_script_msgids() | {label for _, label in ADMIN_NAV}
              | set(PAGE_TITLES.values()))
    missing = sorted(m for m in msgids if m not in CATALOGUE)
    assert not missing, f"admin texts with no English entry in kiosk.po: {missing}"


def test_no_admin_script_shows_vietnamese_without_t():
    bare = []
    for path in sorted(page_i18n.STATIC_ADMIN.glob("*.js")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("//"):
                continue
            for match in VIETNAMESE_LITERAL.finditer(line):
                if not match.group(1) and page_i18n._VIETNAMESE.search(match.group(3)):
                    bare.append(f"{path.name}:{line_no}: {match.group(0)}")
    assert not bare, "Vietnamese literals not passed through t(…):\n" + "\n".join(bare)


def test_text_nodes_and_labelled_attributes_are_translated_keeping_their_spacing():
    page = ('<label>  Tên đăng nhập <input placeholder="Ví dụ: 1 ngày làm việc" name="x"></label>'
            '<p>{{centre}} · 2026</p><b title="Không có trong danh mục">Số</b>')
    english = page_i18n.translate_html(page, "en")
    assert "<label>  User name <input" in english
    assert 'placeholder="For example: 1 working day"' in english
    assert "<p>{{centre}} · 2026</p>" in english                   # no Vietnamese: left as it is
    assert 'title="Không có trong danh mục"' in english             # not in the catalogue: Vietnamese stays
    assert ">Number</b>" in english
    assert page_i18n.translate_html(page, "vi") == page


def test_a_script_literal_is_found_with_its_placeholders():
    assert "Khóa tài khoản {name}?" in page_i18n.script_msgids("users")
    assert "Yêu cầu không thành công." in page_i18n.script_msgids("users")        # from common.js


def test_the_page_language_comes_from_the_query_then_the_cookie():
    assert page_i18n.page_lang("en", None) == "en"
    assert page_i18n.page_lang(None, "en") == "en"
    assert page_i18n.page_lang("vi", "en") == "vi"
    assert page_i18n.page_lang("fr", None) == "vi"


def test_an_admin_page_in_english_is_remembered(centre):
    client = centre.client
    cookie_login(client)
    english = client.get("/admin/users?lang=en")
    assert english.status_code == 200
    assert '<html lang="en">' in english.text
    assert "<h1>Accounts</h1>" in english.text
    assert "Staff and admin accounts" in english.text and "Tài khoản cán bộ" not in english.text
    assert ">Procedures</a>" in english.text and ">Tiếng Việt</a>" in english.text
    strings = json.loads(re.search(r'<script type="application/json" id="strings">(.*?)</script>',
                                   english.text, re.S).group(1))
    assert strings["Khóa tài khoản {name}?"] == "Disable the account {name}?"
    again = client.get("/admin/procedures")                      # the lang cookie keeps English
    assert "<h1>Administrative procedures</h1>" in again.text
    back = client.get("/admin/procedures?lang=vi")
    assert "<h1>Thủ tục hành chính</h1>" in back.text and '<html lang="vi">' in back.text
    assert json.loads(re.search(r'id="strings">(.*?)</script>', back.text, re.S).group(1)) == {}


def test_a_title_with_a_code_is_translated_with_it(centre):
    client = centre.client
    cookie_login(client)
    page = client.get("/admin/procedures/1.001193?lang=en")
    assert "<h1>Edit procedure 1.001193</h1>" in page.text
