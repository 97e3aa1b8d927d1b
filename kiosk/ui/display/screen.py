"""The Kivy lobby board: draws a `board.View`, nothing else (no rules, no network).

Laid out for a landscape TV (1920×1080) and sized in fractions of the window height, so
numbers stay at least 10% of the screen height on any resolution.
"""
from __future__ import annotations

from datetime import datetime

from kivy.graphics import Color, RoundedRectangle
from kivy.properties import ListProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label

from kiosk import ASSETS
from kiosk.ui.display.board import View

FONT = str(ASSETS / "fonts" / "NotoSans-Regular.ttf")
FONT_BOLD = str(ASSETS / "fonts" / "NotoSans-Bold.ttf")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
HISTORY_ROWS = 4
ARROW = "»"   # the bundled Noto Sans has no "→"


def rgba(value: str, alpha: float = 1.0) -> list[float]:
    value = value.lstrip("#")
    return [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)] + [alpha]


INK, MUTED, ACCENT, WHITE = rgba("#102a43"), rgba("#334e68"), rgba("#0b4f8a"), rgba("#ffffff")
PAGE, LINE, FRESH, FRESH_INK = rgba("#f4f7fb"), rgba("#d9e2ec"), rgba("#fff3bf"), rgba("#5c3c00")
CALM, BAD, FOOTER, IDLE = rgba("#e8f0f8"), rgba("#8a1c1c"), rgba("#102a43"), rgba("#bcccdc")

# font sizes as fractions of the window height (the web page uses the same vh values)
SIZES = {"centre": 0.034, "time": 0.046, "date": 0.024, "title": 0.026, "latest": 0.175, "latest_counter": 0.075,
         "arrow": 0.08, "call": 0.102, "call_counter": 0.065, "counter_name": 0.032, "counter": 0.10,
         "service": 0.026, "next": 0.064, "more": 0.026, "footer": 0.028, "badge": 0.024}
SERVICE_ROW = 0.075      # a service row: next numbers at 6.4% of the height, a label of up to two lines


class Box(BoxLayout):
    """A BoxLayout with a rounded background."""
    background = ListProperty([0, 0, 0, 0])

    def __init__(self, radius: float = 10, **kwargs):
        super().__init__(**kwargs)
        with self.canvas.before:
            self._colour = Color(*self.background)
            self._rect = RoundedRectangle(pos=self.pos, size=self.size, radius=[radius])
        self.bind(pos=self._redraw, size=self._redraw, background=self._redraw)

    def _redraw(self, *_):
        self._colour.rgba = self.background
        self._rect.pos, self._rect.size = self.pos, self.size


def text(role: str, colour=INK, bold: bool = True, halign: str = "left", **kwargs) -> Label:
    kwargs.setdefault("shorten", role not in ("latest", "call", "counter", "next", "service"))   # never cut a number
    label = Label(font_name=FONT_BOLD if bold else FONT, color=colour, halign=halign, valign="middle",
                  shorten_from="right", **kwargs)
    label.role = role
    label.bind(size=lambda widget, size: setattr(widget, "text_size", size))
    return label


