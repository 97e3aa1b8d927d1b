"""Read an ESC/POS byte stream back into commands: for tests, the bench and debugging.

Knows the commands this package (and python-escpos for it) sends; any other byte is text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, DLE, LF = 0x1B, 0x1D, 0x10, 0x0A
# ESC x: number of parameter bytes
ESC_PARAMS = {ord("@"): 0, ord("a"): 1, ord("E"): 1, ord("t"): 1, ord("J"): 1, ord("d"): 1,
              ord("!"): 1, ord("-"): 1, ord("M"): 1, ord("2"): 0, ord("3"): 1, ord("G"): 1,
              ord("{"): 1, ord("p"): 3, ord("c"): 2}
GS_PARAMS = {ord("!"): 1, ord("B"): 1, ord("b"): 1, ord("h"): 1, ord("w"): 1, ord("H"): 1,
             ord("f"): 1}
NAMES = {(ESC, "@"): "init", (ESC, "a"): "align", (ESC, "E"): "bold", (ESC, "t"): "codepage",
         (ESC, "J"): "feed_dots", (ESC, "d"): "feed_lines", (ESC, "!"): "mode", (GS, "!"): "size"}


@dataclass
class Command:
    name: str
    args: bytes = b""
    data: bytes = field(default=b"", repr=False)
    width: int = 0     # raster images: width in dots (whole bytes x 8)
    height: int = 0

    @property
    def align(self) -> str:
        return {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}[self.args[0]]


def parse(stream: bytes) -> list[Command]:
    commands: list[Command] = []
    text = bytearray()
    i = 0
    while i < len(stream):
        byte = stream[i]
        if byte in (ESC, GS, DLE):
            if text:
                commands.append(Command("text", data=bytes(text)))
                text.clear()
            command, i = _command(stream, i)
            commands.append(command)
        else:
            text.append(byte)
            i += 1
    if text:
        commands.append(Command("text", data=bytes(text)))
    return commands


def _command(stream: bytes, i: int) -> tuple[Command, int]:
    prefix, code = stream[i], stream[i + 1]
    if prefix == DLE:                                   # DLE EOT n: status request
        return Command("status_request", stream[i + 2:i + 3]), i + 3
    if prefix == GS and code == ord("v"):               # GS v 0 m xL xH yL yH data
        x = stream[i + 4] + 256 * stream[i + 5]
        y = stream[i + 6] + 256 * stream[i + 7]
        end = i + 8 + x * y
        return Command("raster", stream[i + 3:i + 4], stream[i + 8:end], width=8 * x, height=y), end
    if prefix == GS and code == ord("("):               # GS ( k / GS ( L pL pH payload
        length = stream[i + 3] + 256 * stream[i + 4]
        end = i + 5 + length
        kind = {ord("k"): "qr", ord("L"): "graphics"}.get(stream[i + 2], "gs(")
        return Command(kind, stream[i + 5:i + 7], stream[i + 7:end]), end
    if prefix == GS and code == ord("V"):               # GS V m [n]
        extra = 1 if stream[i + 2] in (65, 66, 97, 98, 103, 104) else 0
        return Command("cut", stream[i + 2:i + 3 + extra]), i + 3 + extra
    params = (ESC_PARAMS if prefix == ESC else GS_PARAMS).get(code)
    if params is None:
        raise ValueError(f"unknown command {bytes([prefix, code])!r} at byte {i}")
    name = NAMES.get((prefix, chr(code)), f"{'ESC' if prefix == ESC else 'GS'} {chr(code)}")
    return Command(name, stream[i + 2:i + 2 + params]), i + 2 + params


def text_runs(commands: list[Command]) -> list[tuple[int | None, bytes]]:
    """Every text run with the code page (ESC t n) in force when it was sent."""
    codepage, runs = None, []
    for command in commands:
        if command.name == "init":
            codepage = None
        elif command.name == "codepage":
            codepage = command.args[0]
        elif command.name == "text":
            runs.append((codepage, command.data))
    return runs


def qr_payloads(commands: list[Command]) -> list[bytes]:
    """Data stored for native QR codes (GS ( k, cn 49, fn 80)."""
    return [c.data[1:] for c in commands if c.name == "qr" and c.args == b"1P"]
