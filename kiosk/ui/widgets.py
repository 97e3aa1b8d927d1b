"""Reusable widgets for the kiosk: big buttons, paged lists, QR codes, the keyboard."""
from __future__ import annotations

import threading
from collections import OrderedDict

import qrcode
from kivy.graphics.texture import Texture
from kivy.properties import (BooleanProperty, ListProperty, NumericProperty, ObjectProperty,
                             StringProperty)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label

from kiosk.ui import theme as T


class BigButton(ButtonBehavior, Label):
    """A tall, high-contrast button with wrapped text. style: primary | secondary | go."""
    style = StringProperty("primary")
    min_height = NumericProperty(T.TOUCH)
    pad_x = NumericProperty(T.PAD)


class TileButton(BigButton):
    """A big button in a grid that shares out the space left: never shorter than its words."""


class IconButton(ButtonBehavior, BoxLayout):
    """A big button with a picture to the left of its words."""
    text = StringProperty("")
    icon = StringProperty("")
    style = StringProperty("secondary")
    min_height = NumericProperty(T.TOUCH)


class Body(Label):
    pass


class Heading(Label):
    pass


class Notice(Label):
    """A calm notice box (offline, printer fault). kind: notice | error."""
    kind = StringProperty("notice")


_qr_cache: "OrderedDict[str, Texture]" = OrderedDict()
_qr_prepared: dict = {}
_qr_lock = threading.Lock()


def _qr_image(data: str):
    code = qrcode.QRCode(border=4, box_size=8, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def prepare_qr(data: str) -> None:
    """Compute the QR image for `data` in a worker thread; qr_texture() then only uploads it."""
    image = _qr_image(data)
    with _qr_lock:
        _qr_prepared.clear()
        _qr_prepared[data] = image


def qr_texture(data: str) -> Texture:
    """A Kivy texture of a QR code for `data` (black on white, quiet zone included)."""
    texture = _qr_cache.get(data)
    if texture is not None:
        _qr_cache.move_to_end(data)
        return texture
    with _qr_lock:
        image = _qr_prepared.pop(data, None)
    if image is None:
        image = _qr_image(data)
    texture = Texture.create(size=image.size, colorfmt="rgb")
    texture.blit_buffer(image.tobytes(), colorfmt="rgb", bufferfmt="ubyte")
    texture.flip_vertical()
    texture.mag_filter = "nearest"
    _qr_cache[data] = texture
    while len(_qr_cache) > 8:
        _qr_cache.popitem(last=False)
    return texture


class QRCode(Image):
    data = StringProperty("")

    def on_data(self, _instance, value):
        self.texture = qr_texture(value) if value else None


class PagedList(BoxLayout):
    """Big buttons, a page at a time, with large "previous/next page" buttons (no scrolling).

    items: [(text, callback)]; the page size follows the space available.
    """
    items = ListProperty([])
    cols = NumericProperty(1)
    item_height = NumericProperty(T.TOUCH + 10)
    page = NumericProperty(0)
    per_page = NumericProperty(1)
    pages = NumericProperty(1)
    prev_text = StringProperty("")
    next_text = StringProperty("")
    page_text = StringProperty("")
    grid = ObjectProperty(None)

    def on_items(self, *_):
        self.page = 0
        self._fill()

    def on_size(self, *_):
        self._fill()

    def on_cols(self, *_):
        self._fill()

    def show_page(self, delta: int):
        self.page = max(0, min(self.pages - 1, self.page + delta))
        self._fill()

    def _fill(self, *_):
        if self.grid is None:
            return
        cols = max(1, int(self.cols))
        step = self.item_height + T.GAP
        rows_all = max(1, int((self.height + T.GAP) // step))
        if len(self.items) <= rows_all * cols:
            per_page = rows_all * cols
        else:  # keep room for the page buttons
            per_page = max(1, int((self.height - T.TOUCH - T.GAP + T.GAP) // step)) * cols
        self.per_page = per_page
        self.pages = max(1, -(-len(self.items) // per_page))
        self.page = min(self.page, self.pages - 1)
        self.grid.clear_widgets()
        start = self.page * per_page
        for text, callback in self.items[start:start + per_page]:
            button = BigButton(text=text, style="secondary", size_hint_y=None, height=self.item_height)
            button.bind(on_release=lambda _b, cb=callback: cb())
            self.grid.add_widget(button)

    @property
    def needs_paging(self) -> bool:
        return self.pages > 1


class VietKeyboard(BoxLayout):
    """Letters for Telex or plain typing, plus space, delete one letter and clear.

    Vietnamese is typed with Telex on these Latin keys (aa -> â, dd -> đ, s/f/r/x/j tones),
    or without diacritics at all; the core search understands both.
    """
    target = ObjectProperty(None)     # receives key(letter) / backspace() / clear()
    space_text = StringProperty("")
    back_text = StringProperty("")
    clear_text = StringProperty("")
    ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]

    def on_kv_post(self, _base):
        from kivy.factory import Factory
        for letters in self.ROWS:
            row = BoxLayout(spacing=12, size_hint_y=None, height=T.KEY)
            if len(letters) < 10:
                row.padding = [(10 - len(letters)) * 30, 0]
            for letter in letters:
                key = Factory.KeyButton(text=letter.upper())
                key.bind(on_release=lambda _k, l=letter: self.target and self.target.key(l))
                row.add_widget(key)
            self.add_widget(row)
        row = BoxLayout(spacing=12, size_hint_y=None, height=T.KEY)
        for prop, size, action in (("clear_text", 0.3, "clear"), ("space_text", 0.4, "space"),
                                   ("back_text", 0.3, "backspace")):
            key = Factory.KeyButton(size_hint_x=size, font_size=T.BUTTON, style="primary")
            self.bind(**{prop: key.setter("text")})
            key.text = getattr(self, prop)
            key.bind(on_release=lambda _k, a=action: self.target and self._special(a))
            key.name = action
            row.add_widget(key)
        self.add_widget(row)

    def _special(self, action: str):
        if action == "space":
            self.target.key(" ")
        else:
            getattr(self.target, action)()


class DocumentItem(BoxLayout):
    """A document to bring: a bullet (not a box: nothing here is tapped), its name and what
    to bring of it. The printed leaflet keeps a box to tick with a pen."""
    text = StringProperty("")
    detail = StringProperty("")
