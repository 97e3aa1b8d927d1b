"""Finding the server: --server wins, else the first server announced on mDNS. The real
python-zeroconf is used on loopback only (interfaces=["127.0.0.1"]): no packet leaves the machine."""
import pytest

from kiosk.discovery import (NOT_FOUND_MESSAGE, DummyFinder, RecordingAnnouncer, ServerNotFound, ZeroconfAnnouncer,
                             ZeroconfFinder, server_url)
from tests.support import free_port


def test_an_explicit_server_wins_and_no_server_found_is_said_in_vietnamese():
    finder = DummyFinder(["http://10.0.0.5:8000"])
    assert server_url("http://192.168.1.10:8000/", finder) == "http://192.168.1.10:8000" and finder.searches == []
    assert server_url(None, finder, timeout=2) == "http://10.0.0.5:8000" and finder.searches == [2]
    with pytest.raises(ServerNotFound) as missing:
        server_url(None, DummyFinder([]), timeout=1)
    assert missing.value.message == NOT_FOUND_MESSAGE and "_lobbykiosk._tcp.local." in str(missing.value)


def test_the_recording_announcer_says_what_it_would_announce():
    announcer = RecordingAnnouncer("192.168.1.10", 8000, "lobbykiosk-pc")
    announcer.start()
    assert announcer.running and announcer.announced == {"addresses": ["192.168.1.10"], "port": 8000,
                                                         "name": "lobbykiosk-pc"}


def test_a_real_zeroconf_announcement_on_loopback_is_found():
    port = free_port()
    announcer = ZeroconfAnnouncer("127.0.0.1", port, f"lobbykiosk-test-{port}")
    announcer.start()
    try:
        found = ZeroconfFinder(["127.0.0.1"]).find(timeout=5)
    finally:
        announcer.stop()
    assert f"http://127.0.0.1:{port}" in found
