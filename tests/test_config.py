import pytest

from kiosk.config import ConfigError, load_config, parse_config


def demo_raw():
    import yaml
    from kiosk.config import DEFAULT_CONFIG_PATH
    return yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))


def test_demo_centre_config_is_valid():
    config = load_config()
    assert 4 <= len(config.services) <= 6 and len(config.counters) == 5
    assert config.centre.name.startswith("Trung tâm Phục vụ hành chính công")


def error_for(raw) -> str:
    with pytest.raises(ConfigError) as error:
        parse_config(raw, source="config.yaml")
    return str(error.value)


def test_unknown_service_in_counter_names_the_key():
    raw = demo_raw()
    raw["counters"][1]["services"] = ["HT", "XX"]
    assert error_for(raw) == "config.yaml: counters[1].services: unknown service 'XX' (known: CT, HT, KD, VH, XH)"


def test_overlapping_ranges_are_refused():
    raw = demo_raw()
    raw["services"][1]["range"] = [1500, 2999]
    assert "services[1].range: [1500, 2999] overlaps the range [1001, 1999] of service HT" in error_for(raw)


def test_a_range_too_small_for_the_kiosks_offline_series_is_refused_with_one_message():
    raw = demo_raw()
    raw["services"][2]["range"] = [3001, 3400]
    assert error_for(raw) == (
        "config.yaml: services[2].range: [3001, 3400] holds 400 numbers, too few for the kiosks' offline series "
        "(sync.kiosk_slots 4 × sync.offline_series_size 100 = 400) and the online numbers; give it at least "
        "401 numbers or lower those two")
    raw["sync"]["offline_series_size"] = 50
    assert parse_config(raw).services[2].range == (3001, 3400)


def test_misspelt_key_and_wrong_type():
    raw = demo_raw()
    raw["printer"]["paper_widht"] = 80
    assert error_for(raw) == "config.yaml: printer.paper_widht: unknown key (check the spelling)"
    raw = demo_raw()
    raw["policy"]["priority_max_consecutive"] = "three"
    assert error_for(raw).startswith("config.yaml: policy.priority_max_consecutive: ")


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("centre:\n  name: [oops\nservices: []\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}: line ")


def test_missing_file():
    with pytest.raises(ConfigError, match="file not found"):
        load_config("/nonexistent/config.yaml")


def test_a_service_short_name_longer_than_the_board_allows_is_refused():
    raw = demo_raw()
    raw["services"][2]["short_name"] = "Bảo trợ xã hội – Người có công"
    assert error_for(raw).startswith("config.yaml: services[2].short_name: ")
    assert "22" in error_for(raw)


def test_the_daily_backup_time_must_be_a_24_hour_time():
    raw = demo_raw()
    raw["server"]["backup_time"] = "25:00"
    assert error_for(raw) == "config.yaml: server.backup_time: '25:00': expected a 24-hour time HH:MM, e.g. \"12:15\""
    raw["server"]["backup_time"] = "07:05"
    assert parse_config(raw).server.backup_time == "07:05"
