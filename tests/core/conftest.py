"""The search figures (tests/core/test_search_queries.py) at the end of every pytest run that ran them."""
from __future__ import annotations

import pytest

SEARCH_FIGURES = pytest.StashKey[dict]()  # filled by test_search_queries.py


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = config.stash.get(SEARCH_FIGURES, None)
    if not figures:
        return
    terminalreporter.section("kiosk search on the citizen query set")
    terminalreporter.write_line(
        f"{figures['queries']} queries: top-1 {figures['top1']:.1%} (target >= 97%), "
        f"top-3 {figures['top3']:.1%} (target 100%)")
    for query, code, found in figures["misses"]:
        terminalreporter.write_line(f"  first result wrong: {query!r} -> {found[:3]} (meant {code})")
