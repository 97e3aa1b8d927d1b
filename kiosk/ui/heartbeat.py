"""The systemd watchdog heartbeat, sent from the Kivy UI loop itself.

READY=1 goes out on the first frame; WATCHDOG=1 every heartbeat_seconds() from a Clock
interval, so it stops the moment the UI loop stops turning (a blocking call, a deadlock),
and systemd (WatchdogSec=) restarts the app. A thread would keep beating under a frozen UI.
"""
from __future__ import annotations

from kivy.clock import Clock

from kiosk.service import Notifier, heartbeat_seconds, notifier_from_environment


def start_heartbeat(notifier: Notifier | None = None, seconds: float | None = None, status: str = ""):
    """Schedule READY=1 and the heartbeat on Kivy's Clock (before or after App.run()).
    Returns the interval event, or None when there is no service manager to tell."""
    notifier = notifier or notifier_from_environment()
    if notifier is None:
        return None
    ready = "READY=1" + (f"\nSTATUS={status}" if status else "")
    Clock.schedule_once(lambda _dt: notifier.notify(ready), 0)
    return Clock.schedule_interval(lambda _dt: notifier.notify("WATCHDOG=1"), seconds or heartbeat_seconds())
