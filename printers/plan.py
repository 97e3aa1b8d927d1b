"""Turn layout blocks into printable pieces for one paper width and one printer.

A piece is either an image (drawn by `drawing`, so preview and print share it), a paper
feed, or a native command (big number, QR code, code-page text) the printer draws itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from PIL import Image

from printers import drawing
from printers.layout import BigNumber, Block, Cut, Qr, Rule, Space, Text
from printers.paper import Paper


@dataclass(frozen=True)
class RenderOptions:
    text_mode: Literal["raster", "codepage"] = "raster"
    codepage: Literal["CP1258", "TCVN-3"] = "CP1258"
    codepage_number: int | None = None     # ESC t n; None: the number the profile gives
    native_qr: bool = True
    native_number: bool = True

    @classmethod
    def raster_all(cls) -> "RenderOptions":
        return cls(text_mode="raster", native_qr=False, native_number=False)


@dataclass(frozen=True)
class Raster:
    image: Image.Image = field(compare=False)
    align: str = "center"


@dataclass(frozen=True)
class Feed:
    dots: int


@dataclass(frozen=True)
class NativeNumber:
    text: str
    scale: int


@dataclass(frozen=True)
class NativeQr:
    data: str
    module: int


@dataclass(frozen=True)
class NativeText:
    text: str
    bold: bool = False
    align: str = "center"


@dataclass(frozen=True)
class CutPaper:
    pass


Piece = Union[Raster, Feed, NativeNumber, NativeQr, NativeText, CutPaper]


def plan(blocks: list[Block], paper: Paper, options: RenderOptions, qr_supported: bool = True) -> list[Piece]:
    pieces: list[Piece] = []
    for block in blocks:
        pieces += _pieces(block, paper, options, qr_supported)
    return merge_feeds(pieces)


def _pieces(block: Block, paper: Paper, options: RenderOptions, qr_supported: bool) -> list[Piece]:
    if isinstance(block, Text):
        if options.text_mode == "codepage":
            return _native_text(block, paper)
        size = {"title": paper.title_px, "body": paper.body_px, "small": paper.small_px}[block.style]
        lines = drawing.draw_paragraph(block.text, size, block.bold, block.align, paper.dots, block.checkbox)
        return [piece for line in lines for piece in _line_pieces(line)]
    if isinstance(block, BigNumber):
        if options.native_number and block.text.isascii():
            return [NativeNumber(block.text, paper.number_scale)]
        return _line_pieces(drawing.draw_big_number(block.text, paper.number_scale, paper.dots))
    if isinstance(block, Qr):
        if options.native_qr and qr_supported:
            return [NativeQr(block.data, paper.qr_module)]
        return [Raster(drawing.draw_qr(block.data, paper.qr_module), "center")]
    if isinstance(block, Space):
        return [Feed(block.dots)]
    if isinstance(block, Rule):
        return _line_pieces(drawing.draw_rule(paper.dots))
    if isinstance(block, Cut):
        return [CutPaper()]
    raise TypeError(f"unknown block {block!r}")


def _line_pieces(line: drawing.Line) -> list[Piece]:
    return [Feed(line.top), Raster(line.image, line.align), Feed(line.bottom_gap)]


def _native_text(block: Text, paper: Paper) -> list[Piece]:
    bold = block.bold or block.style == "title"
    prefix, indent = ("[ ] ", "    ") if block.checkbox else ("", "")
    lines = wrap_columns(block.text, paper.columns - len(prefix))
    return [
        NativeText((prefix if index == 0 else indent) + line, bold, block.align)
        for index, line in enumerate(lines)
    ]


def wrap_columns(text: str, columns: int) -> list[str]:
    """Word wrap by character count, for the printer's own fixed-width font."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > columns:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:columns])
            word = word[columns:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= columns:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def merge_feeds(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Feed):
            if piece.dots <= 0:
                continue
            if merged and isinstance(merged[-1], Feed):
                merged[-1] = Feed(merged[-1].dots + piece.dots)
                continue
        merged.append(piece)
    return merged
