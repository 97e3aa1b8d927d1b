"""A background job: one step on a daemon thread of its own, again and again, until stopped.

The hub's closed-day rollups, the server's daily backup and the WAL checkpoints each need the
same frame around their one step: a named daemon thread, a wait that `stop()` cuts short, an
early start on `wake()`, and a failed step logged rather than ending the thread (the database
away for a moment, a full disk: the next step tries again). This module is that frame only.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

LOG = logging.getLogger("kiosk")
Step = Callable[[], "float | None"]


class PeriodicThread:
    """Runs `step` every `every_seconds` (the first after one wait), or sooner after `wake()`.

    `step` may return the seconds to wait before the next step (None: the usual interval).
    Its `expected` exceptions are logged in one line, any other with its traceback; either way
    the next step comes on time. `at_stop`, when given, runs on the thread after its last step.
    """

    def __init__(self, name: str, step: Step, every_seconds: float, *, log: logging.Logger = LOG,
                 expected: tuple[type[Exception], ...] = (), doing: str | None = None,
                 at_stop: Callable[[], None] | None = None):
        self.step, self.every_seconds, self.at_stop = step, every_seconds, at_stop
        self.log, self.expected, self.doing = log, expected, doing or name
        self._stopping, self._woken = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> "PeriodicThread":
        self._thread.start()
        return self

    def wake(self) -> None:
        """The next step starts now rather than at the end of the wait."""
        self._woken.set()

    def stop(self, timeout: float = 30) -> bool:
        """Ends the wait and the thread; whether the thread has ended within `timeout`."""
        self._stopping.set()
        self._woken.set()
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        wait = self.every_seconds
        while True:
            self._woken.wait(wait)
            self._woken.clear()
            if self._stopping.is_set():
                break
            asked = self._guarded(self.step)
            wait = self.every_seconds if asked is None else asked
        if self.at_stop:
            self._guarded(self.at_stop)

    def _guarded(self, job: Callable):
        try:
            return job()
        except self.expected as error:
            self.log.error("%s failed: %s", self.doing, error)
        except Exception:
            self.log.exception("%s failed", self.doing)
        return None
