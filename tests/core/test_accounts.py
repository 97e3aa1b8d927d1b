"""Kiosk devices get their own offline series slot, named in their token."""
import pytest

from kiosk.core import accounts
from kiosk.core.errors import QueueError
from kiosk.core.numbering import slot_in_token


def test_each_kiosk_gets_the_next_free_slot_and_its_token_names_it(store, clock):
    tokens = [accounts.add_device(store, f"kiosk-{n}", "kiosk", clock, kiosk_slots=3) for n in (1, 2, 3)]
    assert [slot_in_token(token) for token in tokens] == [1, 2, 3]
    assert [store.device(f"kiosk-{n}")["slot"] for n in (1, 2, 3)] == [1, 2, 3]
    display = accounts.add_device(store, "tv-1", "display", clock, kiosk_slots=3)
    assert slot_in_token(display) is None and store.device("tv-1")["slot"] is None
    assert accounts.authenticate(store, tokens[1], clock).name == "kiosk-2"


def test_a_new_token_keeps_the_slot_and_a_full_centre_is_refused_clearly(store, clock):
    for n in (1, 2):
        accounts.add_device(store, f"kiosk-{n}", "kiosk", clock, kiosk_slots=2)
    again = accounts.add_device(store, "kiosk-2", "kiosk", clock, kiosk_slots=2)
    assert slot_in_token(again) == 2
    with pytest.raises(QueueError) as error:
        accounts.add_device(store, "kiosk-3", "kiosk", clock, kiosk_slots=2)
    assert error.value.kind == "invalid" and "sync.kiosk_slots" in error.value.reason


def test_a_revoked_kiosks_slot_goes_to_the_next_new_kiosk(store, clock):
    for n in (1, 2):
        accounts.add_device(store, f"kiosk-{n}", "kiosk", clock, kiosk_slots=2)
    with store.write():
        store.save_device({"name": "kiosk-1", "active": 0})
    token = accounts.add_device(store, "kiosk-3", "kiosk", clock, kiosk_slots=2)
    assert slot_in_token(token) == 1 and store.device("kiosk-1")["slot"] is None