class DisplayScreen(FloatLayout):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fresh_ids: set[int] = set()
        page = Box(orientation="vertical", background=PAGE, radius=0)
        self.add_widget(page)

        header = Box(size_hint_y=0.08, padding=[30, 0], spacing=20, background=ACCENT, radius=0)
        self.centre = text("centre", WHITE)
        # the header's corner says what is wrong; it never covers the board
        notices = BoxLayout(orientation="vertical", size_hint_x=0.3, padding=[0, 6], spacing=4)
        self.badge = self._notice("Mất kết nối")
        self.sound_badge = self._notice("Âm thanh đang tắt")
        notices.add_widget(self.badge)
        notices.add_widget(self.sound_badge)
        clock = BoxLayout(orientation="vertical", size_hint_x=0.3)
        self.time = text("time", WHITE, halign="right")
        self.date = text("date", WHITE, bold=False, halign="right")
        clock.add_widget(self.time)
        clock.add_widget(self.date)
        header.add_widget(self.centre)
        header.add_widget(notices)
        header.add_widget(clock)
        page.add_widget(header)

        main = BoxLayout(size_hint_y=0.86, spacing=12, padding=12)
        left = Box(orientation="vertical", padding=[16, 8], spacing=8, background=WHITE)
        left.add_widget(text("title", MUTED, text="MỜI CÔNG DÂN CÓ SỐ", size_hint_y=0.05))
        self.latest = Box(size_hint_y=0.3, background=CALM, padding=[16, 0], spacing=16)
        self.latest_number = text("latest", halign="right", size_hint_x=0.52)
        self.latest_arrow = text("arrow", MUTED, bold=False, halign="center", size_hint_x=0.1)
        self.latest_counter = text("latest_counter", ACCENT, size_hint_x=0.38)
        for widget in (self.latest_number, self.latest_arrow, self.latest_counter):
            self.latest.add_widget(widget)
        left.add_widget(self.latest)
        self.history = []
        for _ in range(HISTORY_ROWS):
            row = Box(size_hint_y=0.14, padding=[16, 0], background=WHITE)
            row.number = text("call", size_hint_x=0.4)
            row.arrow = text("call_counter", MUTED, bold=False, halign="center", size_hint_x=0.2)
            row.counter = text("call_counter", ACCENT, halign="right", size_hint_x=0.4)
            for widget in (row.number, row.arrow, row.counter):
                row.add_widget(widget)
            left.add_widget(row)
            self.history.append(row)
        left.add_widget(BoxLayout(size_hint_y=0.05))
        main.add_widget(left)

        right = Box(orientation="vertical", padding=[16, 8], spacing=8, background=WHITE)
        right.add_widget(text("title", MUTED, text="CÁC QUẦY ĐANG PHỤC VỤ", size_hint_y=0.05))
        self.counter_grid = GridLayout(cols=3, spacing=10, size_hint_y=0.4)
        right.add_widget(self.counter_grid)
        right.add_widget(text("title", MUTED, text="SỐ TIẾP THEO", size_hint_y=0.05))
        self.waiting = BoxLayout(orientation="vertical", size_hint_y=0.5, spacing=4)
        right.add_widget(self.waiting)
        main.add_widget(right)
        page.add_widget(main)

        footer = Box(size_hint_y=0.06, padding=[30, 0], spacing=40, background=FOOTER, radius=0)
        self.hours = text("footer", WHITE, size_hint_x=0.6)
        self.message = text("footer", WHITE, bold=False, size_hint_x=0.4)
        footer.add_widget(self.hours)
        footer.add_widget(self.message)
        page.add_widget(footer)

        self.counter_cells: dict[int, BoxLayout] = {}
        self.service_rows: dict[str, BoxLayout] = {}
        self.bind(size=lambda *_: self._scale())

    # -- drawing -----------------------------------------------------------------------
    @staticmethod
    def _notice(words: str) -> Box:
        notice = Box(background=BAD, radius=8, padding=[10, 0])
        notice.label = text("badge", WHITE, text=words, halign="center")
        notice.add_widget(notice.label)
        return notice

    def render(self, view: View, now: datetime | None = None, sound: bool = True) -> None:
        self.centre.text = view.centre
        self.hours.text = f"Giờ làm việc: {view.opening_hours}" if view.opening_hours else ""
        self.message.text = view.message
        self.fresh_ids = set(view.fresh)
        # with no call yet, "Chưa có lượt gọi" takes the whole box instead of being cut
        for label, share in ((self.latest_number, 0.52), (self.latest_arrow, 0.1)):
            label.size_hint_x = share if view.latest else None
            if not view.latest:
                label.width = 0
        self.latest_counter.size_hint_x = 0.38 if view.latest else 1.0
        if view.latest:
            self.latest_number.text = str(view.latest.number)
            self.latest_arrow.text = ARROW
            self.latest_counter.text = view.latest.counter_name
            self.latest_counter.halign = "left"
            self._paint(self.latest, view.latest.event_id in view.fresh, CALM)
        else:
            self.latest_number.text, self.latest_arrow.text = "", ""
            self.latest_counter.text = "Chưa có lượt gọi"
            self.latest_counter.halign = "center"
            self._paint(self.latest, False, CALM)
        for index, row in enumerate(self.history):
            call = view.history[index] if index < len(view.history) else None
            row.number.text = str(call.number) if call else ""
            row.arrow.text = ARROW if call else ""
            row.counter.text = call.counter_name if call else ""
            row.opacity = 1 if call else 0
            self._paint(row, bool(call) and call.event_id in view.fresh, WHITE)
        self._render_counters(view)
        self._render_waiting(view)
        self.badge.opacity = 1 if view.offline else 0
        self.sound_badge.opacity = 0 if sound else 1
        if now is not None:
            self.time.text = now.strftime("%H:%M")
            self.date.text = f"{WEEKDAYS[now.weekday()]}, {now:%d/%m/%Y}"
        self._scale()

    def _render_counters(self, view: View) -> None:
        if [c[0] for c in view.counters] != list(self.counter_cells):
            self.counter_grid.clear_widgets()
            self.counter_cells = {}
            for counter_id, _, _ in view.counters:
                cell = Box(orientation="vertical", padding=[12, 4], background=CALM)
                cell.name = text("counter_name", MUTED)
                cell.number = text("counter")
                cell.add_widget(cell.name)
                cell.add_widget(cell.number)
                cell.name.size_hint_y = 0.35
                self.counter_grid.add_widget(cell)
                self.counter_cells[counter_id] = cell
        for counter_id, name, number in view.counters:
            cell = self.counter_cells[counter_id]
            cell.name.text = name
            cell.number.text = str(number) if number is not None else "—"
            cell.number.color = INK if number is not None else IDLE

    def _render_waiting(self, view: View) -> None:
        if [s.id for s in view.services] != list(self.service_rows):
            self.waiting.clear_widgets()
            self.service_rows = {}
            for service in view.services:
                row = BoxLayout(spacing=12, size_hint_y=None, height=(self.height or 1080) * SERVICE_ROW)
                row.name = text("service", size_hint_x=0.28)
                row.next = text("next", markup=True, size_hint_x=0.62)
                row.more = text("more", MUTED, bold=False, halign="right", size_hint_x=0.1)
                for widget in (row.name, row.next, row.more):
                    row.add_widget(widget)
                row.next.bind(width=lambda _w, _v, row=row: self._fill_row(row),
                              font_size=lambda _w, _v, row=row: self._fill_row(row))
                self.waiting.add_widget(row)
                self.service_rows[service.id] = row
            self.waiting.add_widget(BoxLayout())   # the rows stay at the top
        for service in view.services:
            row = self.service_rows[service.id]
            row.line = service
            self._fill_row(row)

    def _fill_row(self, row) -> None:
        service = row.line
        row.name.text = service.name
        shown = self._fitting(service.next, row.next)
        numbers = [f"[color=8a1c1c]{n}[/color]" if priority else str(n) for n, priority in shown]
        quiet = f"[size={int(row.name.font_size)}]Không có người chờ[/size]"
        row.next.text = "  ".join(numbers) if numbers else quiet
        rest = service.more + len(service.next) - len(shown)
        row.more.text = f"+{rest}" if rest else ""

    @staticmethod
    def _fitting(upcoming: list[tuple[int, bool]], label: Label) -> list[tuple[int, bool]]:
        """As many next numbers as the label's width holds (the rest go into "+N"): never cut one."""
        from kivy.core.text import Label as CoreLabel
        measure = CoreLabel(font_name=FONT_BOLD, font_size=label.font_size)
        shown = list(upcoming)
        while len(shown) > 1 and measure.get_extents("  ".join(str(n) for n, _ in shown))[0] > label.width:
            shown.pop()
        return shown

    def _paint(self, box: Box, fresh: bool, calm) -> None:
        box.background = FRESH if fresh else calm
        for child in box.children:
            if getattr(child, "role", "") in ("latest", "call"):
                child.color = FRESH_INK if fresh else INK

    def _scale(self) -> None:
        height = self.height or 1080
        for widget in self.walk():
            role = getattr(widget, "role", None)
            if role in SIZES:
                widget.font_size = max(8, height * SIZES[role])
        for row in self.service_rows.values():
            row.height = height * SERVICE_ROW

    def labels(self) -> dict:
        """What the board shows, as text (for tests and logs)."""
        return {"latest": (self.latest_number.text, self.latest_counter.text),
                "history": [(r.number.text, r.counter.text) for r in self.history if r.number.text],
                "counters": {cid: (c.name.text, c.number.text) for cid, c in self.counter_cells.items()},
                "waiting": {sid: r.next.text for sid, r in self.service_rows.items()},
                "more": {sid: r.more.text for sid, r in self.service_rows.items()},
                "names": {sid: r.name.text for sid, r in self.service_rows.items()},
                "offline": self.badge.opacity == 1, "sound_off": self.sound_badge.opacity == 1, "centre": self.centre.text, "hours": self.hours.text,
                "message": self.message.text}
