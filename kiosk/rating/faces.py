"""The four satisfaction faces, drawn on the Kivy canvas (no image files)."""
from __future__ import annotations

from kivy.graphics import Color, Ellipse, Line
from kivy.properties import StringProperty
from kivy.uix.widget import Widget

FACE_COLOURS = {"very_satisfied": (0.17, 0.54, 0.24), "satisfied": (0.45, 0.72, 0.09),
                "neutral": (0.96, 0.62, 0.0), "dissatisfied": (0.79, 0.16, 0.16)}
INK = (0.106, 0.106, 0.106)


class Face(Widget):
    """A round face whose mouth says the rating; redrawn whenever it moves or resizes."""

    kind = StringProperty("neutral")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.bind(pos=self.redraw, size=self.redraw, kind=self.redraw)
        self.redraw()

    def redraw(self, *_):
        self.canvas.clear()
        d = min(self.width, self.height)
        x0, y0 = self.center_x - d / 2, self.center_y - d / 2
        eye = d * 0.11
        width = max(2.0, d * 0.05)
        with self.canvas:
            Color(*FACE_COLOURS.get(self.kind, FACE_COLOURS["neutral"]))
            Ellipse(pos=(x0, y0), size=(d, d))
            Color(*INK)
            for ex in (0.33, 0.67):
                Ellipse(pos=(x0 + d * ex - eye / 2, y0 + d * 0.6 - eye / 2), size=(eye, eye))
            cx, cy = x0 + d / 2, y0 + d * 0.36
            if self.kind == "very_satisfied":
                # A wide open smile: the lower half of an ellipse, filled white, outlined.
                Color(1, 1, 1)
                Ellipse(pos=(cx - d * 0.24, cy - d * 0.16), size=(d * 0.48, d * 0.32), angle_start=90, angle_end=270)
                Color(*INK)
                Line(ellipse=(cx - d * 0.24, cy - d * 0.16, d * 0.48, d * 0.32, 90, 270), width=width * 0.6)
                Line(points=[cx - d * 0.24, cy, cx + d * 0.24, cy], width=width * 0.6, cap="round")
            elif self.kind == "satisfied":
                Line(points=_curve((cx - d * 0.2, cy + d * 0.02), (cx, cy - d * 0.16), (cx + d * 0.2, cy + d * 0.02)),
                     width=width, cap="round", joint="round")
            elif self.kind == "neutral":
                Line(points=[cx - d * 0.18, cy - d * 0.02, cx + d * 0.18, cy - d * 0.02], width=width, cap="round")
            else:
                Line(points=_curve((cx - d * 0.2, cy - d * 0.12), (cx, cy + d * 0.06), (cx + d * 0.2, cy - d * 0.12)),
                     width=width, cap="round", joint="round")


def _curve(start, control, end, steps: int = 24) -> list[float]:
    """Points along a quadratic Bézier curve, flattened for Line(points=...)."""
    points = []
    for i in range(steps + 1):
        t = i / steps
        for axis in (0, 1):
            points.append((1 - t) ** 2 * start[axis] + 2 * (1 - t) * t * control[axis] + t ** 2 * end[axis])
    return points
