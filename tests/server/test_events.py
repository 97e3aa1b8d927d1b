"""The commit notices that wake the event log's reader (kiosk/server/events.py EventHub)."""
import asyncio
import threading
import time

from kiosk.server.events import EventHub


def attached_hub() -> EventHub:
    hub = EventHub()
    hub.attach(asyncio.get_running_loop())
    return hub


def test_a_notice_that_came_while_the_reader_was_busy_is_not_lost():
    async def scenario():
        hub = attached_hub()
        hub.notify()                           # a commit while the reader reads the log
        started = time.monotonic()
        await hub.wait(5)                      # returns at once: the reader reads again
        at_once = time.monotonic() - started
        started = time.monotonic()
        await hub.wait(0.2)                    # the notice was used up: nothing new, so the timeout
        return at_once, time.monotonic() - started

    at_once, timed_out = asyncio.run(scenario())
    assert at_once < 1 and timed_out >= 0.19


def test_a_notice_from_another_thread_wakes_the_waiting_reader():
    async def scenario():
        hub = attached_hub()
        threading.Timer(0.05, hub.notify).start()     # an import's thread committing
        started = time.monotonic()
        await hub.wait(5)
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 2
