"""Build the python-escpos transport named in config.yaml's `printer` section.

Like python-escpos's own `escpos.config`, the section's backend picks a class in
`escpos.printer` and its mapping becomes the constructor's keyword arguments; this module
only translates our key names (vendor_id, port, path) and checks them first.
"""
from __future__ import annotations

import shutil

from escpos import printer as escpos_printer
from escpos.escpos import Escpos

# backend -> (python-escpos class, optional library, pip extra)
BACKENDS = {
    "usb": ("Usb", "pyusb", ".[usb]"),
    "serial": ("Serial", "pyserial", ".[serial]"),
    "network": ("Network", None, None),
    "file": ("File", None, None),
    "cups": ("CupsPrinter", "pycups", ".[cups]"),
    "dummy": ("Dummy", None, None),
}

# our key -> python-escpos argument, per backend; python-escpos's own names are accepted too
KEYS = {
    "usb": {"vendor_id": "idVendor", "product_id": "idProduct", "idVendor": "idVendor",
            "idProduct": "idProduct", "in_ep": "in_ep", "out_ep": "out_ep", "timeout_ms": "timeout"},
    "serial": {"port": "devfile", "devfile": "devfile", "baudrate": "baudrate", "baud": "baudrate",
               "bytesize": "bytesize", "parity": "parity", "stopbits": "stopbits",
               "xonxoff": "xonxoff", "dsrdtr": "dsrdtr", "timeout": "timeout"},
    "network": {"host": "host", "port": "port", "timeout": "timeout"},
    "file": {"path": "devfile", "devfile": "devfile", "auto_flush": "auto_flush"},
    "cups": {"printer_name": "printer_name", "host": "host", "port": "port"},
    "dummy": {},
}
REQUIRED = {"usb": ("idVendor", "idProduct"), "serial": ("devfile",), "network": ("host",), "file": ("devfile",)}
HEX_KEYS = ("idVendor", "idProduct", "in_ep", "out_ep")


class BackendError(Exception):
    """The printer section cannot give a working transport; the message says why."""


class MissingLibrary(BackendError):
    pass


def backend_arguments(backend: str, settings: dict, timeout_seconds: float = 8.0) -> dict:
    """Translate one backend's settings to python-escpos constructor arguments."""
    if backend not in BACKENDS:
        raise BackendError(f"printer.backend: unknown backend {backend!r} (one of {', '.join(BACKENDS)})")
    names = KEYS[backend]
    arguments = {}
    for key, value in (settings or {}).items():
        if key not in names:
            raise BackendError(f"printer.{backend}.{key}: unknown key (known: {', '.join(sorted(names))})")
        arguments[names[key]] = _hex_id(key, value) if names[key] in HEX_KEYS else value
    for needed in REQUIRED.get(backend, ()):
        if needed not in arguments:
            ours = next(key for key, theirs in names.items() if theirs == needed)
            raise BackendError(f"printer.{backend}.{ours}: required for the {backend} backend")
    return _with_timeout(backend, arguments, timeout_seconds)


def _with_timeout(backend: str, arguments: dict, timeout_seconds: float) -> dict:
    if backend == "usb":
        arguments.setdefault("timeout", int(timeout_seconds * 1000))   # pyusb counts milliseconds
    elif backend == "network":
        arguments.setdefault("timeout", timeout_seconds)
    return arguments


def _hex_id(key: str, value) -> int:
    """0x0416, 1046 and "0416" all mean the same USB id."""
    if isinstance(value, int):
        return value
    try:
        return int(str(value), 16)
    except ValueError:
        raise BackendError(f"printer.usb.{key}: {value!r} is not a USB id such as 0x0416") from None


def open_backend(backend: str, settings: dict, timeout_seconds: float = 8.0) -> Escpos:
    """Construct (not yet connect) the python-escpos printer for this backend."""
    from kiosk.platform import current
    if backend not in current().printer_backends:
        raise BackendError(f"the {backend} printer backend does not work on {current().name}: "
                           f"use one of {', '.join(current().printer_backends)} (a USB receipt printer: usb)")
    arguments = backend_arguments(backend, settings, timeout_seconds)
    class_name, library, extra = BACKENDS[backend]
    if backend == "cups" and not escpos_printer.CupsPrinter.is_usable():
        return _lp_instead_of_cups(arguments)
    printer_class = getattr(escpos_printer, class_name)
    if library and not printer_class.is_usable():
        raise MissingLibrary(
            f"the {backend} printer backend needs the Python package {library}, which is not "
            f"installed: pip install {extra}"
        )
    return printer_class(**arguments)


def _lp_instead_of_cups(arguments: dict) -> Escpos:
    """Without pycups, CUPS is still reachable through the `lp` command (cups-client)."""
    if shutil.which("lp"):
        return escpos_printer.LP(printer_name=arguments.get("printer_name", ""))
    raise MissingLibrary(
        "the cups printer backend needs the Python package pycups (pip install .[cups]; it "
        "builds against libcups2-dev) or the lp command (apt install cups-client)"
    )
