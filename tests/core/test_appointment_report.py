from kiosk.core.appointment_report import appointment_report, percentile
from kiosk.reporting.tables import report_tables


def ticket(n, appointment, waited, status="done"):
    return {"id": n, "appointment": appointment, "status": status, "issued_at": "2026-11-23T08:00:00+07:00",
            "called_at": f"2026-11-23T08:{waited:02d}:00+07:00"}


def booking(status, arrival=None, checked_in="2026-11-23T08:55:00.000+07:00", source="public"):
    return {"day": "2026-11-23", "slot": "09:00", "status": status, "arrival": arrival, "source": source,
            "checked_in_at": checked_in if status == "checked_in" else None}


def test_groups_are_split_with_their_waits_and_the_bookings_counted():
    tickets = [ticket(1, 1, 2), ticket(2, 1, 4), ticket(3, 0, 30), ticket(4, 0, 50), ticket(5, 0, 10, "no_show")]
    bookings = [booking("checked_in", "on_time"), booking("checked_in", "late", "2026-11-23T09:30:00+07:00"),
                booking("missed"), booking("cancelled"), booking("checked_in", "on_time", source="staff")]
    split = appointment_report(tickets, bookings)
    assert split["appointments"] == {"tickets": 2, "called": 2, "no_shows": 0, "mean_wait_minutes": 3.0,
                                     "p90_wait_minutes": 4.0}
    assert split["walk_ins"]["tickets"] == 3 and split["walk_ins"]["no_shows"] == 1
    assert split["walk_ins"]["p90_wait_minutes"] == 50.0
    b = split["bookings"]
    assert (b["booked"], b["cancelled"], b["checked_in"], b["on_time"], b["late"], b["missed"]) == (4, 1, 3, 2, 1, 1)
    assert b["punctuality"] == 0.667 and b["no_show_rate"] == 0.25
    assert b["mean_arrival_minutes"] == round((-5 + 30 - 5) / 3, 1) and b["by_source"] == {"public": 3, "staff": 1}


def test_nearest_rank_percentile():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9 and percentile([7], 0.9) == 7


def test_the_report_files_get_a_sheet_for_the_split():
    report_like = {"appointments": appointment_report([ticket(1, 1, 2), ticket(2, 0, 20)], [booking("missed")])}
    table = next(t for t in _tables_of(report_like) if t.key == "appointments")
    assert table.rows[0] == ["Số phiếu", 1, 1] and table.rows[7] == ["Tỷ lệ đặt mà không đến (%)", 100.0, None]


def _tables_of(extra):
    from kiosk.core.reports import compute, parse_period
    from datetime import date
    period = parse_period("day", date(2026, 11, 23), None, None, None, None, None)
    return report_tables({**compute(events=[], period=period, services=[], counters=[], issued_at={}), **extra})
