"""Pairing codes: 6 digits, 10 minutes, single use, only a salted hash stored."""
import pytest

from kiosk.core import accounts, pairing
from kiosk.core.errors import QueueError


def test_a_code_gives_the_kiosk_a_token_naming_its_slot_once(store, clock):
    code = pairing.new_code(store, "kiosk-2", "kiosk", clock, kiosk_slots=4)
    assert len(code.code) == 6 and code.code.isdigit() and code.expires_at == "2026-11-23T08:10:00+07:00"
    assert code.code not in str(store.db.execute("SELECT * FROM pairing_codes").fetchall())   # hashed
    paired = pairing.exchange(store, code.code, clock, kiosk_slots=4)
    assert paired.device == {"name": "kiosk-2", "role": "kiosk", "slot": 1}
    assert paired.token.startswith("kiosk.1.")           # the offline series works before any contact
    assert accounts.authenticate(store, paired.token, clock).name == "kiosk-2"
    with pytest.raises(QueueError) as again:
        pairing.exchange(store, code.code, clock, kiosk_slots=4)
    assert (again.value.field, again.value.message) == ("code", "Mã ghép nối này đã được dùng. Vui lòng xin mã mới.")


def test_wrong_malformed_and_expired_codes_are_refused_in_vietnamese(store, clock):
    code = pairing.new_code(store, "tv-2", "display", clock, kiosk_slots=4)
    wrong = f"{(int(code.code) + 1) % 10 ** 6:06d}"
    refusals = {}
    for attempt in (wrong, "12ab", ""):
        with pytest.raises(QueueError) as raised:
            pairing.exchange(store, attempt, clock, kiosk_slots=4)
        refusals[attempt] = raised.value
    assert refusals[wrong].message == "Mã ghép nối không đúng. Vui lòng kiểm tra lại."
    assert refusals["12ab"].message == refusals[""].message == "Mã ghép nối gồm 6 chữ số."
    clock.advance(minutes=10, seconds=1)
    with pytest.raises(QueueError) as late:
        pairing.exchange(store, code.code, clock, kiosk_slots=4)
    assert late.value.reason == "this pairing code expired at 2026-11-23T08:10:00+07:00"
    assert late.value.message == "Mã ghép nối đã hết hạn. Vui lòng xin mã mới."


def test_a_new_code_voids_the_old_one_and_keeps_the_paired_token_until_exchanged(store, clock):
    first = pairing.exchange(store, pairing.new_code(store, "kiosk-1", "kiosk", clock, 4).code, clock, 4)
    old = pairing.new_code(store, "kiosk-1", "kiosk", clock, 4)
    new = pairing.new_code(store, "kiosk-1", "kiosk", clock, 4)
    assert accounts.authenticate(store, first.token, clock).name == "kiosk-1"     # still works meanwhile
    with pytest.raises(QueueError):
        pairing.exchange(store, old.code, clock, 4)
    second = pairing.exchange(store, new.code, clock, 4)
    assert second.device["slot"] == 1 and second.token != first.token
    with pytest.raises(QueueError):
        accounts.authenticate(store, first.token, clock)          # re-keyed: the old token is gone
