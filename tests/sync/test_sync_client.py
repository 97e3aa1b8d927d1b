"""SyncClient against the dummy server: online, offline from its own series, recovery, catalogue, status."""
from __future__ import annotations

import pytest

from kiosk.core.centre import bundled_catalogue
from kiosk.sync.client import ApiError
from kiosk.sync.sync_client import NO_NUMBER_MESSAGE, OFFLINE_MESSAGE, SERIES_USED_MESSAGE, NoOfflineNumber


def server_numbers(server) -> dict:
    return {t["client_id"]: t["number"] for t in server.tickets()}


def test_online_ticket_shows_the_servers_number_and_is_journalled_first(kiosk, server):
    seen_in_journal = []
    server.before_answer = lambda name: seen_in_journal.append(
        [(r["procedure_code"], r["state"]) for r in kiosk.journal.tickets()] if name == "issue_ticket" else None)
    ticket = kiosk.issue_ticket("1.001193", "elderly")
    assert ticket["offline"] is False and ticket["message"] == ""
    assert server_numbers(server) == {ticket["client_id"]: ticket["number"]}
    assert seen_in_journal == [[("1.001193", "pending")]]          # written before the server was asked
    row = kiosk.journal.ticket(ticket["client_id"])
    assert (row["state"], row["number"], row["server_id"]) == ("sent", ticket["number"], ticket["id"])


def test_offline_ticket_comes_from_the_kiosks_own_series_and_says_it_is_valid(kiosk, server):
    server.down = True
    ticket = kiosk.issue_ticket("1.001193")
    assert ticket["offline"] is True and ticket["number"] == 1600          # slot 1's HT series: 1600-1699
    assert ticket["message"] == OFFLINE_MESSAGE
    assert ticket["service"]["id"] == "HT" and ticket["service"]["name"] == "Hộ tịch"
    assert ticket["procedure"]["name"] == "Đăng ký khai sinh"
    assert [c["name"] for c in ticket["counters"]] == ["Quầy 1", "Quầy 2"]
    assert kiosk.status()["online"] is False and kiosk.status()["outbox"] == 1
    assert server.tickets() == []


def test_offline_tickets_are_uploaded_in_order_with_their_number_and_time(kiosk, server, clock):
    server.down = True
    shown = []
    for code in ("1.001193", "2.000815", "1.000894"):
        shown.append(kiosk.issue_ticket(code))
        clock.advance(minutes=1)
    server.down = False
    result = kiosk.upload_outbox()
    assert [u["client_id"] for u in result["uploaded"]] == [t["client_id"] for t in shown]
    assert [c[1] for c in server.calls_to("upload_tickets")] == [[t["client_id"] for t in shown]]   # one request, in order
    held = {t["client_id"]: t for t in server.tickets()}
    for ticket in shown:
        assert held[ticket["client_id"]]["number"] == ticket["number"]
        assert held[ticket["client_id"]]["issued_at"] == ticket["issued_at"]
        assert held[ticket["client_id"]]["offline"] == 1
    assert kiosk.status()["outbox"] == 0
    assert {r["state"] for r in kiosk.journal.tickets()} == {"uploaded"}


def test_offline_with_its_series_used_up_says_so_and_invents_nothing(kiosk, server, clock):
    kiosk.journal.ensure_series("HT", clock.today(), 1600, 1699, 1699)     # one number left
    server.down = True
    assert kiosk.issue_ticket("1.001193")["number"] == 1699
    with pytest.raises(NoOfflineNumber) as caught:
        kiosk.issue_ticket("1.000894")                       # same service HT: its series is used up
    assert caught.value.message == SERIES_USED_MESSAGE and "Ông/bà vui lòng báo cán bộ" in caught.value.message
    row = kiosk.journal.ticket(caught.value.client_id)
    assert row["state"] == "unavailable" and row["number"] is None
    assert kiosk.status()["outbox"] == 1 and kiosk.status()["numbers_left"]["HT"] == 0
    assert kiosk.issue_ticket("2.000815")["number"] == 2600   # other services still have theirs
    server.down = False
    kiosk.upload_outbox()                                     # staff hear of it once the server has 1699
    exhausted = server.core.numbers.state(server.core.store.services(), clock.today())["exhausted"]
    assert exhausted == [{"service_id": "HT", "series": "kiosk-1", "first": 1600, "last": 1699}]


