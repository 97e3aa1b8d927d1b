"""The report's charts drawn as PDF vector paths (rectangles, lines) with real text labels:
they print sharp at any size and their figures can be selected. Same colours and scale rules
as the page's SVG charts (kiosk/reporting/charts.py)."""
from __future__ import annotations

import math

from kiosk.reporting.charts import GRID, MUTED, PALETTE, SATISFACTION_COLOURS, _fmt, nice_max
from kiosk.reporting.pdf_layout import MARGIN_LEFT, Doc, font

PEAK = "#e8590c"


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def axis_top(value: float) -> float:
    """The axis end for counts: four grid steps of a whole 1-2-2.5-5 number (so no "1,2" tick)."""
    return 4 * max(1, math.ceil(nice_max(value / 4)))


def _caption(doc: Doc, title: str) -> None:
    doc.text(title, font(10, bold=True), "center")
    doc.y += 1


def _grid(doc: Doc, left: float, top: float, width: float, height: float, top_value: float) -> None:
    """Four horizontal grid lines with their values on the left, and the base line."""
    small = (7.5, False)
    for i in range(5):
        y = top + height - height * i / 4
        doc.pdf.set_draw_color(*rgb(GRID if i else "#102a43"))
        doc.pdf.set_line_width(0.2)
        doc.pdf.line(left, y, left + width, y)
        label = _fmt(top_value * i / 4)
        doc.pdf.set_text_color(*rgb(MUTED))
        doc.put(left - 1.5 - doc.text_width(label, small), y - 1.6, label, small)
    doc.pdf.set_text_color(16, 24, 32)


