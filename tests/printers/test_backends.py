import pytest
from escpos.printer import File, Network

from printers import backends
from printers.backends import BackendError, MissingLibrary, backend_arguments, open_backend


def test_usb_ids_in_any_spelling_and_a_timeout_in_milliseconds():
    arguments = backend_arguments("usb", {"vendor_id": "0x0416", "product_id": 0x5011}, timeout_seconds=5)
    assert arguments == {"idVendor": 0x0416, "idProduct": 0x5011, "timeout": 5000}


def test_our_keys_become_python_escpos_arguments():
    assert backend_arguments("serial", {"port": "/dev/ttyUSB0", "baudrate": 115200}) == {
        "devfile": "/dev/ttyUSB0", "baudrate": 115200}
    assert backend_arguments("file", {"path": "/dev/usb/lp0"}) == {"devfile": "/dev/usb/lp0"}
    assert backend_arguments("network", {"host": "10.0.0.5"}, 3) == {"host": "10.0.0.5", "timeout": 3}


def test_unknown_key_is_named():
    with pytest.raises(BackendError, match=r"printer\.network\.hots: unknown key"):
        backend_arguments("network", {"hots": "10.0.0.5"})


def test_missing_required_key_is_named_in_our_spelling():
    with pytest.raises(BackendError, match=r"printer\.usb\.product_id: required"):
        backend_arguments("usb", {"vendor_id": 0x0416})


def test_bad_usb_id():
    with pytest.raises(BackendError, match="not a USB id"):
        backend_arguments("usb", {"vendor_id": "epson", "product_id": 1})


@pytest.mark.parametrize("backend, settings, extra", [
    ("usb", {"vendor_id": 1, "product_id": 2}, r"pip install \.\[usb\]"),
    ("serial", {"port": "/dev/ttyUSB0"}, r"pip install \.\[serial\]"),
])
def test_missing_optional_library_names_the_extra(backend, settings, extra, monkeypatch):
    printer_class = getattr(backends.escpos_printer, backends.BACKENDS[backend][0])
    monkeypatch.setattr(printer_class, "is_usable", staticmethod(lambda: False))
    with pytest.raises(MissingLibrary, match=extra):
        open_backend(backend, settings)


def test_cups_without_pycups_or_lp_says_what_to_install(monkeypatch):
    monkeypatch.setattr(backends.escpos_printer.CupsPrinter, "is_usable", staticmethod(lambda: False))
    monkeypatch.setattr(backends.shutil, "which", lambda name: None)
    with pytest.raises(MissingLibrary, match=r"pip install \.\[cups\].*cups-client"):
        open_backend("cups", {"printer_name": "TM-T20"})


def test_cups_falls_back_to_lp(monkeypatch):
    monkeypatch.setattr(backends.escpos_printer.CupsPrinter, "is_usable", staticmethod(lambda: False))
    monkeypatch.setattr(backends.shutil, "which", lambda name: "/usr/bin/lp")
    assert type(open_backend("cups", {"printer_name": "TM-T20"})).__name__ == "LP"


def test_constructs_the_python_escpos_class_without_connecting():
    printer = open_backend("network", {"host": "192.0.2.1", "port": 9100}, 2)
    assert isinstance(printer, Network) and (printer.host, printer.port, printer.timeout) == ("192.0.2.1", 9100, 2)
    assert isinstance(open_backend("file", {"path": "/tmp/x"}), File)
