"""How fast a call reaches the lobby display: from `POST /api/counters/{id}/next` to the
display page's DOM showing the number, over 100 calls, on loopback.

    xvfb-run -a python bench/display.py [--calls 100]

Starts `main.py serve` on a temporary database and Debian's chromium (tests/support.py).
The page stamps the moment a MutationObserver sees the number; both clocks are this
machine's wall clock. Target: p95 <= 250 ms.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import Browser, LiveServer, login, prepared_live_db  # noqa: E402

WAIT_FOR = """(number) => { window.__seen = new Promise((resolve) => {
  const latest = document.getElementById("latest");
  const check = () => { if (latest.dataset.number === String(number)) {
      observer.disconnect(); resolve(performance.timeOrigin + performance.now()); } };
  const observer = new MutationObserver(check);
  observer.observe(latest, {attributes: true, childList: true, subtree: true});
  check();
}); }"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db, kiosk_token, _ = prepared_live_db(Path(folder))
        with LiveServer(db) as server, Browser() as browser:
            http = requests.Session()
            kiosk = {"Authorization": f"Bearer {kiosk_token}"}
            for _ in range(args.calls):
                http.post(f"{server.url}/api/tickets", json={"procedure_code": "1.001193",
                          "client_id": str(uuid.uuid4())}, headers=kiosk, timeout=10).raise_for_status()
            staff = login(server.url)
            page = browser.new_page(1920, 1080)
            page.goto(f"{server.url}/display")
            page.wait_for_function("window.__display && window.__display.live && window.__display.live.online")
            latencies, responses = [], []
            for _ in range(args.calls):
                expected = http.get(f"{server.url}/api/queue", timeout=10).json()["services"][0]["waiting"][0]["number"]
                page.evaluate(WAIT_FOR, expected)
                sent = time.time() * 1000
                response = http.post(f"{server.url}/api/counters/1/next", headers=staff, timeout=10)
                answered = time.time() * 1000
                assert response.json()["number"] == expected
                seen = page.evaluate("window.__seen")
                latencies.append(seen - sent)
                responses.append(answered - sent)
            page.context.close()
    print(f"calls: {len(latencies)}  (POST /api/counters/1/next -> number in the display page's DOM)")
    print(f"display  p50 {statistics.median(latencies):6.1f} ms   p95 {percentile(latencies, 0.95):6.1f} ms   "
          f"max {max(latencies):6.1f} ms")
    print(f"POST     p50 {statistics.median(responses):6.1f} ms   p95 {percentile(responses, 0.95):6.1f} ms")
    target = percentile(latencies, 0.95) <= 250
    print("target p95 <= 250 ms:", "met" if target else "NOT met")
    return 0 if target else 1


if __name__ == "__main__":
    sys.exit(main())