def bar_chart(doc: Doc, labels: list[str], series: dict[str, list[float]], title: str, height: float = 40,
              highlight: int | None = None) -> None:
    """Grouped vertical bars, one group per label, the value above each bar, a legend above;
    the first series' bar at `highlight` is drawn in orange."""
    doc.room(height + 16)
    _caption(doc, title)
    legend = {name: PALETTE[k] for k, name in enumerate(series)}
    if highlight is not None:
        legend["Giờ cao điểm"] = PEAK
    _legend(doc, legend)
    left, top = MARGIN_LEFT + 10, doc.y + 3
    width, plot_h = doc.width - 10, height - 8
    top_value = axis_top(max((v for values in series.values() for v in values), default=0))
    _grid(doc, left, top, width, plot_h, top_value)
    slot = width / max(len(labels), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    small = (7, False)
    for i, label in enumerate(labels):
        for k, values in enumerate(series.values()):
            value, x = values[i], left + slot * i + slot * 0.1 + bar_w * k
            h = plot_h * value / top_value
            doc.pdf.set_fill_color(*rgb(PEAK if (k, i) == (0, highlight) else PALETTE[k]))
            if h > 0:
                doc.pdf.rect(x, top + plot_h - h, bar_w, h, style="F")
            if value:
                text = _fmt(value)
                doc.put(x + (bar_w - doc.text_width(text, small)) / 2, top + plot_h - h - 3.4, text, small)
        centre = left + slot * (i + 0.5)
        doc.put(centre - doc.text_width(str(label), small) / 2, top + plot_h + 0.8, str(label), small)
    doc.y = top + height


def _legend(doc: Doc, colours: dict[str, str]) -> None:
    """Coloured squares with their names on one centred line."""
    small = (7.5, False)
    widths = [doc.text_width(name, small) + 10 for name in colours]
    x = MARGIN_LEFT + (doc.width - sum(widths)) / 2
    for (name, colour), w in zip(colours.items(), widths):
        doc.pdf.set_fill_color(*rgb(colour))
        doc.pdf.rect(x, doc.y + 0.7, 2.8, 2.8, style="F")
        doc.put(x + 4, doc.y, name, small)
        x += w
    doc.y += doc.line_height(small)


def hbar_chart(doc: Doc, labels: list[str], values: list[float], title: str, colours: tuple[str, ...],
               suffixes: list[str] | None = None, bar_h: float = 4.2) -> None:
    """One horizontal bar per label, the value (and an optional suffix) after the bar."""
    gap, label_w, value_room = 1.6, 55, 28
    doc.room(len(values) * (bar_h + gap) + 10)
    _caption(doc, title)
    plot_w = doc.width - label_w - value_room
    top_value = max(values, default=0) or 1
    f, bold = (8.5, False), (8.5, True)
    for i, (label, value) in enumerate(zip(labels, values)):
        y = doc.y + i * (bar_h + gap)
        text_top = y + (bar_h - doc.line_height(f)) / 2
        doc.put(MARGIN_LEFT + label_w - 2 - doc.text_width(str(label), f), text_top, str(label), f)
        w = plot_w * value / top_value
        doc.pdf.set_fill_color(*rgb(colours[i % len(colours)]))
        if w > 0:
            doc.pdf.rect(MARGIN_LEFT + label_w, y, w, bar_h, style="F")
        figure = _fmt(value) + (f" {suffixes[i]}" if suffixes and suffixes[i] else "")
        doc.put(MARGIN_LEFT + label_w + w + 1.5, text_top, figure, bold)
    doc.y += len(values) * (bar_h + gap) + 2


def line_chart(doc: Doc, labels: list[str], series: dict[str, list[float]], title: str, height: float = 45) -> None:
    """One line per series over shared x labels (thinned to fit), with a legend above."""
    doc.room(height + 16)
    _caption(doc, title)
    small = (7.5, False)
    _legend(doc, {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(series)})
    left, top = MARGIN_LEFT + 10, doc.y + 3
    width, plot_h = doc.width - 12, height - 8
    top_value = axis_top(max((v for values in series.values() for v in values), default=0))
    _grid(doc, left, top, width, plot_h, top_value)
    n = len(labels)
    step = width / max(n - 1, 1)
    every = max(1, -(-n // 12))
    for i, label in enumerate(labels):
        if (i % every == 0 and n - 1 - i >= every) or i == n - 1:
            w = doc.text_width(label, small)
            x = left + step * i - (w if i == n - 1 and n > 1 else 0 if i == 0 else w / 2)
            doc.put(x, top + plot_h + 0.8, label, small)
    for k, values in enumerate(series.values()):
        doc.pdf.set_draw_color(*rgb(PALETTE[k % len(PALETTE)]))
        doc.pdf.set_line_width(0.6)
        points = [(left + step * i, top + plot_h - plot_h * v / top_value) for i, v in enumerate(values)]
        if len(points) > 1:
            doc.pdf.polyline(points)
    doc.y = top + height - 2


def hours_chart(doc: Doc, report: dict, number: int) -> None:
    hours = report["by_hour"]
    peak = report["peak_hour"]["hour"] if report["peak_hour"] else None
    bar_chart(doc, [f"{h['hour']}h" for h in hours],
              {"Cấp số": [h["issued"] for h in hours], "Phục vụ": [h["served"] for h in hours]},
              f"Biểu đồ {number}. Số phiếu cấp và số lượt phục vụ theo giờ",
              highlight=next((i for i, h in enumerate(hours) if h["hour"] == peak), None))


def satisfaction_chart(doc: Doc, report: dict, number: int) -> None:
    distribution = report["satisfaction"]["distribution"]
    hbar_chart(doc, [d["label"] for d in distribution], [d["count"] for d in distribution],
               f"Biểu đồ {number}. Mức độ hài lòng (số lượt)", SATISFACTION_COLOURS,
               suffixes=[f"({_fmt(d['share'])}%)" if d["share"] is not None else "" for d in distribution])


def days_chart(doc: Doc, days: list[dict], number: int) -> None:
    line_chart(doc, [d["day"][8:10] + "/" + d["day"][5:7] for d in days],
               {"Cấp số": [d["issued"] for d in days], "Đã phục vụ": [d["served"] for d in days]},
               f"Biểu đồ {number}. Số phiếu theo ngày")
