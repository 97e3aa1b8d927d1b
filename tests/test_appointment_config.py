"""The `appointments:` section of config.yaml (kiosk/appointment_config.py)."""
import pytest

from kiosk.config import ConfigError, parse_config
from tests.test_config import demo_raw


def parsed(**appointments):
    raw = demo_raw()
    raw["appointments"] = {**raw.get("appointments", {}), **appointments}
    return parse_config(raw, source="config.yaml")


def refused(**appointments) -> str:
    with pytest.raises(ConfigError) as error:
        parsed(**appointments)
    return str(error.value)


def test_a_service_overrides_the_centre_wide_slots():
    config = parsed(services={"HT": {"slot_minutes": 20, "capacity": 2}})
    assert config.appointments.for_service("HT").slot_minutes == 20
    assert config.appointments.for_service("HT").capacity == 2
    assert config.appointments.for_service("CT").slot_minutes == 15 and config.appointments.for_service("CT").capacity is None
    assert config.appointments.for_service("CT").bookable_share == 0.4


def test_mistakes_are_refused_with_the_key():
    assert "appointments.services: unknown service 'ZZ'" in refused(services={"ZZ": {}})
    assert "appointments.hours" in refused(hours=[["11:30", "07:30"]])
    assert "appointments.weekdays" in refused(weekdays=[0])
    assert "appointments.bookable_share" in refused(bookable_share=1.5)
