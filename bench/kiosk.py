"""Kiosk speed and memory: cold start to first frame, tap on "Không" (the last tap before a
ticket) to the number on screen with the server on loopback, and RSS over many ticket flows.

    xvfb-run -a -s "-screen 0 1920x1920x24" python bench/kiosk.py [--flows 200] [--direct]

Starts `main.py serve` on a temporary database (tests/support.py). The app is the real
KioskApp with the dummy printer and speaker, driven through the test harness; by default
it issues through the sync layer (journal + ServerClient) as `main.py kiosk` does.

"tap -> number" runs from the simulated touch until the ticket screen's number label holds
the new number (network, journal, screen switch, layout). "... drawn" adds rendering and
swapping one full frame, measured on every 5th flow: on a machine without a GPU that is
Mesa's software renderer and depends mostly on how busy the CPU is.
Targets: first frame <= 3 s; tap -> number p95 <= 150 ms; no RSS growth after warm-up.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLD_START = r"""
import time; t0 = time.time()
import os, sys
sys.path.insert(0, {root!r})
os.environ.setdefault("KIVY_NO_ARGS", "1"); os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
from kiosk.ui.harness import prepare_kivy
prepare_kivy(1080, 1920)
from kiosk.config import load_config
from kiosk.ui.app import KioskApp
from kiosk.speech import DummySpeaker
from kivy.core.window import Window
from kivy.clock import Clock
app = KioskApp(load_config(), client=None, speaker=DummySpeaker())
def first_flip(*_):
    print(f"FIRST_FRAME {{time.time() - t0:.3f}} {{time.time():.3f}}", flush=True)
    Window.unbind(on_flip=first_flip)
    Clock.schedule_once(lambda dt: app.stop(), 0)
Window.bind(on_flip=first_flip)
app.run()
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_start() -> tuple[float, float]:
    """(seconds from spawning python to the first frame, of which inside the process)."""
    spawned = time.time()
    done = subprocess.run([sys.executable, "-c", COLD_START.format(root=str(ROOT))], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "KIVY_HOME": tempfile.mkdtemp()})
    line = next((l for l in done.stdout.splitlines() if l.startswith("FIRST_FRAME")), None)
    if line is None:
        raise SystemExit(f"the kiosk did not draw a frame:\n{done.stderr[-2000:]}")
    inside, at = (float(v) for v in line.split()[1:])
    return at - spawned, inside


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--draw-every", type=int, default=5, help="draw the frame of every Nth flow")
    parser.add_argument("--direct", action="store_true", help="ServerClient only, no sync journal")
    args = parser.parse_args()

    total, inside = cold_start()
    print(f"cold start to first frame: {total:.2f} s (python spawn to first on_flip; {inside:.2f} s after "
          f"the interpreter started)  target <= 3 s")

    from kiosk.ui.harness import Harness, prepare_kivy
    prepare_kivy(1080, 1920)
    from kiosk.config import load_config
    from kiosk.speech import DummySpeaker
    from kiosk.sync.client import ServerClient
    from kiosk.sync.sync_client import SyncClient
    from kiosk.ui import flow as F
    from kiosk.ui.app import KioskApp
    from printers import DummyReceiptPrinter
    from tests.support import LiveServer, prepared_live_db

    config = load_config()
    work = Path(tempfile.mkdtemp(prefix="bench-kiosk-"))
    db, token, _ = prepared_live_db(work)
    server = LiveServer(db).start()
    try:
        if args.direct:
            client = ServerClient(server.url, token, timeout=config.sync.timeout_seconds)
        else:
            client = SyncClient.from_config(config, server.url, token, work / "kiosk.db")
            client.sync_once()
        app = KioskApp(config, client=client, speaker=DummySpeaker(), printer=DummyReceiptPrinter(),
                       tap_guard_seconds=0)
        harness = Harness(app, draw=False).start()
        codes = app.most_requested_codes()
        logic, drawn, rss = [], [], {}
        for flow in range(args.flows):
            app.go_home()
            app.open_procedure(codes[flow % len(codes)])
            app.ask_priority()
            harness.pump(2)
            button = app.screens[F.PRIORITY].ids.no_priority
            draw = flow % args.draw_every == 0
            previous = app.flow.ticket
            started = time.perf_counter()
            harness.tap(button, frames=0)
            number = app.screens[F.TICKET].ids.number
            while not (app.screen == F.TICKET and app.flow.ticket is not previous
                       and number.text == str(app.flow.ticket["number"])):
                harness.pump(1, draw=False)
                time.sleep(0.0005)
            logic.append(time.perf_counter() - started)
            if draw:
                harness.pump(1, draw=True)
                drawn.append(time.perf_counter() - started)
            harness.wait_until(lambda: app.screens[F.TICKET].print_state != "printing", 10, "the printer")
            if flow + 1 in (args.warmup, args.flows // 2, args.flows):
                rss[flow + 1] = rss_mb()
        harness.stop()
    finally:
        server.stop()

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    path = "ServerClient" if args.direct else "SyncClient (journal) + ServerClient"
    print(f"tap on 'Không' -> number on screen, {len(logic)} flows via {path}: median {ms(statistics.median(logic))}, "
          f"p95 {ms(percentile(logic, 0.95))}, max {ms(max(logic))}  target p95 <= 150 ms")
    if drawn:
        print(f"  ... including one drawn frame ({len(drawn)} flows): median {ms(statistics.median(drawn))}, "
              f"p95 {ms(percentile(drawn, 0.95))}")
    marks = sorted(rss)
    print("RSS: " + ", ".join(f"after {n} flows {rss[n]:.1f} MB" for n in marks)
          + f"; growth after warm-up {rss[marks[-1]] - rss[marks[0]]:+.1f} MB")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
