"""kiosk/periodic.py: a step on its own thread every interval, early on wake(), never ended by
a failing step, and stopped at once. Events, not sleeps: the waits end as soon as the step ran."""
from __future__ import annotations

import logging
import threading

import pytest

from kiosk.periodic import PeriodicThread

LONG = 60       # an interval no test waits out: a step that runs came from wake() or stop()
PATIENCE = 5    # how long a test waits for a step that should come (it comes in milliseconds)


class Steps:
    """A step that counts its runs, on which thread, and lets a test wait for the n-th."""

    def __init__(self, fail_first: int = 0, error: Exception | None = None, returns=None):
        self.runs, self.threads, self.fail_first, self.returns = 0, [], fail_first, returns
        self.error = error or ValueError("boom")
        self._ran = threading.Condition()

    def __call__(self):
        with self._ran:
            self.runs += 1
            self.threads.append(threading.current_thread())
            self._ran.notify_all()
        if self.runs <= self.fail_first:
            raise self.error
        return self.returns

    def wait_for(self, runs: int, seconds: float = PATIENCE) -> bool:
        with self._ran:
            return self._ran.wait_for(lambda: self.runs >= runs, seconds)


@pytest.fixture
def started():
    threads = []

    def start(step, every_seconds, **options) -> PeriodicThread:
        threads.append(PeriodicThread("test-periodic", step, every_seconds, **options).start())
        return threads[-1]
    yield start
    for thread in threads:
        thread.stop()


def test_the_step_runs_every_interval_on_a_named_daemon_thread(started):
    steps = Steps()
    started(steps, 0.01)
    assert steps.wait_for(3)                       # again and again, nobody waking it
    assert {t.name for t in steps.threads} == {"test-periodic"}
    assert all(t.daemon for t in steps.threads)    # a stuck step never holds the process open


def test_wake_runs_the_step_before_its_interval_is_over(started):
    steps = Steps()
    thread = started(steps, LONG)
    thread.wake()
    assert steps.wait_for(1)
    thread.wake()
    assert steps.wait_for(2)


def test_a_failing_step_is_logged_with_its_traceback_and_the_thread_goes_on(started, caplog):
    steps = Steps(fail_first=2)
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        thread = started(steps, 0.01, doing="counting")
        assert steps.wait_for(3)
    assert thread.alive
    failures = [r for r in caplog.records if r.getMessage() == "counting failed"]
    assert len(failures) >= 2 and failures[0].exc_info[1] is steps.error


def test_an_expected_failure_is_logged_in_one_line_to_the_given_logger(started, caplog):
    steps = Steps(fail_first=1, error=OSError("disk full"))
    with caplog.at_level(logging.ERROR, logger="kiosk.server"):
        started(steps, 0.01, expected=(OSError,), doing="daily backup", log=logging.getLogger("kiosk.server"))
        assert steps.wait_for(2)
    [failure] = [r for r in caplog.records if "failed" in r.getMessage()]
    assert (failure.name, failure.getMessage()) == ("kiosk.server", "daily backup failed: disk full")
    assert failure.exc_info is None                 # the database away or a full disk: no traceback


def test_a_step_can_put_off_the_next_one(started):
    steps = Steps(returns=LONG)                  # every step asks for a long wait, as a failed backup does
    thread = started(steps, 0.001)
    assert steps.wait_for(1)
    assert not steps.wait_for(2, seconds=0.2)    # 200 intervals went by: the step's own wait holds
    thread.wake()
    assert steps.wait_for(2)


def test_stop_ends_the_wait_and_the_thread_at_once_and_runs_at_stop_on_it(started):
    steps, stopped_on = Steps(), []
    thread = started(steps, LONG, at_stop=lambda: stopped_on.append(threading.current_thread().name))
    assert thread.stop(timeout=PATIENCE)           # True: the thread had ended within the timeout
    assert not thread.alive
    assert steps.runs == 0                         # stopping is not a step
    assert stopped_on == ["test-periodic"]


def test_stop_of_a_thread_never_started_returns_at_once():
    assert PeriodicThread("never-started", Steps(), LONG).stop()
