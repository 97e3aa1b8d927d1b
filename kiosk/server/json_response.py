"""A JSON response rendered by pydantic-core's serializer (Rust) instead of the json module.

For plain data (dicts, lists, str, int, bool, None) the bytes are those of Starlette's
JSONResponse: compact separators, UTF-8 text, no ASCII escapes. The issuing route answers
with it (issue 12: its rendering cost a few percent of a ticket's CPU)."""
from __future__ import annotations

from typing import Any

from pydantic_core import to_json
from starlette.responses import JSONResponse


class PlainJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return to_json(content)