def test_a_kiosk_that_never_reached_the_server_still_gives_numbered_tickets(make_kiosk, server, config):
    server.down = True                                        # down since before the kiosk was switched on
    kiosk = make_kiosk(slot=1, fallback=lambda: bundled_catalogue(config))
    assert any(p["code"] == "1.001193" for p in kiosk.procedures())     # the bundled catalogue
    shown = [kiosk.issue_ticket(code) for code in ("1.001193", "1.001193", "2.000815")]
    assert [t["number"] for t in shown] == [1600, 1601, 2600] and all(t["offline"] for t in shown)
    assert [t["service"]["name"] for t in shown] == ["Hộ tịch", "Hộ tịch", "Chứng thực"]
    server.down = False
    result = kiosk.sync_once()
    assert [u["server_number"] for u in result["uploaded"]] == [1600, 1601, 2600]
    assert result["catalogue_refreshed"] is True and result["series_refreshed"] is True


@pytest.mark.parametrize("missing", ["slot", "catalogue"])
def test_offline_with_no_slot_or_no_catalogue_says_so(make_kiosk, server, config, missing):
    if missing == "slot":                                                # an old token, no --slot
        kiosk = make_kiosk(fallback=lambda: bundled_catalogue(config))
    else:                                                                # nothing to start from
        kiosk = make_kiosk(slot=1)
    server.down = True
    with pytest.raises(NoOfflineNumber) as caught:
        kiosk.issue_ticket("1.001193")
    assert caught.value.message == NO_NUMBER_MESSAGE and kiosk.journal.counts() == {"unavailable": 1}


def test_the_servers_word_on_the_slot_wins_over_the_token(make_kiosk, server):
    kiosk = make_kiosk(slot=3)
    kiosk.sync_once()
    assert kiosk.status()["slot"] == 1
    server.down = True
    assert kiosk.issue_ticket("1.001193")["number"] == 1600


def test_a_replaced_journal_resumes_above_what_the_server_has_seen(kiosk, server, make_kiosk, tmp_path):
    server.down = True
    shown = [kiosk.issue_ticket("1.001193") for _ in range(3)]
    server.down = False
    kiosk.sync_once()
    fresh = make_kiosk(tmp_path / "new-card.db")              # the kiosk's disk was replaced
    fresh.sync_once()
    server.down = True
    assert fresh.issue_ticket("1.001193")["number"] == shown[-1]["number"] + 1


def test_after_a_failure_tickets_do_not_wait_for_the_server_until_the_retry_window(kiosk, server, monotonic):
    server.down = True
    kiosk.issue_ticket("1.001193")
    tries = len(server.calls_to("issue_ticket"))
    kiosk.issue_ticket("1.001193")
    assert len(server.calls_to("issue_ticket")) == tries        # straight to the block: no timeout to sit through
    server.down = False
    monotonic.now += kiosk.retry_online_seconds
    assert kiosk.issue_ticket("1.001193")["offline"] is False   # tries again, and is online
    assert kiosk.status()["online"] is True


def test_an_answer_lost_after_the_server_committed_still_keeps_the_citizens_number(kiosk, server):
    server.lose_responses = 1
    shown = kiosk.issue_ticket("1.001193")
    assert shown["offline"] is True
    ghost = server.tickets()[0]
    assert ghost["client_id"] == shown["client_id"] and ghost["number"] != shown["number"]
    result = kiosk.upload_outbox()
    assert result["uploaded"][0]["server_number"] == shown["number"]
    assert server_numbers(server) == {shown["client_id"]: shown["number"]}   # one ticket, the number shown
    assert server.tickets()[0]["issued_at"] == shown["issued_at"]


def test_a_refusal_is_shown_not_turned_into_an_offline_ticket(kiosk, server):
    with pytest.raises(ApiError) as caught:
        kiosk.issue_ticket("9.999")
    assert caught.value.status == 404 and "thủ tục" in caught.value.message
    assert kiosk.journal.counts() == {"refused": 1}
    assert kiosk.status()["outbox"] == 0 and kiosk.status()["online"] is True


