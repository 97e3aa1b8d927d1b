"""Time of the kiosk search, per query and per keystroke, on the citizen query set.

    python bench/search.py [--runs 3]

The kiosk searches again at every key the citizen presses, so the figure that matters is
the time of one search for each prefix of a query as it is typed ("per keystroke"). "cold"
is the first time a query is seen (the word-match cache is empty: what a new citizen costs);
"warm" a repeat. "index" is the first search after the catalogue or the synonyms changed
(folding every procedure, the IDF table). CPU time is what the search costs; wall time adds
the waits for a core on a loaded machine. Each figure is also given for the catalogue copied
5 times (190 procedures), for a centre that imports a larger list.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core import search as engine  # noqa: E402
from kiosk.core.catalogue import load_catalogue  # noqa: E402
from tests.core.test_search_queries import QUERIES  # noqa: E402


def clear_caches() -> None:
    engine._match.cache_clear()
    engine._index.cache_clear()
    engine._searcher.cache_clear()


def enlarged(catalogue: list, times: int) -> list:
    """The catalogue copied `times` times, each copy with its own codes and a marked name."""
    copies = list(catalogue)
    for n in range(1, times):
        copies += [dataclasses.replace(p, code=f"{p.code}.C{n}", name=f"{p.name} (bản {n})") for p in catalogue]
    return copies


def timed(call) -> tuple[float, float]:
    """(wall ms, CPU ms): on a shared machine the process often waits for a core, and the
    CPU time is what the search itself costs."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure(catalogue: list, runs: int) -> dict:
    clear_caches()
    index_ms = timed(lambda: engine.search(catalogue, "khai sinh"))
    cold = [timed(lambda q=q: engine.search(catalogue, q, limit=4)) for q, _ in QUERIES]
    warm = [timed(lambda q=q: engine.search(catalogue, q, limit=4)) for _ in range(runs) for q, _ in QUERIES]
    clear_caches()
    engine.search(catalogue, "khai sinh")
    keystrokes = [timed(lambda p=q[:i]: engine.search(catalogue, p, limit=4))
                  for q, _ in QUERIES for i in range(1, len(q) + 1)]
    return {"index": index_ms, "cold": cold, "warm": warm, "keys": keystrokes}


def summary(pairs: list[tuple[float, float]]) -> str:
    return "  ".join(f"{kind} median {statistics.median(v):6.2f} p95 {p95(v):6.2f} ms"
                     for kind, v in (("CPU", [c for _, c in pairs]), ("wall", [w for w, _ in pairs])))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="repeats of the warm pass (default 3)")
    args = parser.parse_args()
    catalogue = load_catalogue()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} "
          f"(other work on the machine slows every figure)")
    for label, procedures in (("bundled catalogue", catalogue), ("catalogue x5", enlarged(catalogue, 5))):
        figures = measure(procedures, args.runs)
        print(f"\n{label}: {len(procedures)} procedures, {len(QUERIES)} queries")
        wall, cpu = figures["index"]
        print(f"  index (first search after a change)  CPU {cpu:6.2f} ms  wall {wall:6.2f} ms")
        print(f"  per query, cold                      {summary(figures['cold'])}")
        print(f"  per query, warm                      {summary(figures['warm'])}")
        print(f"  per keystroke ({len(figures['keys'])} prefixes)       {summary(figures['keys'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
