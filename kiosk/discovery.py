"""Finding the local server on the LAN: mDNS/DNS-SD (python-zeroconf), `_lobbykiosk._tcp`.

The server announces itself (`Announcer`); an unpaired kiosk or display browses for it
(`Finder`) or is given `--server URL` where the network blocks multicast. Each has the real
zeroconf implementation and a recording dummy for tests. `interfaces` limits zeroconf to
some addresses (["127.0.0.1"] keeps a test on loopback); None means every interface.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Protocol

log = logging.getLogger(__name__)

SERVICE_TYPE = "_lobbykiosk._tcp.local."
SETTLE_SECONDS = 0.3
NOT_FOUND_MESSAGE = ("Không tìm thấy máy chủ trong mạng nội bộ. Hãy kiểm tra dây mạng, hoặc nhập địa chỉ máy chủ "
                     "(--server http://ĐỊA-CHỈ:8000).")


class ServerNotFound(Exception):
    message = NOT_FOUND_MESSAGE


class Announcer(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


class Finder(Protocol):
    def find(self, timeout: float) -> list[str]: ...


def _addresses(host: str) -> list[str]:
    """The IPv4 addresses the server answers on: the host itself, or every interface's for 0.0.0.0."""
    if host not in ("0.0.0.0", ""):
        return [host]
    import ifaddr
    found = [ip.ip for adapter in ifaddr.get_adapters() for ip in adapter.ips
             if isinstance(ip.ip, str) and not ip.ip.startswith("127.")]
    return found or ["127.0.0.1"]


class ZeroconfAnnouncer:
    """Registers the server (in a thread: probing the name takes about a second)."""

    def __init__(self, host: str, port: int, name: str, interfaces: list[str] | None = None):
        self.addresses = _addresses(host)
        self.port, self.name = port, name
        self.interfaces = interfaces if interfaces is not None else (None if host in ("0.0.0.0", "") else [host])
        self._zeroconf = self._info = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._register, name="zeroconf-announce", daemon=True)
        self._thread.start()

    def _register(self) -> None:
        from zeroconf import InterfaceChoice, IPVersion, ServiceInfo, Zeroconf
        try:
            self._zeroconf = Zeroconf(interfaces=self.interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only)
            self._info = ServiceInfo(SERVICE_TYPE, f"{self.name}.{SERVICE_TYPE}", port=self.port,
                                     addresses=[socket.inet_aton(a) for a in self.addresses],
                                     properties={"path": "/", "api": "/api/health"})
            self._zeroconf.register_service(self._info, allow_name_change=True)
            log.info("announced on mDNS as %s (%s:%d)", self._info.name, ",".join(self.addresses), self.port)
        except Exception as error:      # no multicast on this network: kiosks then need --server
            log.warning("mDNS announcement failed (%s); devices must be given --server", error)

    def stop(self) -> None:
        if self._thread:
            self._thread.join(5)
        if self._zeroconf is not None:
            try:
                if self._info is not None:
                    self._zeroconf.unregister_service(self._info)
            finally:
                self._zeroconf.close()


class RecordingAnnouncer:
    def __init__(self, host: str, port: int, name: str, interfaces: list[str] | None = None):
        self.announced = {"addresses": _addresses(host), "port": port, "name": name}
        self.running = False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False


class ZeroconfFinder:
    """Browses for `_lobbykiosk._tcp` and returns each server's http URL, first found first."""

    def __init__(self, interfaces: list[str] | None = None):
        self.interfaces = interfaces

    def find(self, timeout: float) -> list[str]:
        from zeroconf import InterfaceChoice, IPVersion, ServiceBrowser, Zeroconf
        zeroconf = Zeroconf(interfaces=self.interfaces or InterfaceChoice.All, ip_version=IPVersion.V4Only)
        urls: list[str] = []

        class Listener:
            def add_service(self, zc, type_, name):
                info = zc.get_service_info(type_, name, timeout=int(timeout * 1000))
                if info and info.parsed_addresses():
                    urls.append(f"http://{info.parsed_addresses()[0]}:{info.port}")

            def update_service(self, *_):
                pass

            def remove_service(self, *_):
                pass
        browser = ServiceBrowser(zeroconf, SERVICE_TYPE, Listener())
        try:
            deadline = time.monotonic() + timeout
            while not urls and time.monotonic() < deadline:
                time.sleep(0.05)
            if urls:
                time.sleep(SETTLE_SECONDS)      # the others answering the same query
            return list(dict.fromkeys(urls))
        finally:
            browser.cancel()
            zeroconf.close()


class DummyFinder:
    def __init__(self, urls: list[str] | None = None):
        self.urls = urls or []
        self.searches: list[float] = []

    def find(self, timeout: float) -> list[str]:
        self.searches.append(timeout)
        return list(self.urls)


def server_url(explicit: str | None, finder: Finder, timeout: float = 5.0) -> str:
    """`explicit` (--server) when given, else the first server found on the LAN."""
    if explicit:
        return explicit.rstrip("/")
    found = finder.find(timeout)
    if not found:
        raise ServerNotFound(f"no {SERVICE_TYPE} server answered on mDNS within {timeout:g} s")
    return found[0]
