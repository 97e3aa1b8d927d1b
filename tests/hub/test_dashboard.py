"""The province dashboard's figures and late centres, on the real PostgreSQL."""
from __future__ import annotations

from datetime import date

from kiosk.hub.dashboard import late_text, today_figures
from kiosk.hub.ingest import ingest
from tests.hub.test_ingest import add_centre, events


def test_a_centre_silent_for_hours_or_never_heard_from_is_late_and_says_for_how_long(hub_conn):
    on_time, silent = add_centre(hub_conn, "P01"), add_centre(hub_conn, "P02")
    add_centre(hub_conn, "P03")                                # registered, never heard from
    ingest(hub_conn, on_time, {"events": events(1, 3), "head": 3})
    ingest(hub_conn, silent, {"events": events(1, 2), "head": 9})
    with hub_conn.transaction():
        hub_conn.execute("UPDATE centres SET last_contact = now() - interval '3 hours 5 minutes' WHERE id = %s", [silent])
    board = today_figures(hub_conn, date(2026, 12, 1))
    rows = {row["code"]: row for row in board["centres"]}
    assert (rows["P01"]["late"], rows["P01"]["tickets"], rows["P01"]["waiting"]) == (False, 3, 3)
    assert rows["P02"]["late"] and rows["P02"]["late_for"] == "trễ 3 giờ 5 phút"
    assert rows["P02"]["events_behind"] == 7                 # it said it had 9, the hub holds 2
    assert rows["P03"]["late_for"] == "chưa gửi dữ liệu lần nào"
    assert board["totals"] == {"tickets": 5, "waiting": 5, "late": 2}


def test_late_text_reads_in_days_once_past_a_day():
    assert late_text(2 * 86400 + 3 * 3600 + 60) == "trễ 2 ngày 3 giờ"
    assert late_text(7 * 60) == "trễ 7 phút"