def test_the_same_tap_twice_shows_the_same_ticket(kiosk, server):
    first = kiosk.issue_ticket("1.001193", client_id="c0ffee00-0000-4000-8000-000000000001")
    again = kiosk.issue_ticket("1.001193", client_id="c0ffee00-0000-4000-8000-000000000001")
    assert again["number"] == first["number"] and len(server.tickets()) == 1


def test_a_duplicate_upload_is_harmless(kiosk, server):
    server.down = True
    shown = kiosk.issue_ticket("2.000815")
    server.down = False
    kiosk.upload_outbox()
    kiosk.journal.db.execute("UPDATE tickets SET state = 'outbox' WHERE client_id = ?", [shown["client_id"]])
    result = kiosk.upload_outbox()
    assert result["uploaded"][0]["server_number"] == shown["number"]
    assert server_numbers(server) == {shown["client_id"]: shown["number"]}


def test_permanent_refusal_is_parked_as_rejected_and_does_not_block_the_outbox(kiosk, server):
    server.down = True
    first, second = kiosk.issue_ticket("1.001193"), kiosk.issue_ticket("2.000815")
    server.down = False
    # The server already holds 1600 from this kiosk (an earlier journal of it, say).
    server.core.issue("1.001193", None, "f0f0f0f0-0000-4000-8000-000000000001", device="kiosk-1",
                      number=first["number"], issued_at=first["issued_at"])
    result = kiosk.upload_outbox()
    assert [r["client_id"] for r in result["rejected"]] == [first["client_id"]]
    assert "already issued" in result["rejected"][0]["reason"]
    assert [u["client_id"] for u in result["uploaded"]] == [second["client_id"]]
    row = kiosk.journal.ticket(first["client_id"])
    assert row["state"] == "rejected" and "HTTP 409" in row["last_error"]
    assert kiosk.status()["rejected"] == 1 and kiosk.status()["outbox"] == 0
    assert [(p["number"], p["state"]) for p in kiosk.problems()] == [(first["number"], "rejected")]
    assert "already issued" in kiosk.problems()[0]["reason"]


@pytest.mark.parametrize("status", [401, 408, 429])
@pytest.mark.parametrize("route", ["upload_tickets", "issue_ticket"])
def test_transient_refusals_keep_the_ticket_in_the_outbox(kiosk, server, status, route):
    server.down = True
    shown = kiosk.issue_ticket("1.001193")
    server.down = False
    kiosk._batch_uploads = route == "upload_tickets"
    server.refuse[route] = ApiError(status, {"reason": "try later"})
    result = kiosk.upload_outbox()
    assert result["error"] == f"HTTP {status}" and result["uploaded"] == [] and result["rejected"] == []
    assert kiosk.journal.ticket(shown["client_id"])["state"] == "outbox"
    del server.refuse[route]
    assert kiosk.upload_outbox()["uploaded"][0]["client_id"] == shown["client_id"]


def test_upload_stops_at_the_first_network_failure_to_keep_order(kiosk, server, monkeypatch):
    monkeypatch.setattr("kiosk.sync.outbox_upload.UPLOAD_BATCH", 1)
    server.down = True
    shown = [kiosk.issue_ticket("1.001193") for _ in range(3)]
    server.down = False
    calls = []

    def fail_second(name):
        if name == "upload_tickets":
            calls.append(name)
            server.down = len(calls) == 2
    server.before_answer = fail_second
    result = kiosk.upload_outbox()
    assert [u["client_id"] for u in result["uploaded"]] == [shown[0]["client_id"]] and result["error"]
    assert len(calls) == 2                                          # the third was not tried before the second
    server.before_answer, server.down = None, False
    assert [u["client_id"] for u in kiosk.upload_outbox()["uploaded"]] == [t["client_id"] for t in shown[1:]]


def test_one_unreadable_ticket_in_a_batch_is_found_one_by_one_and_parked(kiosk, server):
    server.down = True
    shown = [kiosk.issue_ticket("1.001193") for _ in range(3)]
    server.down = False
    server.refuse["upload_tickets"] = ApiError(422, {"field": "tickets.1.number", "reason": "too large"})
    # The server refuses the middle ticket on its own too (its number is in no series).
    kiosk.journal.db.execute("UPDATE tickets SET number = 99999 WHERE client_id = ?", [shown[1]["client_id"]])
    result = kiosk.upload_outbox()
    assert [u["client_id"] for u in result["uploaded"]] == [shown[0]["client_id"], shown[2]["client_id"]]
    assert [r["client_id"] for r in result["rejected"]] == [shown[1]["client_id"]]
    assert kiosk._batch_uploads is True                             # the next round batches again


def test_a_server_without_the_batch_route_gets_tickets_one_by_one(kiosk, server):
    server.down = True
    shown = [kiosk.issue_ticket("2.000815") for _ in range(2)]
    server.down = False
    server.refuse["upload_tickets"] = ApiError(404, {"reason": "Not Found"})
    assert len(kiosk.upload_outbox()["uploaded"]) == 2
    assert kiosk._batch_uploads is False
    assert [c[3] for c in server.calls_to("issue_ticket") if c[4]] == [t["client_id"] for t in shown]


def test_a_refusal_inside_a_batch_parks_that_ticket_only(kiosk, server):
    server.down = True
    first, second = kiosk.issue_ticket("1.001193"), kiosk.issue_ticket("2.000815")
    server.down = False
    server.core.store.db.execute("UPDATE procedures SET active = 0 WHERE code = '1.001193'")   # retired meanwhile
    result = kiosk.upload_outbox()
    assert [(r["client_id"], r["reason"][:8]) for r in result["rejected"]] == [(first["client_id"], "HTTP 404")]
    assert [u["client_id"] for u in result["uploaded"]] == [second["client_id"]]


def test_a_restarted_kiosk_resumes_uploading_its_outbox(make_kiosk, server, tmp_path):
    first = make_kiosk(tmp_path / "k.db")
    first.sync_once()
    server.down = True
    shown = [first.issue_ticket("1.001193") for _ in range(3)]
    first.close()
    server.down = False
    again = make_kiosk(tmp_path / "k.db")
    assert again.status()["outbox"] == 3
    result = again.sync_once()
    assert [u["number"] for u in result["uploaded"]] == [t["number"] for t in shown]
    assert server_numbers(server) == {t["client_id"]: t["number"] for t in shown}


def test_the_series_state_is_kept_in_the_journal_and_needs_no_lease(kiosk, server):
    assert server.calls_to("offline_series") and not any(c[0] == "lease_block" for c in server.calls)
    assert sorted(b["service_id"] for b in kiosk.journal.blocks()) == ["CT", "HT", "KD", "VH", "XH"]
    assert {(b["service_id"], b["first"], b["last"]) for b in kiosk.journal.blocks()} >= {("HT", 1600, 1699),
                                                                                     ("CT", 2600, 2699)}


def test_a_new_day_starts_the_series_again(kiosk, server, clock):
    server.down = True
    assert kiosk.issue_ticket("1.001193")["number"] == 1600
    clock.advance(days=1)
    assert kiosk.issue_ticket("1.001193")["number"] == 1600              # numbers restart daily
    assert {b["day"] for b in kiosk.journal.blocks()} == {clock.today()}


def test_catalogue_is_cached_and_refreshed_only_when_its_version_changes(kiosk, server):
    assert {p["code"] for p in kiosk.procedures()} >= {"1.001193", "2.000815"}
    assert kiosk.refresh_catalogue() is False
    shown = kiosk.catalogue_version()
    fetches = len(server.calls_to("procedures"))
    row = server.core.store.procedure("1.001193")
    server.core.store.save_procedure({**row, "name": "Đăng ký khai sinh (mới)"})
    assert kiosk.catalogue_version() == shown             # a local read: the cache is still the old one
    assert kiosk.refresh_catalogue() is True and len(server.calls_to("procedures")) == fetches + 1
    assert kiosk.catalogue_version() not in (shown, None)   # what the kiosk UI watches for
    server.down = True
    assert kiosk.procedure("1.001193")["name"] == "Đăng ký khai sinh (mới)"     # offline browsing
    assert any(p["code"] == "1.001193" for p in kiosk.procedures())


def test_status_line_for_staff(kiosk, server):
    status = kiosk.status()
    assert status["online"] is True and status["outbox"] == 0 and status["last_contact"].startswith("2026-11-23")
    server.down = True
    kiosk.issue_ticket("1.001193")
    assert kiosk.status() | {"last_contact": None} == {"online": False, "outbox": 1, "last_contact": None,
                                                       "rejected": 0, "unreadable": 0, "slot": 1,
                                                       "numbers_left": {"CT": 100, "HT": 99, "KD": 100, "VH": 100,
                                                                        "XH": 100}}


def test_sync_once_never_raises_for_network_trouble(kiosk, server):
    server.down = True
    result = kiosk.sync_once()
    assert result["error"] and result["uploaded"] == []


def test_acknowledgements_are_journalled_by_batch_and_a_failure_keeps_the_rest(make_kiosk, server, monkeypatch):
    monkeypatch.setattr("kiosk.sync.outbox_upload.UPLOAD_BATCH", 10)
    kiosk = make_kiosk()
    kiosk.sync_once()
    server.down = True
    shown = [kiosk.issue_ticket("1.001193") for _ in range(30)]
    server.down = False
    batches = []

    def fail_third(name):
        if name == "upload_tickets":
            batches.append(name)
            server.down = len(batches) == 3
    server.before_answer = fail_third
    result = kiosk.upload_outbox()
    assert len(result["uploaded"]) == 20 and result["error"]
    states = [kiosk.journal.ticket(t["client_id"])["state"] for t in shown]
    assert states == ["uploaded"] * 20 + ["outbox"] * 10
    assert kiosk.journal.ticket(shown[20]["client_id"])["attempts"] == 1
    assert kiosk.journal.db.execute("SELECT COUNT(*) FROM tickets WHERE uploaded_at IS NOT NULL AND offline = 1").fetchone()[0] == 20


def test_an_upload_answer_lost_after_commit_is_sent_again_harmlessly(kiosk, server):
    server.down = True
    shown = [kiosk.issue_ticket("1.001193") for _ in range(3)]
    server.down = False
    server.lose_responses = 1
    assert kiosk.upload_outbox()["error"]
    assert kiosk.status()["outbox"] == 3                             # nothing acknowledged
    result = kiosk.upload_outbox()
    assert [u["server_number"] for u in result["uploaded"]] == [t["number"] for t in shown]
    assert server_numbers(server) == {t["client_id"]: t["number"] for t in shown}


def test_admin_synonyms_reach_the_kiosk_with_the_catalogue_and_survive_a_restart(make_kiosk, server, tmp_path):
    from kiosk.core.synonyms import Synonym
    kiosk = make_kiosk()
    assert kiosk.sync_once()["error"] is None
    assert Synonym("sao y", "chứng thực bản sao") in kiosk.synonyms()          # the server's (bundled) list
    with server.core.store.write():
        server.core.store.save_setting("search_synonyms", [{"phrase": "đám hiếu", "means": "khai tử"}],
                                       "2026-11-23T08:00", "admin")
    assert kiosk.sync_once()["catalogue_refreshed"] is True                   # the catalogue version moved
    assert kiosk.synonyms() == (Synonym("đám hiếu", "khai tử"),)
    kiosk.close()
    server.down = True
    assert make_kiosk(tmp_path / "kiosk.db").synonyms() == (Synonym("đám hiếu", "khai tử"),)   # offline, restarted


def test_a_server_without_settings_leaves_the_bundled_synonyms(make_kiosk, server, monkeypatch):
    def missing():
        raise ApiError(404, {"field": None, "reason": "not found", "message": "Không tìm thấy."})
    monkeypatch.setattr(server, "settings", missing)
    kiosk = make_kiosk()
    assert kiosk.sync_once()["error"] is None and kiosk.procedures()
    assert kiosk.synonyms() is None
