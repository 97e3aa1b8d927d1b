"""The kiosk's own offline series: where its slot comes from, and a salvaged journal."""
from __future__ import annotations

import json

import pytest

from kiosk.core.centre import bundled_catalogue
from kiosk.core.numbering import Layout, Series
from kiosk.sync.journal import Journal
from kiosk.sync.series import OfflineSeries
from kiosk.sync.sync_client import NO_NUMBER_MESSAGE, NoOfflineNumber

DAY = "2026-11-23"


@pytest.fixture
def journal(tmp_path):
    journal = Journal(tmp_path / "k.db")
    yield journal
    journal.close()


def series_for(journal, config, slot=None) -> OfflineSeries:
    return OfflineSeries(journal, Layout.of(config.sync), slot, lambda: bundled_catalogue(config)[1])


def test_before_any_contact_the_token_slot_and_the_config_ranges_give_the_series(journal, config):
    assert series_for(journal, config, slot=2).series("HT") == Series(1700, 1799)
    assert series_for(journal, config).series("HT") is None                 # no slot known: no series


def test_the_servers_word_wins_even_when_it_gives_no_slot(journal, config):
    offline = series_for(journal, config, slot=2)
    offline.remember({"slot": 3, "series_size": 50, "kiosk_slots": 4, "day": DAY, "services": []}, DAY)
    assert offline.series("HT") == Series(1900, 1949)                       # 1999 - 50 - 50 + 1 .. 1999 - 50
    journal.set_meta("series", json.dumps({"slot": None}))
    assert offline.series("HT") is None


def test_a_salvaged_journal_gives_no_offline_number_for_the_rest_of_the_day(make_kiosk, server, clock, monkeypatch):
    kiosk = make_kiosk(slot=1)
    kiosk.sync_once()
    kiosk.close()
    monkeypatch.setattr(Journal, "_intact", lambda self: False)              # the file reads as damaged
    again = make_kiosk(slot=1)
    assert again.report.salvaged_from
    server.down = True
    with pytest.raises(NoOfflineNumber) as caught:
        again.issue_ticket("1.001193")                # its numbers given before the damage are unknown
    assert caught.value.message == NO_NUMBER_MESSAGE
    clock.advance(days=1)
    assert again.issue_ticket("1.001193")["number"] == 1600                  # a new day, a fresh series
