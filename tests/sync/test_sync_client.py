"""SyncClient against the dummy server: online, offline from leased blocks, recovery, catalogue, status."""
from __future__ import annotations

import pytest

from kiosk.sync.client import ApiError
from kiosk.sync.sync_client import NO_NUMBER_MESSAGE, OFFLINE_MESSAGE, NoOfflineNumber


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


def test_offline_ticket_comes_from_the_leased_block_and_says_it_is_valid(kiosk, server):
    ht_first = min(b["first"] for b in kiosk.journal.blocks() if b["service_id"] == "HT")
    server.down = True
    ticket = kiosk.issue_ticket("1.001193")
    assert ticket["offline"] is True and ticket["number"] == ht_first
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


def test_offline_with_no_number_left_says_so_and_invents_nothing(make_kiosk, server):
    kiosk = make_kiosk(block_size=1, refill_threshold=0)
    kiosk.sync_once()
    server.down = True
    kiosk.issue_ticket("1.001193")
    with pytest.raises(NoOfflineNumber) as caught:
        kiosk.issue_ticket("1.000894")                       # same service HT: its one number is gone
    assert caught.value.message == NO_NUMBER_MESSAGE
    row = kiosk.journal.ticket(caught.value.client_id)
    assert row["state"] == "unavailable" and row["number"] is None
    assert kiosk.status()["outbox"] == 1


def test_offline_before_any_catalogue_or_block_says_so(make_kiosk, server):
    kiosk = make_kiosk()
    server.down = True
    with pytest.raises(NoOfflineNumber) as caught:
        kiosk.issue_ticket("1.001193")
    assert caught.value.message == NO_NUMBER_MESSAGE and kiosk.journal.counts() == {"unavailable": 1}


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
    # The server voids the first ticket's block (an admin reset the day's numbering, say).
    server.core.store.db.execute("DELETE FROM number_blocks WHERE service_id = 'HT'")
    result = kiosk.upload_outbox()
    assert [r["client_id"] for r in result["rejected"]] == [first["client_id"]]
    assert "not in a block" in result["rejected"][0]["reason"]
    assert [u["client_id"] for u in result["uploaded"]] == [second["client_id"]]
    row = kiosk.journal.ticket(first["client_id"])
    assert row["state"] == "rejected" and "HTTP 409" in row["last_error"]
    assert kiosk.status()["rejected"] == 1 and kiosk.status()["outbox"] == 0
    assert [(p["number"], p["state"]) for p in kiosk.problems()] == [(first["number"], "rejected")]
    assert "not in a block" in kiosk.problems()[0]["reason"]


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
    monkeypatch.setattr("kiosk.sync.sync_client.UPLOAD_BATCH", 1)
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
    # The server refuses the middle ticket on its own too (its number is not in any block).
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


def test_blocks_are_leased_per_service_and_refilled_at_the_threshold(kiosk, server):
    blocks = kiosk.journal.blocks()
    assert sorted(b["service_id"] for b in blocks) == ["CT", "HT", "KD", "VH", "XH"]
    assert all(b["last"] - b["first"] + 1 == 5 for b in blocks)
    assert kiosk.refill_blocks() == []                              # 5 left > threshold 2
    server.down = True
    for _ in range(3):
        kiosk.issue_ticket("1.001193")
    server.down = False
    leased = kiosk.refill_blocks()
    assert [b["service_id"] for b in leased] == ["HT"]
    assert kiosk.journal.numbers_left("HT", kiosk.clock.today()) == 2 + 5


def test_blocks_of_an_earlier_day_are_dropped(kiosk, server, clock):
    clock.advance(days=1)
    server.down = True
    with pytest.raises(NoOfflineNumber):
        kiosk.issue_ticket("1.001193")
    assert kiosk.journal.blocks() == []
    server.down = False
    kiosk.refill_blocks()
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
                                                       "rejected": 0, "unreadable": 0,
                                                       "numbers_left": {"CT": 5, "HT": 4, "KD": 5, "VH": 5, "XH": 5}}


def test_sync_once_never_raises_for_network_trouble(kiosk, server):
    server.down = True
    result = kiosk.sync_once()
    assert result["error"] and result["uploaded"] == []


def test_acknowledgements_are_journalled_by_batch_and_a_failure_keeps_the_rest(make_kiosk, server, monkeypatch):
    monkeypatch.setattr("kiosk.sync.sync_client.UPLOAD_BATCH", 10)
    kiosk = make_kiosk(block_size=40)
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
