"""Report figures on a hand-built day of events, checked against numbers worked out by hand."""
from datetime import date

import pytest

from kiosk.core.errors import QueueError
from kiosk.core.reports import (compute, custom_period, day_period, month_period, parse_period, quarter_period,
                                report_for, summary, week_period)

DAY = "2026-11-23"
SERVICES = [{"id": "HT", "name": "Hộ tịch"}, {"id": "CT", "name": "Chứng thực"}]
COUNTERS = [{"id": 1, "name": "Quầy 1"}, {"id": 2, "name": "Quầy 2"}]


def ev(seq, kind, hhmm, ticket, counter=None, actor=None, **data):
    base = {"number": 1000 + ticket, "service_id": "HT", "issued_service_id": "HT", "priority": None,
            "offline": 0, "day": DAY}
    base.update(data)
    return {"id": seq, "ticket_id": ticket, "type": kind, "at": f"{DAY}T{hhmm}.000+07:00", "actor": actor,
            "counter_id": counter, "data": base}


def hand_built_day():
    """Six tickets. Times are hh:mm:ss; waits and service times in minutes are worked out below.

    t1 HT issued 08:00, called 08:10 at Q1 by lan, finished 08:20       wait 10, service 10
    t2 HT issued 08:05 (priority elderly), called 08:20 Q1 lan, finished 08:26   wait 15, service 6
    t3 CT issued 08:30 (offline), called 08:31 Q2 hung, no-show 08:36   wait 1
    t4 HT issued 09:10, called 09:12 Q1 lan, transferred to CT 09:14, called 09:40 Q2 hung,
       finished 09:50 by the auto-finish when hung calls the next       wait 2 (first call), service 10
    t5 CT issued 09:20, called 09:50 Q2 hung, finished 10:02            wait 30, service 12
    t6 HT issued 09:45, cancelled 09:55
    Ratings: t1 very_satisfied (web); t2 dissatisfied + reason long_wait added later; t5 neutral reason attitude.
    """
    rows = [
        ev(1, "ticket.issued", "08:00:00", 1, actor="kiosk-1"),
        ev(2, "ticket.issued", "08:05:00", 2, actor="kiosk-1", priority="elderly"),
        ev(3, "ticket.called", "08:10:00", 1, 1, "lan"),
        ev(4, "ticket.finished", "08:20:00", 1, 1, "lan", status="done"),
        ev(5, "ticket.called", "08:20:00", 2, 1, "lan", priority="elderly"),
        ev(6, "ticket.rated", "08:21:00", 1, 1, "web", status="done", rating="very_satisfied", reason=None,
           channel="web", staff="lan"),
        ev(7, "ticket.finished", "08:26:00", 2, 1, "lan", priority="elderly", status="done"),
        ev(8, "ticket.rated", "08:27:00", 2, 1, "tablet-1", priority="elderly", rating="dissatisfied", reason=None,
           channel="tablet", staff="lan"),
        ev(9, "ticket.rating_reason", "08:27:30", 2, 1, "tablet-1", reason="long_wait"),
        ev(10, "ticket.issued", "08:31:00", 3, actor="kiosk-1", service_id="CT", issued_service_id="CT", offline=1),
        ev(11, "ticket.called", "08:31:00", 3, 2, "hung", service_id="CT", issued_service_id="CT", offline=1),
        ev(12, "ticket.no_show", "08:36:00", 3, 2, "hung", service_id="CT", issued_service_id="CT", offline=1),
        ev(13, "ticket.issued", "09:10:00", 4, actor="kiosk-1"),
        ev(14, "ticket.called", "09:12:00", 4, 1, "lan"),
        ev(15, "ticket.transferred", "09:14:00", 4, 1, "lan", service_id="CT", from_service="HT", to_service="CT"),
        ev(16, "ticket.issued", "09:20:00", 5, actor="kiosk-1", service_id="CT", issued_service_id="CT"),
        ev(17, "ticket.called", "09:40:00", 4, 2, "hung", service_id="CT"),
        ev(18, "ticket.issued", "09:45:00", 6, actor="kiosk-1"),
        ev(19, "ticket.finished", "09:50:00", 4, 2, "hung", service_id="CT", status="done", auto=True),
        ev(20, "ticket.called", "09:50:00", 5, 2, "hung", service_id="CT", issued_service_id="CT"),
        ev(21, "ticket.cancelled", "09:55:00", 6, None, "lan", status="cancelled"),
        ev(22, "ticket.finished", "10:02:00", 5, 2, "hung", service_id="CT", issued_service_id="CT", status="done"),
        ev(23, "ticket.rated", "10:03:00", 5, 2, "web", service_id="CT", rating="neutral", reason="attitude",
           channel="web", staff="hung"),
    ]
    # t3 was issued offline at 08:30 but uploaded (logged) at 08:31: its wait counts from 08:30.
    issued_at = {3: f"{DAY}T08:30:00.000+07:00"}
    return rows, issued_at


@pytest.fixture
def report():
    rows, issued_at = hand_built_day()
    return compute(rows, day_period(DAY), SERVICES, COUNTERS, issued_at, centre="Trung tâm")


def test_totals(report):
    assert report["totals"] == {
        "issued": 6, "served": 4, "no_show": 1, "transferred": 1, "cancelled": 1, "expired": 0,
        "offline_issued": 1, "priority_issued": 1, "priority_served": 1, "auto_finished": 1,
        "no_show_undone": 0, "requeued": 0,
        "offline_share": 16.7,        # 1 of 6
        "no_show_share": 20.0,        # 1 of (4 served + 1 no-show)
        "rated": 3,
    }


def test_waiting_and_service_times(report):
    # waits 10, 15, 1 (from the offline issue time 08:30), 2, 30 -> sorted 1 2 10 15 30
    assert report["waiting"] == {"count": 5, "mean": 11.6, "median": 10.0, "p90": 30.0}
    # service times 10, 6, 10 (t4 from its last call 09:40), 12 -> sorted 6 10 10 12; p90 rank ceil(3.6)=4
    assert report["service_time"] == {"count": 4, "mean": 9.5, "median": 10.0, "p90": 12.0}


def test_per_service(report):
    ht, ct = report["by_service"]
    assert (ht["name"], ht["issued"], ht["served"], ht["no_show"], ht["transferred_out"]) == ("Hộ tịch", 4, 2, 0, 1)
    assert (ct["name"], ct["issued"], ct["served"], ct["no_show"], ct["transferred_in"]) == ("Chứng thực", 2, 2, 1, 1)
    assert ht["waiting"] == {"count": 3, "mean": 9.0, "median": 10.0, "p90": 15.0}       # 10, 15, 2
    assert ct["waiting"] == {"count": 2, "mean": 15.5, "median": 15.5, "p90": 30.0}      # 1, 30
    assert ht["service_time"]["mean"] == 8.0 and ct["service_time"]["mean"] == 11.0      # (10+6)/2, (10+12)/2
    assert (ht["rated"], ht["satisfied_share"], ht["mean_score"]) == (2, 50.0, 2.5)      # 4 and 1
    assert (ct["rated"], ct["satisfied_share"], ct["mean_score"]) == (1, 0.0, 2.0)
    # The whole rows, nothing left unchecked:
    assert ht == {"id": "HT", "name": "Hộ tịch", "issued": 4, "called": 0, "served": 2, "no_show": 0,
                  "transferred_out": 1, "transferred_in": 0,
                  "waiting": {"count": 3, "mean": 9.0, "median": 10.0, "p90": 15.0},
                  "service_time": {"count": 2, "mean": 8.0, "median": 8.0, "p90": 10.0},   # 10, 6
                  "rated": 2, "satisfied_share": 50.0, "mean_score": 2.5}
    assert ct == {"id": "CT", "name": "Chứng thực", "issued": 2, "called": 0, "served": 2, "no_show": 1,
                  "transferred_out": 0, "transferred_in": 1,
                  "waiting": {"count": 2, "mean": 15.5, "median": 15.5, "p90": 30.0},
                  "service_time": {"count": 2, "mean": 11.0, "median": 11.0, "p90": 12.0},  # 10, 12
                  "rated": 1, "satisfied_share": 0.0, "mean_score": 2.0}


def test_per_counter_and_staff(report):
    q1, q2 = report["by_counter"]
    assert (q1["called"], q1["served"], q1["no_show"], q1["transferred_out"]) == (3, 2, 0, 1)
    assert (q2["called"], q2["served"], q2["no_show"], q2["transferred_out"]) == (3, 2, 1, 0)
    assert q1["service_time"] == {"count": 2, "mean": 8.0, "median": 8.0, "p90": 10.0}
    assert q2 == {"id": 2, "name": "Quầy 2", "issued": 0, "called": 3, "served": 2, "no_show": 1,
                  "transferred_out": 0, "transferred_in": 0,
                  "waiting": {"count": 0, "mean": None, "median": None, "p90": None},
                  "service_time": {"count": 2, "mean": 11.0, "median": 11.0, "p90": 12.0},
                  "rated": 1, "satisfied_share": 0.0, "mean_score": 2.0}
    hung, lan = report["by_staff"]
    assert (hung["name"], hung["served"], hung["no_show"], hung["rated"], hung["mean_score"]) == ("hung", 2, 1, 1, 2.0)
    assert (lan["name"], lan["served"], lan["transferred_out"], lan["rated"], lan["satisfied_share"]) == ("lan", 2, 1, 2, 50.0)


def test_hours_peak_days_priority(report):
    assert report["by_hour"] == [{"hour": 8, "issued": 3, "served": 2}, {"hour": 9, "issued": 3, "served": 1},
                                 {"hour": 10, "issued": 0, "served": 1}]
    assert report["peak_hour"] == {"hour": 8, "issued": 3}        # a tie goes to the earlier hour
    assert report["by_day"] == [{"day": DAY, "issued": 6, "served": 4, "no_show": 1}]
    elderly = report["priority"][0]
    assert (elderly["id"], elderly["label"], elderly["issued"], elderly["served"]) == ("elderly", "Người cao tuổi", 1, 1)


def test_satisfaction(report):
    sat = report["satisfaction"]
    assert [(d["label"], d["count"], d["share"]) for d in sat["distribution"]] == [
        ("Rất hài lòng", 1, 33.3), ("Hài lòng", 0, 0.0), ("Bình thường", 1, 33.3), ("Không hài lòng", 1, 33.3)]
    assert {r["label"]: r["count"] for r in sat["reasons"]} == {
        "Chờ lâu": 1, "Thái độ": 1, "Hướng dẫn chưa rõ": 0, "Thiếu giấy tờ": 0, "Khác": 0}
    assert (sat["count"], sat["response_rate"], sat["satisfied_share"], sat["mean_score"]) == (3, 75.0, 33.3, 2.33)   # 3 of 4 served


def test_empty_period_has_no_figures():
    report = compute([], day_period(DAY), SERVICES, COUNTERS)
    assert report["totals"]["issued"] == 0 and report["totals"]["offline_share"] is None
    assert report["waiting"] == {"count": 0, "mean": None, "median": None, "p90": None}
    assert report["peak_hour"] is None and report["satisfaction"]["mean_score"] is None


def test_summary_percentiles():
    assert summary([5]) == {"count": 1, "mean": 5.0, "median": 5.0, "p90": 5.0}
    assert summary(range(1, 11))["p90"] == 9          # ceil(9.0) = 9th of 10
    assert summary(range(1, 12))["p90"] == 10         # ceil(9.9) = 10th of 11


def test_periods():
    assert day_period("2026-11-22").label == "Ngày 22/11/2026"
    week = week_period("2026-11-22")                  # a Sunday
    assert (week.first, week.last) == (date(2026, 11, 16), date(2026, 11, 22))
    assert week.label == "Tuần 47/2026 (từ 16/11/2026 đến 22/11/2026)" and week.slug == "2026-W47"
    feb = month_period("2028-02")
    assert (feb.first, feb.last, feb.label) == (date(2028, 2, 1), date(2028, 2, 29), "Tháng 02/2028")
    q4 = quarter_period("2025-Q4")
    assert (q4.first, q4.last, q4.label) == (date(2025, 10, 1), date(2025, 12, 31), "Quý IV/2025")
    assert custom_period("2026-01-05", "2026-01-09").label == "Từ ngày 05/01/2026 đến ngày 09/01/2026"
    assert parse_period("quarter", today=date(2026, 5, 2)).slug == "2026-Q2"
    assert parse_period("month", today=date(2026, 5, 2), month="2025-10").days()[-1] == date(2025, 10, 31)
    assert day_period(DAY).bounds() == ("2026-11-23T00:00:00", "2026-11-24T00:00:00")
    for bad in (lambda: month_period("2025-13"), lambda: quarter_period("2025-Q5"),
                lambda: custom_period("2026-02-01", "2026-01-01"), lambda: parse_period("year", date.today())):
        with pytest.raises(QueueError):
            bad()


def test_report_for_reads_the_store_through_the_real_queue(queue, clock):
    """The same figures come out of events the real core writes."""
    first = queue.issue("1.001193")
    clock.advance(minutes=4)
    queue.call_next(1, staff="lan")
    clock.advance(minutes=6)
    queue.finish(first["id"], staff="lan", counter_id=1)
    report = report_for(queue.store, day_period("2026-11-23"), centre="X")
    assert report["totals"]["issued"] == 1 and report["totals"]["served"] == 1
    assert report["waiting"]["mean"] == 4.0 and report["service_time"]["mean"] == 6.0
    assert report["by_staff"][0]["name"] == "lan" and report["by_hour"][0]["hour"] == 8
    assert report_for(queue.store, day_period("2026-11-24"))["totals"]["issued"] == 0


def missed_calls_day():
    """t1 is marked no-show by mistake and undone, then served; t2 misses its call, comes
    back, is re-queued and served; t3 misses its call for good."""
    return [
        ev(1, "ticket.issued", "08:00:00", 1), ev(2, "ticket.issued", "08:01:00", 2),
        ev(3, "ticket.issued", "08:02:00", 3),
        ev(4, "ticket.called", "08:05:00", 1, 1, "lan"), ev(5, "ticket.recalled", "08:06:00", 1, 1, "lan"),
        ev(6, "ticket.no_show", "08:07:00", 1, 1, "lan", status="no_show"),
        ev(7, "ticket.no_show_undone", "08:07:20", 1, 1, "lan", status="called", to_status="called"),
        ev(8, "ticket.finished", "08:15:00", 1, 1, "lan", status="done"),
        ev(9, "ticket.called", "08:15:00", 2, 1, "lan"), ev(10, "ticket.recalled", "08:16:00", 2, 1, "lan"),
        ev(11, "ticket.no_show", "08:18:00", 2, 1, "lan", status="no_show"),
        ev(12, "ticket.called", "08:18:00", 3, 2, "hung"), ev(13, "ticket.recalled", "08:19:00", 3, 2, "hung"),
        ev(14, "ticket.no_show", "08:21:00", 3, 2, "hung", status="no_show"),
        ev(15, "ticket.requeued", "08:40:00", 2, 2, "hung", status="waiting", requeue_after=0),
        ev(16, "ticket.called", "08:41:00", 2, 2, "hung"),
        ev(17, "ticket.finished", "08:50:00", 2, 2, "hung", status="done"),
    ]


def test_undone_no_shows_are_taken_back_and_requeues_counted():
    report = compute(missed_calls_day(), day_period(DAY), SERVICES, COUNTERS)
    totals = report["totals"]
    assert (totals["no_show"], totals["no_show_undone"], totals["requeued"], totals["served"]) == (2, 1, 1, 2)
    assert totals["no_show_share"] == 50.0                     # 2 of (2 served + 2 no-shows)
    q1, q2 = report["by_counter"]
    assert (q1["no_show"], q2["no_show"]) == (1, 1)            # lan's undone mistake is taken back
    assert [(s["name"], s["no_show"]) for s in report["by_staff"]] == [("hung", 1), ("lan", 1)]
    assert report["by_service"][0]["no_show"] == 2
    assert report["by_day"] == [{"day": DAY, "issued": 3, "served": 2, "no_show": 2}]
    assert report["waiting"]["count"] == 3                     # the first call only, once per ticket


def test_report_counts_undo_and_requeue_from_the_real_queue(queue, clock):
    first, second = queue.issue("1.001193"), queue.issue("1.001193")
    for ticket in (first, second):
        queue.call_next(1, staff="lan")
        queue.recall(ticket["id"], staff="lan", counter_id=1)
        queue.no_show(ticket["id"], staff="lan", counter_id=1)
    queue.undo_no_show(first["id"], staff="lan", counter_id=1)
    queue.finish(first["id"], staff="lan", counter_id=1)
    clock.advance(minutes=30)
    queue.requeue(second["id"], staff="lan", counter_id=1)
    totals = report_for(queue.store, day_period("2026-11-23"))["totals"]
    assert (totals["no_show"], totals["no_show_undone"], totals["requeued"], totals["served"]) == (1, 1, 1, 1)


def test_staff_table_is_in_vietnamese_order():
    renamed = {"lan": "Văn", "hung": "Đức"}
    rows, issued_at = hand_built_day()
    for row in rows:
        row["actor"] = renamed.get(row["actor"], row["actor"])
        if row["data"].get("staff"):
            row["data"]["staff"] = renamed[row["data"]["staff"]]
    report = compute(rows, day_period(DAY), SERVICES, COUNTERS, issued_at)
    assert [s["name"] for s in report["by_staff"]] == ["Đức", "Văn"]          # code points put Đ after V
    from kiosk.reporting.tables import report_tables
    staff_table = next(t for t in report_tables(report) if t.key == "staff")
    assert [row[0] for row in staff_table.rows] == ["Đức", "Văn"]
