"""The split of a service's range into the online run and the kiosks' offline series."""
from kiosk.core.numbering import Layout, Series, slot_in_token, token_for_slot

LAYOUT = Layout(series_size=100, kiosk_slots=4)


def test_the_online_run_ends_where_the_kiosks_series_begin():
    assert LAYOUT.online(1001, 1999) == Series(1001, 1599)
    assert [LAYOUT.offline(1001, 1999, slot) for slot in (1, 2, 3, 4)] == [
        Series(1600, 1699), Series(1700, 1799), Series(1800, 1899), Series(1900, 1999)]


def test_every_number_of_the_range_belongs_to_exactly_one_series():
    owners = {}
    for number in range(1001, 2000):
        slot = LAYOUT.slot_of(number, 1001, 1999)
        owners[number] = slot
        assert (number in LAYOUT.online(1001, 1999)) == (slot is None)
        if slot:
            assert number in LAYOUT.offline(1001, 1999, slot)
    assert sum(1 for slot in owners.values() if slot) == 400
    assert LAYOUT.slot_of(2000, 1001, 1999) is None and LAYOUT.slot_of(1000, 1001, 1999) is None


def test_slots_outside_the_layout_or_a_range_too_small_have_no_series():
    assert LAYOUT.offline(1001, 1999, 0) is None and LAYOUT.offline(1001, 1999, 5) is None
    assert not LAYOUT.fits(1001, 1400) and LAYOUT.fits(1001, 1401)
    assert LAYOUT.offline(1001, 1400, 1) is None


def test_the_token_names_the_slot_and_older_tokens_name_none():
    token = token_for_slot(3, "abc-_DEF")
    assert slot_in_token(token) == 3
    assert slot_in_token("kiosk-s3-abc") is None and slot_in_token("display-xyz") is None
    assert slot_in_token(None) is None
