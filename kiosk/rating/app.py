"""The rating tablet facing the citizen at one counter.

It polls the server for the ticket just finished at its counter. When there is one it shows
the ticket number and four large faces with words; a tap records the rating at once (so a
citizen who walks away still counts), then offers an optional reason, then thanks them and
goes back to waiting. Nothing to type. Network calls run on a worker thread; the screen is
only changed on Kivy's main thread.
"""
from __future__ import annotations

import threading
from typing import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import Color, Rectangle, RoundedRectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

from kiosk import ASSETS
from kiosk.core.satisfaction import ASK_REASON, RATING_LABELS, RATINGS, REASON_LABELS, REASONS
from kiosk.rating.faces import Face

FONT = str(ASSETS / "fonts" / "NotoSans-Regular.ttf")
FONT_BOLD = str(ASSETS / "fonts" / "NotoSans-Bold.ttf")
BG = (0.969, 0.961, 0.937, 1)
INK = (0.106, 0.106, 0.106, 1)
BLUE = (0.043, 0.31, 0.541, 1)
POLL_SECONDS = 2.0
THANKS_SECONDS = 6.0
REASON_SECONDS = 30.0


def _label(text: str = "", size: int = 32, bold: bool = False, colour=INK, halign: str = "center",
           **kwargs) -> Label:
    label = Label(text=text, font_name=FONT_BOLD if bold else FONT, font_size=size, color=colour,
                  halign=halign, valign="middle", **kwargs)
    label.bind(size=lambda w, s: setattr(w, "text_size", s))
    return label


def _background(widget, colour=BG, radius: float = 0) -> None:
    with widget.canvas.before:
        Color(*colour)
        shape = RoundedRectangle(radius=[radius]) if radius else Rectangle()
    widget.bind(pos=lambda w, p: setattr(shape, "pos", p), size=lambda w, s: setattr(shape, "size", s))


class FaceButton(Button):
    """A face and its word, one large touch target."""

    def __init__(self, kind: str, **kwargs):
        super().__init__(text="", background_normal="", background_color=(1, 1, 1, 1), **kwargs)
        self.kind = kind
        box = BoxLayout(orientation="vertical", padding=14, spacing=8)
        self.face = Face(kind=kind)
        box.add_widget(self.face)
        box.add_widget(_label(RATING_LABELS[kind], 30, bold=True, size_hint_y=0.28))
        self.add_widget(box)
        self.bind(pos=lambda *_: setattr(box, "pos", self.pos), size=lambda *_: setattr(box, "size", self.size))


class RatingRoot(BoxLayout):
    def __init__(self, counter_name: str, **kwargs):
        super().__init__(orientation="vertical", **kwargs)
        _background(self)
        bar = BoxLayout(size_hint_y=None, height=72, padding=(24, 0))
        _background(bar, BLUE)
        bar.add_widget(_label(f"{counter_name} · Đánh giá mức độ hài lòng", 30, bold=True, colour=(1, 1, 1, 1),
                              halign="left"))
        self.add_widget(bar)
        self.sm = ScreenManager(transition=NoTransition())
        self.add_widget(self.sm)


