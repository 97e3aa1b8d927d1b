"""JSON placed inside a page's <script> element.

The HTML parser reads a script's text before any JSON parser does: "</script>" ends it, and
"<!--" followed by "<script" makes the parser ignore the real closing tag, so the rest of
the page is swallowed. Text from admins or citizens (a procedure name) can hold either.
Writing <, > and & as JSON escapes keeps the value the same for JSON.parse and leaves the
HTML parser nothing to see."""
from __future__ import annotations

import json
from typing import Any

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
