"""Security headers on every response: no framing by another origin, no MIME sniffing, no
referrer sent off the server, and a Content-Security-Policy that lets pages run only our
own scripts.

The pages' inline scripts are allowed by their SHA-256 hash, computed at start-up from the
page files themselves, so a script injected into a page (which would not be in the file)
does not run. `unsafe-inline` is allowed for styles only (a style cannot run code).
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "pages"
# FastAPI's own /docs and /redoc pages carry generated inline scripts: they keep the framing
# and sniffing protection but not the script allow-list.
LOOSE_SCRIPT_PATHS = ("/docs", "/redoc")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)

COMMON = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "SAMEORIGIN"}


def inline_script_hashes(pages: Path = PAGES) -> list[str]:
    """'sha256-…' sources for every executable inline <script> in the page files."""
    found = set()
    for page in sorted(pages.rglob("*.html")):
        for attributes, body in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "application/json" in attributes:
                continue  # data, never executed
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            found.add(f"'sha256-{digest}'")
    return sorted(found)


def page_policy(hashes: list[str]) -> str:
    return ("default-src 'self'; script-src 'self' " + " ".join(hashes) + "; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; media-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")


LOOSE_POLICY = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'"


class SecurityHeaders:
    """ASGI middleware. Headers a route set itself (the admin pages' stricter policy) win."""

    def __init__(self, app, pages: Path = PAGES):
        self.app = app
        self.strict = page_policy(inline_script_hashes(pages))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        loose = scope["path"].startswith(LOOSE_SCRIPT_PATHS)
        policy = (LOOSE_POLICY if loose else self.strict).encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (*COMMON.items(), ("Content-Security-Policy", None)):
                    key = name.lower().encode()
                    if key not in present:
                        headers.append((key, policy if value is None else value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
