"""The blocks a printed document is made of, independent of paper and printer.

`Receipt.blocks()` and `Leaflet.blocks()` produce these; `plan.plan()` turns them into
printable pieces for one paper width and one set of printer options.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

Style = Literal["title", "body", "small"]
Align = Literal["center", "left"]


@dataclass(frozen=True)
class Text:
    """A paragraph; wrapped to the paper."""
    text: str
    style: Style = "body"
    bold: bool = False
    align: Align = "center"
    checkbox: bool = False      # a checklist item: a box, then the text with a hanging indent


@dataclass(frozen=True)
class BigNumber:
    """The ticket number, ASCII digits, printed very large."""
    text: str


@dataclass(frozen=True)
class Qr:
    data: str


@dataclass(frozen=True)
class Space:
    dots: int


@dataclass(frozen=True)
class Rule:
    """A thin horizontal line across the paper."""


@dataclass(frozen=True)
class Cut:
    pass


Block = Union[Text, BigNumber, Qr, Space, Rule, Cut]
