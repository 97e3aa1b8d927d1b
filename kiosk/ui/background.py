"""Run blocking work (network, printer, speech) off the UI thread; deliver results on it."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

from kivy.clock import Clock

log = logging.getLogger(__name__)


class Background:
    """Named single-thread pools: work in one pool runs in order, pools run side by side."""

    def __init__(self, names=("net", "poll", "speech", "print")):
        self.pools = {name: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"kiosk-{name}")
                      for name in names}

    def submit(self, pool: str, fn: Callable, on_ok: Callable | None = None,
               on_error: Callable | None = None) -> None:
        future = self.pools[pool].submit(fn)

        def done(f):
            error = f.exception()
            if error is not None:
                if on_error is None:
                    log.warning("background %s task failed: %r", pool, error)
                else:
                    Clock.schedule_once(lambda _dt: _safe(on_error, error))
            elif on_ok is not None:
                result = f.result()
                Clock.schedule_once(lambda _dt: _safe(on_ok, result))

        future.add_done_callback(done)

    def shutdown(self) -> None:
        for pool in self.pools.values():
            pool.shutdown(wait=False, cancel_futures=True)


def on_ui_thread(fn: Callable) -> Callable:
    """Wrap a callback that another thread calls so it runs on the UI thread."""
    def wrapper(*args):
        Clock.schedule_once(lambda _dt: _safe(fn, *args))
    return wrapper


def _safe(fn, *args):
    try:
        fn(*args)
    except Exception:  # a UI callback must never take the kiosk down
        log.exception("UI callback failed")
