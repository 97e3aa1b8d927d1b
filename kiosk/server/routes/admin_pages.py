"""The admin web pages under /admin: server-rendered shells; their scripts call /api/admin.

A page needs the `session` cookie of an admin (set by the login page): without it the
browser is sent to /admin/login, with another role it gets 403."""
from __future__ import annotations

import html
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.core.accounts import ANONYMOUS, authenticate
from kiosk.core.errors import QueueError
from kiosk.server.admin_nav import ADMIN_NAV
from kiosk.server.auth import ADMIN, SESSION_COOKIE, csrf_token
from kiosk.server.page_i18n import LANG_COOKIE, page_lang, page_shell, script_strings
from kiosk.ui.i18n import translate

router = APIRouter()
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' blob: data:; media-src 'self' blob:; frame-ancestors 'none'; "
                               "form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
PAGE_TITLES = {"procedures": "Thủ tục hành chính", "procedure": "Sửa thủ tục", "import": "Nhập và xuất danh mục",
               "centre": "Dịch vụ và quầy", "users": "Tài khoản", "devices": "Thiết bị", "settings": "Cài đặt kiosk",
               "audit": "Nhật ký thay đổi", "voice": "Giọng đọc", "hub": "Máy chủ tỉnh"}


def render(name: str, title: str, request: Request, user: str = "", csrf: str = "", status: int = 200,
           extra: dict | None = None, nav: bool = True) -> HTMLResponse:
    """Page `name` in the admin's language; `title` is a msgid whose {placeholders} come from `extra`."""
    lang = page_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    layout, content = page_shell("layout", lang), page_shell(name, lang)
    for key, value in (extra or {}).items():
        content = content.replace("{{" + key + "}}", html.escape(value))
    current = request.url.path
    links = "".join(
        f'<li><a href="{html.escape(path)}"{" aria-current=page" if current.startswith(path) else ""}>'
        f'{html.escape(translate(lang, label))}</a></li>' for path, label in ADMIN_NAV) if nav else ""
    centre = request.app.state.config.centre.name
    heading = translate(lang, title, **(extra or {}))
    page = (layout.replace("{{title}}", html.escape(heading)).replace("{{centre}}", html.escape(centre))
            .replace("{{csrf}}", html.escape(csrf)).replace("{{user}}", html.escape(user))
            .replace("{{lang}}", lang).replace("{{other_lang}}", "vi" if lang == "en" else "en")
            .replace("{{other_lang_label}}", "Tiếng Việt" if lang == "en" else "English")
            .replace("{{strings}}", script_strings(name, lang))
            .replace("{{nav}}", links).replace("{{page}}", name).replace("{{content}}", content))
    response = HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="strict", path="/")
    return response


def _guarded(request: Request, name: str, title: str, extra: dict | None = None) -> Response:
    state = request.app.state
    token = request.cookies.get(SESSION_COOKIE)
    try:
        principal = authenticate(state.store, token, state.queue.clock)
    except QueueError:
        principal = ANONYMOUS
    if principal.kind == "anonymous":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/admin/login?next={quote(target, safe='')}", status_code=303)
    if principal.role not in ADMIN:
        return render("forbidden", "Không có quyền", request, principal.name, status=403, nav=False,
                      extra={"role": principal.role})
    return render(name, title, request, principal.name, csrf_token(token), extra=extra)


@router.get("/admin", include_in_schema=False)
async def admin_home(request: Request):
    return _guarded(request, "procedures", PAGE_TITLES["procedures"])


@router.get("/admin/login", response_class=HTMLResponse, include_in_schema=False)
async def login_page(request: Request, next: str = "/admin/procedures"):
    target = next if next.startswith("/admin") and not next.startswith("//") else "/admin/procedures"
    return render("login", "Đăng nhập quản trị", request, nav=False, extra={"next": target})


@router.get("/admin/procedures", response_class=HTMLResponse, include_in_schema=False)
async def procedures_page(request: Request):
    return _guarded(request, "procedures", PAGE_TITLES["procedures"])


@router.get("/admin/procedures/new", response_class=HTMLResponse, include_in_schema=False)
async def new_procedure_page(request: Request):
    return _guarded(request, "procedure", "Thêm thủ tục", extra={"code": ""})


@router.get("/admin/procedures/{code}", response_class=HTMLResponse, include_in_schema=False)
async def procedure_page(code: str, request: Request):
    return _guarded(request, "procedure", "Sửa thủ tục {code}", extra={"code": code})


for _name in ("import", "centre", "users", "devices", "settings", "audit", "voice", "hub"):
    async def _page(request: Request, _name=_name):
        return _guarded(request, _name, PAGE_TITLES[_name])
    router.add_api_route(f"/admin/{_name}", _page, methods=["GET"], response_class=HTMLResponse,
                         include_in_schema=False, name=f"admin {_name} page")