class RatingApp(App):
    """`client` needs pending(), rate(ticket_id, rating) and add_reason(ticket_id, reason)."""

    def __init__(self, client, counter_name: str, poll_seconds: float = POLL_SECONDS,
                 run_in_thread: Callable[[Callable], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.client = client
        self.counter_name = counter_name
        self.poll_seconds = poll_seconds
        self.run_in_thread = run_in_thread or (lambda job: threading.Thread(target=job, daemon=True).start())
        self.ticket: dict | None = None
        self.busy = False
        self.title = f"Đánh giá – {counter_name}"
        self._back_event = None

    # -- building ------------------------------------------------------------------------
    def build(self):
        Window.clearcolor = BG
        self.root_widget = RatingRoot(self.counter_name)
        sm = self.root_widget.sm
        sm.add_widget(self._idle_screen())
        sm.add_widget(self._rate_screen())
        sm.add_widget(self._reason_screen())
        sm.add_widget(self._thanks_screen())
        self._poll_event = Clock.schedule_interval(lambda dt: self.poll(), self.poll_seconds)
        Clock.schedule_once(lambda dt: self.poll(), 0)
        return self.root_widget

    def _idle_screen(self) -> Screen:
        screen = Screen(name="idle")
        box = BoxLayout(orientation="vertical", padding=40, spacing=20)
        box.add_widget(_label("Xin chào!", 64, bold=True))
        box.add_widget(_label("Sau khi cán bộ hoàn thành hồ sơ, xin mời ông/bà chạm vào một khuôn mặt "
                              "để cho biết mức độ hài lòng.", 34))
        self.status = _label("", 26, colour=(0.24, 0.24, 0.24, 1), size_hint_y=0.25)
        box.add_widget(self.status)
        screen.add_widget(box)
        return screen

    def _rate_screen(self) -> Screen:
        screen = Screen(name="rate")
        box = BoxLayout(orientation="vertical", padding=(28, 16, 28, 28), spacing=16)
        self.ticket_label = _label("", 34, bold=True, size_hint_y=0.16)
        box.add_widget(self.ticket_label)
        box.add_widget(_label("Ông/bà có hài lòng với việc giải quyết thủ tục hôm nay?", 40, bold=True,
                              size_hint_y=0.2))
        faces = GridLayout(cols=4, spacing=18)
        self.face_buttons = {}
        for kind in RATINGS:
            button = FaceButton(kind)
            button.bind(on_release=lambda b: self.choose(b.kind))
            self.face_buttons[kind] = button
            faces.add_widget(button)
        box.add_widget(faces)
        self.rate_error = _label("", 26, colour=(0.54, 0.11, 0.11, 1), size_hint_y=0.1)
        box.add_widget(self.rate_error)
        screen.add_widget(box)
        return screen

    def _reason_screen(self) -> Screen:
        screen = Screen(name="reason")
        box = BoxLayout(orientation="vertical", padding=28, spacing=16)
        box.add_widget(_label("Điều gì chúng tôi cần cải thiện?", 44, bold=True, size_hint_y=0.2))
        box.add_widget(_label("Chạm vào một ý, hoặc Bỏ qua. Không bắt buộc.", 28, size_hint_y=0.1))
        grid = GridLayout(cols=3, spacing=16)
        self.reason_buttons = {}
        for reason in REASONS:
            button = Button(text=REASON_LABELS[reason], font_name=FONT_BOLD, font_size=34, color=INK,
                            background_normal="", background_color=(1, 1, 1, 1))
            button.reason = reason
            button.bind(on_release=lambda b: self.give_reason(b.reason))
            self.reason_buttons[reason] = button
            grid.add_widget(button)
        skip = Button(text="Bỏ qua", font_name=FONT, font_size=34, color=(1, 1, 1, 1), background_normal="",
                      background_color=BLUE)
        skip.bind(on_release=lambda b: self.thank())
        self.skip_button = skip
        grid.add_widget(skip)
        box.add_widget(grid)
        screen.add_widget(box)
        return screen

    def _thanks_screen(self) -> Screen:
        screen = Screen(name="thanks")
        box = BoxLayout(orientation="vertical", padding=40)
        self.thanks_label = _label("Cảm ơn ông/bà đã đánh giá!", 60, bold=True)
        box.add_widget(self.thanks_label)
        box.add_widget(_label("Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.", 34))
        screen.add_widget(box)
        return screen

    @property
    def screen(self) -> str:
        return self.root_widget.sm.current

    def show(self, name: str) -> None:
        self.root_widget.sm.current = name

    # -- behaviour -----------------------------------------------------------------------
    def poll(self) -> None:
        """Ask for the ticket to rate; only while idle or waiting for a face."""
        if self.busy or self.screen not in ("idle", "rate"):
            return
        self.busy = True

        def job():
            try:
                result, error = self.client.pending(), None
            except Exception as problem:  # ServerUnavailable, ApiError: shown, retried next poll
                result, error = None, problem
            Clock.schedule_once(lambda dt: self._polled(result, error), 0)
        self.run_in_thread(job)

    def _polled(self, pending: dict | None, error: Exception | None) -> None:
        self.busy = False
        if error is not None:
            self.status.text = "Đang kết nối lại với máy chủ…"
            return
        self.status.text = ""
        if self.screen not in ("idle", "rate"):
            return
        if pending is None:
            self.ticket = None
            self.show("idle")
            return
        if self.ticket is None or self.ticket["ticket_id"] != pending["ticket_id"]:
            self.rate_error.text = ""
        self.ticket = pending
        self.ticket_label.text = f"Số {pending['number']} · {pending['service']}"
        self.show("rate")

    def choose(self, rating: str) -> None:
        ticket = self.ticket
        if ticket is None or self.busy:
            return
        self.busy = True

        def job():
            try:
                self.client.rate(ticket["ticket_id"], rating)
                error = None
            except Exception as problem:
                error = problem
            Clock.schedule_once(lambda dt: self._rated(rating, error), 0)
        self.run_in_thread(job)

    def _rated(self, rating: str, error: Exception | None) -> None:
        self.busy = False
        if error is not None:
            message = getattr(error, "message", "") or "Chưa gửi được, xin mời chạm lại."
            self.rate_error.text = message
            if getattr(error, "status", None) == 409:
                self.ticket = None
                self._back_later(3)
            return
        if rating in ASK_REASON:
            self.show("reason")
            self._back_later(REASON_SECONDS, then=self.thank)
        else:
            self.thank()

    def give_reason(self, reason: str) -> None:
        ticket = self.ticket
        if ticket is None:
            return self.thank()

        def job():
            try:
                self.client.add_reason(ticket["ticket_id"], reason)
            except Exception:
                pass   # the rating itself is recorded; a lost reason is not worth bothering the citizen
            Clock.schedule_once(lambda dt: self.thank(), 0)
        self.run_in_thread(job)

    def thank(self) -> None:
        self.ticket = None
        self.show("thanks")
        self._back_later(THANKS_SECONDS)

    def _back_later(self, seconds: float, then: Callable | None = None) -> None:
        if self._back_event is not None:
            self._back_event.cancel()

        def back(dt):
            self._back_event = None
            if then is not None:
                if self.screen == "reason":
                    then()
                return
            self.show("idle")
            self.poll()
        self._back_event = Clock.schedule_once(back, seconds)

    def on_stop(self):
        if getattr(self, "_poll_event", None) is not None:
            self._poll_event.cancel()


def run_rating(client, counter_name: str) -> int:
    RatingApp(client, counter_name).run()
    return 0
