"""Services, counters, settings, accounts and devices as admins change them."""
from __future__ import annotations

import json

import pytest

from kiosk.admin import centre, people, settings
from kiosk.admin.context import AdminInvalid
from kiosk.core import accounts
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue


def test_service_range_and_waiting_area_change_live(ctx, store, config, clock):
    centre.save_service(ctx, "HT", {"waiting_area": "Khu D", "range_start": 1101, "range_end": 1999}, create=False)
    assert store.service("HT")["waiting_area"] == "Khu D"
    assert Queue(store, config, clock).issue("1.001193")["number"] == 1101
    [entry] = store.audit_entries(entity="service")
    assert entry["before"]["waiting_area"] == "Khu A" and entry["after"]["waiting_area"] == "Khu D"
    assert [e["type"] for e in ctx.heard] == ["centre.changed"]


def test_overlapping_ranges_are_refused_in_vietnamese(ctx):
    with pytest.raises(AdminInvalid) as raised:
        centre.save_service(ctx, "TP", {"name": "Tư pháp", "range_start": 1500, "range_end": 1600}, create=True)
    assert "overlaps service HT" in raised.value.reason
    assert raised.value.message == "Dải số 1500–1600 trùng với dịch vụ Hộ tịch (1001–1999)."


def test_new_service_and_counter(ctx, store):
    centre.save_service(ctx, "TP", {"name": "Tư pháp", "fields": ["Tư pháp"], "range_start": 6001,
                                    "range_end": 6999, "waiting_area": "Khu C"}, create=True)
    centre.save_counter(ctx, 6, {"name": "Quầy 6", "services": ["TP", "HT"]}, create=True)
    assert store.counter(6)["services"] == ["TP", "HT"]
    with pytest.raises(AdminInvalid) as raised:
        centre.save_counter(ctx, 7, {"name": "Quầy 7", "services": ["ZZ"]}, create=True)
    assert raised.value.field == "services"


def test_a_service_in_use_cannot_be_switched_off(ctx):
    with pytest.raises(AdminInvalid) as raised:
        centre.save_service(ctx, "HT", {"active": False}, create=False)
    assert raised.value.field == "active" and "Dịch vụ còn" in raised.value.message


def test_settings_default_to_config_and_changes_are_validated_audited_and_announced(ctx, store, config):
    assert settings.current(store, config)["idle_seconds"] == config.kiosk.idle_seconds
    assert settings.current(store, config)["display_message"] == config.centre.display_message
    values = settings.update(ctx, {"idle_seconds": 90, "attract_messages": ["Xin chào!", " ", "Mời chạm màn hình."]})
    assert values["idle_seconds"] == 90 and values["attract_messages"] == ["Xin chào!", "Mời chạm màn hình."]
    assert settings.current(store, config)["idle_seconds"] == 90
    [entry] = store.audit_entries(entity="settings")
    assert entry["before"] == {"idle_seconds": 60, "attract_messages": config.kiosk.attract_messages}
    assert json.loads(ctx.heard[0]["data"]) == {"keys": ["attract_messages", "idle_seconds"]}
    with pytest.raises(AdminInvalid) as raised:
        settings.update(ctx, {"idle_seconds": 2, "auto_read_guidance": "yes", "colour": "red"})
    assert [p["field"] for p in raised.value.problems] == ["idle_seconds", "auto_read_guidance", "colour"]
    assert settings.current(store, config)["idle_seconds"] == 90


def test_accounts_create_disable_reset_and_the_audit_never_holds_secrets(ctx, store, clock):
    people.create_user(ctx, "minh", "mat-khau-minh", "staff")
    token, _ = accounts.login(store, "minh", "mat-khau-minh", clock)
    people.set_user_active(ctx, "minh", False)
    with pytest.raises(QueueError):
        accounts.authenticate(store, token, clock)               # disabling ends the sessions
    people.set_user_active(ctx, "minh", True)
    people.reset_password(ctx, "minh", "mat-khau-moi-1")
    assert accounts.login(store, "minh", "mat-khau-moi-1", clock)[1]["username"] == "minh"
    with pytest.raises(QueueError) as raised:
        people.create_user(ctx, "minh", "mat-khau-khac", "admin")
    assert raised.value.kind == "conflict"
    dump = json.dumps(store.audit_entries())
    assert "scrypt" not in dump and "password_hash" not in dump and "mat-khau" not in dump


def test_the_last_admin_and_oneself_cannot_be_disabled(ctx, store, clock):
    accounts.add_user(store, "admin", "mat-khau-admin", "admin", clock)
    with pytest.raises(QueueError) as raised:
        people.set_user_active(ctx, "admin", False)
    assert "own account" in raised.value.reason
    ctx.actor = "other"
    with pytest.raises(QueueError) as raised:
        people.set_user_active(ctx, "admin", False)
    assert "last active admin" in raised.value.reason


def test_devices_are_paired_listed_and_revoked(ctx, store, clock):
    from kiosk.core import pairing
    created = people.create_device(ctx, "kiosk-2", "kiosk")
    token = pairing.exchange(store, created["code"], clock, ctx.config.sync.kiosk_slots).token
    assert accounts.authenticate(store, token, clock).name == "kiosk-2"
    assert "token_hash" not in people.devices(ctx)[0]
    people.revoke_device(ctx, "kiosk-2")
    assert accounts.authenticate(store, token, clock).revoked      # may only upload its offline queue
    renewed = people.create_device(ctx, "kiosk-2", "kiosk")
    new_token = pairing.exchange(store, renewed["code"], clock, ctx.config.sync.kiosk_slots).token
    assert accounts.authenticate(store, new_token, clock).name == "kiosk-2"
    assert created["slot"] == renewed["slot"] and new_token.startswith(f"kiosk.{renewed['slot']}.")
    with pytest.raises(QueueError):
        accounts.authenticate(store, token, clock)
    actions = [e["action"] for e in store.audit_entries(entity="device")]
    assert actions == ["device.pairing", "device.revoke", "device.create"]
    assert token not in json.dumps(store.audit_entries()) and created["code"] not in json.dumps(store.audit_entries())


def test_a_range_too_small_for_the_kiosks_offline_series_is_refused_in_vietnamese(ctx):
    with pytest.raises(AdminInvalid) as raised:
        centre.save_service(ctx, "TP", {"name": "Tư pháp", "range_start": 6001, "range_end": 6400}, create=True)
    assert "too few for the kiosks' offline series (400)" in raised.value.reason
    assert raised.value.message.startswith("Dải số 6001–6400 quá nhỏ: cần ít nhất 401 số")
