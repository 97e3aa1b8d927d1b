"""How deeply a parsed JSON document nests, measured without recursion.

A procedure record nests a few levels (record, documents, a document, its fields). A file
nested thousands of levels deep is an attack on the parser and on every walk over it (each
would raise RecursionError, a 500), so imports refuse anything deeper than MAX_DEPTH."""
from __future__ import annotations

from typing import Any

MAX_DEPTH = 32


def nesting_depth(document: Any) -> int:
    """Levels of arrays and objects: 0 for a scalar, 1 for [1, 2], 2 for [{"a": 1}]."""
    deepest, stack = 0, [(document, 1)]
    while stack:
        value, level = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        deepest = max(deepest, level)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest
