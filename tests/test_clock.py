from datetime import datetime, timedelta

from kiosk.clock import Clock, FakeClock, OffsetClock


def test_the_real_clock_tells_the_centres_time_to_the_millisecond():
    clock = Clock("Asia/Ho_Chi_Minh")
    before = datetime.now(clock.tz)
    told = clock.now()
    after = datetime.now(clock.tz)
    assert told.utcoffset() == timedelta(hours=7) and told.microsecond % 1000 == 0
    assert before - timedelta(milliseconds=1) <= told <= after
    assert clock.today() == clock.now().date().isoformat()


def test_a_days_change_is_seen_by_every_clock_that_tells_its_own_time():
    clock = FakeClock("2026-12-01T23:59:59.500+07:00")
    assert clock.today() == "2026-12-01"
    clock.advance(seconds=1)
    assert clock.today() == "2026-12-02"
    corrected = OffsetClock(FakeClock("2026-12-01T23:59:59+07:00"), offset_seconds=2)
    assert corrected.today() == "2026-12-02"
