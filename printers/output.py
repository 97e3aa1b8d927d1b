"""Send planned pieces to a python-escpos printer object, and build job bytes.

Works on any `escpos.escpos.Escpos`: a real transport (Usb, Serial, Network, File, Cups)
or `escpos.printer.Dummy`, whose `.output` the tests and `document_bytes` read.
"""
from __future__ import annotations

import copy

from escpos.capabilities import get_profile
from escpos.constants import CODEPAGE_CHANGE, ESC, QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.magicencode import Encoder, MagicEncode
from escpos.printer import Dummy

from printers.paper import Paper
from printers.plan import CutPaper, Feed, NativeNumber, NativeQr, NativeText, Raster, RenderOptions, plan
from printers.vietnamese import for_tcvn3, to_cp1258

MAX_FEED = 255


class UnknownProfile(ValueError):
    pass


def make_profile(name: str | None, paper: Paper):
    """A private copy of a python-escpos profile with the paper width filled in.

    The `default` profile has no media width, which makes python-escpos ignore centring
    and skip its image width check. Profiles share one class-level dict, so copy it first.
    """
    try:
        profile = get_profile(name or "default")
    except KeyError:
        raise UnknownProfile(f"unknown python-escpos printer profile {name!r}") from None
    profile.profile_data = copy.deepcopy(type(profile).profile_data)
    media = profile.profile_data.setdefault("media", {})
    media.setdefault("width", {})["pixels"] = paper.dots
    media["width"]["mm"] = paper.mm
    return profile


def usable_dots(profile_name: str | None, paper: Paper) -> int:
    """The paper's dots, or fewer if the profile knows its printer prints a narrower line."""
    try:
        pixels = get_profile(profile_name or "default").profile_data["media"]["width"]["pixels"]
    except KeyError:
        return paper.dots
    return min(paper.dots, pixels) if isinstance(pixels, int) else paper.dots


def attach_profile(device: Escpos, profile) -> Escpos:
    device.profile = profile
    device.magic = MagicEncode(device)
    return device


def document_bytes(document, paper: Paper, options: RenderOptions, profile_name: str | None = None) -> bytes:
    """The complete ESC/POS job for a Receipt or Leaflet, built on a python-escpos Dummy."""
    device = attach_profile(Dummy(), make_profile(profile_name, paper))
    write_document(device, document, paper, options)
    return device.output


def write_document(device: Escpos, document, paper: Paper, options: RenderOptions) -> None:
    pieces = plan(document.blocks(), paper, options, qr_supported=bool(device.profile.supports("qrCode")))
    EscposWriter(device, options).write(pieces)


class EscposWriter:
    """Emits pieces as python-escpos calls; tracks alignment so it is sent only on change."""

    def __init__(self, device: Escpos, options: RenderOptions):
        self.device = device
        self.options = options
        self.align: str | None = None
        self.codepage_selected = False

    def write(self, pieces) -> None:
        self.device.hw("INIT")
        for piece in pieces:
            self.write_piece(piece)

    def write_piece(self, piece) -> None:
        if isinstance(piece, Raster):
            self.set_align(piece.align)
            self.device.image(piece.image, impl="bitImageRaster")
        elif isinstance(piece, Feed):
            self.feed(piece.dots)
        elif isinstance(piece, NativeNumber):
            self.write_number(piece)
        elif isinstance(piece, NativeQr):
            # qr(native=True, center=True) raises in python-escpos 3.1; ESC a centres it.
            self.set_align("center")
            self.device.qr(piece.data, ec=QR_ECLEVEL_M, size=piece.module, native=True)
        elif isinstance(piece, NativeText):
            self.write_text(piece)
        elif isinstance(piece, CutPaper):
            self.device.cut()
        else:
            raise TypeError(f"unknown piece {piece!r}")

    def set_align(self, align: str) -> None:
        if align != self.align:
            self.device.set(align=align)
            self.align = align

    def feed(self, dots: int) -> None:
        """ESC J n: print what is buffered and feed n dots."""
        while dots > 0:
            step = min(dots, MAX_FEED)
            self.device._raw(ESC + b"J" + bytes([step]))
            dots -= step

    def write_number(self, piece: NativeNumber) -> None:
        self.set_align("center")
        self.device.set(bold=True, custom_size=True, width=piece.scale, height=piece.scale)
        self.device._raw(piece.text.encode("ascii") + b"\n")   # ASCII: no code page switch needed
        self.device.set(bold=False, normal_textsize=True)

    def write_text(self, piece: NativeText) -> None:
        self.set_align(piece.align)
        self.device.set(bold=piece.bold)
        if self.options.codepage == "TCVN-3":
            self.tcvn3_magic().write(for_tcvn3(piece.text) + "\n")
        else:
            self.select_cp1258()
            self.device._raw(to_cp1258(piece.text) + b"\n")
        if piece.bold:
            self.device.set(bold=False)

    def select_cp1258(self) -> None:
        if not self.codepage_selected:
            number = self.options.codepage_number
            if number is None:
                number = _profile_codepage(self.device, "CP1258")
            self.device._raw(CODEPAGE_CHANGE + bytes([number]))
            self.codepage_selected = True

    def tcvn3_magic(self) -> MagicEncode:
        """python-escpos's own code-page switching, limited to the two TCVN-3 tables."""
        if not self.codepage_selected:
            first = self.options.codepage_number
            if first is None:
                first = _profile_codepage(self.device, "TCVN-3-1")
            tables = {"TCVN-3-1": first, "TCVN-3-2": first + 1}
            self.magic = MagicEncode(self.device, encoder=Encoder(tables))
            self.codepage_selected = True
        return self.magic


def _profile_codepage(device: Escpos, name: str) -> int:
    pages = device.profile.get_code_pages()
    if name not in pages:
        profile = device.profile.profile_data.get("name", "?")
        raise UnknownProfile(
            f"printer profile {profile!r} has no {name} code page; set printer.codepage_number "
            f"or use text_mode: raster"
        )
    return int(pages[name])
