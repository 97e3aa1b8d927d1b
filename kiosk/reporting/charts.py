"""Small server-rendered SVG charts: vertical bars, horizontal bars and lines.

Every chart is a self-contained <svg> string with a viewBox (it scales to its box), a <title>
for screen readers, and text in the bundled Noto Sans. Labels are XML-escaped.
"""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

FONT = "'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
INK = "#102a43"
MUTED = "#486581"
GRID = "#d9e2ec"
BLUE = "#0b4f8a"
PALETTE = ("#0b4f8a", "#2f9e44", "#e8590c", "#862e9c", "#c92a2a", "#1098ad")
# Satisfaction faces, from very satisfied to dissatisfied.
SATISFACTION_COLOURS = ("#2b8a3e", "#74b816", "#f59f00", "#c92a2a")


def nice_max(value: float) -> float:
    """The smallest 1-2-5 step multiple at or above `value`, so axes end on round numbers."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'font-family="{FONT}" class="chart"><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")


def bar_chart(labels: list[str], values: list[float], title: str, width: int = 600, height: int = 280,
              colour: str = BLUE, highlight: int | None = None, highlight_colour: str = "#e8590c") -> str:
    """Vertical bars with a value above each bar; `highlight` is the index drawn in another colour."""
    left, right, top, bottom = 44, 10, 16, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max(values, default=0))
    body = []
    for i in range(5):
        tick = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="{MUTED}">'
                    f'{_fmt(tick)}</text>')
    slot = plot_w / max(len(values), 1)
    bar_w = max(2.0, slot * 0.7)
    for i, (label, value) in enumerate(zip(labels, values)):
        h = plot_h * value / top_value
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h - h
        fill = highlight_colour if i == highlight else colour
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}" rx="2">'
                    f'<title>{escape(str(label))}: {_fmt(value)}</title></rect>')
        if value:
            body.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="12" text-anchor="middle" '
                        f'fill="{INK}">{_fmt(value)}</text>')
        body.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 18}" font-size="12" '
                    f'text-anchor="middle" fill="{INK}">{escape(str(label))}</text>')
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}"/>')
    return _svg(width, height, title, body)


def hbar_chart(labels: list[str], values: list[float], title: str, width: int = 600, bar_height: int = 30,
               colours: tuple[str, ...] | None = None, label_width: int = 250, suffixes: list[str] | None = None) -> str:
    """Horizontal bars, one row per label, the value (and an optional suffix) after the bar."""
    gap, top = 10, 6
    height = top * 2 + len(values) * (bar_height + gap)
    value_room = 120
    plot_w = width - label_width - value_room
    top_value = max(values, default=0) or 1
    body = []
    for i, (label, value) in enumerate(zip(labels, values)):
        y = top + i * (bar_height + gap)
        w = plot_w * value / top_value
        fill = colours[i % len(colours)] if colours else BLUE
        body.append(f'<text x="{label_width - 8}" y="{y + bar_height / 2 + 5:.1f}" font-size="15" '
                    f'text-anchor="end" fill="{INK}">{escape(_short(str(label), 30))}<title>{escape(str(label))}</title></text>')
        body.append(f'<rect x="{label_width}" y="{y}" width="{max(w, 0):.1f}" height="{bar_height}" fill="{fill}" '
                    f'rx="3"><title>{escape(str(label))}: {_fmt(value)}</title></rect>')
        suffix = f" {suffixes[i]}" if suffixes else ""
        body.append(f'<text x="{label_width + w + 6:.1f}" y="{y + bar_height / 2 + 5:.1f}" font-size="15" '
                    f'font-weight="700" fill="{INK}">{_fmt(value)}{escape(suffix)}</text>')
    return _svg(width, height, title, body)


def line_chart(labels: list[str], series: dict[str, list[float]], title: str, width: int = 600,
               height: int = 280) -> str:
    """One line per series over shared x labels, with a legend; labels thinned to fit."""
    left, right, top, bottom = 44, 10, 30, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max((v for values in series.values() for v in values), default=0))
    body = []
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end" fill="{MUTED}">'
                    f'{_fmt(top_value * i / 4)}</text>')
    n = len(labels)
    step_x = plot_w / max(n - 1, 1)
    every = max(1, math.ceil(n / 12))
    for i, label in enumerate(labels):
        if (i % every == 0 and n - 1 - i >= every) or i == n - 1:
            anchor = "end" if i == n - 1 and n > 1 else "start" if i == 0 and n > 1 else "middle"
            body.append(f'<text x="{left + step_x * i:.1f}" y="{height - bottom + 18}" font-size="12" '
                        f'text-anchor="{anchor}" fill="{INK}">{escape(str(label))}</text>')
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        points = " ".join(f"{left + step_x * i:.1f},{top + plot_h - plot_h * v / top_value:.1f}"
                          for i, v in enumerate(values))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        if n == 1:
            body.append(f'<circle cx="{left:.1f}" cy="{top + plot_h - plot_h * values[0] / top_value:.1f}" r="4" '
                        f'fill="{colour}"/>')
        body.append(f'<rect x="{left + k * 150}" y="4" width="14" height="14" fill="{colour}"/>'
                    f'<text x="{left + k * 150 + 20}" y="16" font-size="13" fill="{INK}">{escape(name)}</text>')
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{INK}"/>')
    return _svg(width, height, title, body)


def report_charts(report: dict) -> dict[str, str]:
    """The charts the reports page shows, by name."""
    hours = report["by_hour"]
    peak = report["peak_hour"]["hour"] if report["peak_hour"] else None
    hour_labels = [f"{h['hour']}h" for h in hours]
    charts = {
        "hours": bar_chart(hour_labels, [h["issued"] for h in hours], "Số phiếu cấp theo giờ trong ngày",
                           highlight=next((i for i, h in enumerate(hours) if h["hour"] == peak), None)),
        "services": hbar_chart([s["name"] for s in report["by_service"]], [s["issued"] for s in report["by_service"]],
                               "Số phiếu cấp theo lĩnh vực", colours=PALETTE),
    }
    sat = report["satisfaction"]
    charts["satisfaction"] = hbar_chart(
        [d["label"] for d in sat["distribution"]], [d["count"] for d in sat["distribution"]],
        "Mức độ hài lòng", colours=SATISFACTION_COLOURS,
        suffixes=[f"({_fmt(d['share'])}%)" if d["share"] is not None else "" for d in sat["distribution"]])
    charts["reasons"] = hbar_chart([r["label"] for r in sat["reasons"]], [r["count"] for r in sat["reasons"]],
                                   "Lý do chưa hài lòng", colours=("#868e96",))
    if len(report["by_day"]) > 1:
        days = report["by_day"]
        charts = {"days": line_chart([d["day"][8:10] + "/" + d["day"][5:7] for d in days],
                                    {"Cấp số": [d["issued"] for d in days], "Đã phục vụ": [d["served"] for d in days]},
                                    "Số phiếu theo ngày"), **charts}
    return charts
