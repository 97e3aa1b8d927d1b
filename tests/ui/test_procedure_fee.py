"""The kiosk's procedure screen shows the fee worked out and reads it aloud (issue 18)."""
from __future__ import annotations

from kiosk.sync.client import ServerClient
from kiosk.ui import flow as F

EXAMPLE = "Ví dụ: 5 trang × 2 bản = 14.000 đ"
SPOKEN = "Ví dụ: năm trang, hai bản: lệ phí mười bốn nghìn đồng."


def open_copy_certification(kiosk, client=None):
    h, app = kiosk(client=client)
    if client is not None:
        h.wait_until(lambda: app.online, what="the first server poll")
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "2.000815"))
    assert app.screen == F.PROCEDURE
    return h, app


def test_worked_example_from_the_server_is_shown_and_read(kiosk, live_server):
    server, token = live_server
    h, app = open_copy_certification(kiosk, ServerClient(server.url, token, timeout=2.0))
    assert app.screens[F.PROCEDURE].fee_text.endswith("\n" + EXAMPLE)
    assert h.find(lambda w: EXAMPLE in str(getattr(w, "text", "")), root=h.screen())   # on screen, not only in data
    h.tap_text("Nghe hướng dẫn")
    h.wait_until(lambda: app.speaker.spoken, what="guidance speech")
    text, priority = app.speaker.spoken[-1]
    assert priority == "guidance" and text.endswith(" " + SPOKEN)


def test_without_a_server_the_bundled_text_gives_the_example(kiosk):
    h, app = open_copy_certification(kiosk)
    assert app.screens[F.PROCEDURE].fee_text.endswith("\n" + EXAMPLE)
    h.tap(app.root.ids.lang_en)                          # the example's words are Vietnamese
    assert "Ví dụ" not in app.screens[F.PROCEDURE].fee_text


def test_a_free_procedure_gets_no_example(kiosk):
    h, app = kiosk()
    h.tap(next(b for b in app.screens[F.HOME].ids.grid.children if b.code == "1.001193"))
    assert "Ví dụ" not in app.screens[F.PROCEDURE].fee_text
    assert "Ví dụ" not in F.guidance_text(app.procedure("1.001193"))
