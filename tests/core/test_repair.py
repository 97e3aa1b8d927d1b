"""The repair core: lost tickets come back with their numbers, numbering moves above the
highest online number any copy holds, and a number is never held twice."""
import uuid

import pytest

from kiosk.core.errors import QueueError
from kiosk.core.repair import Repair, day_digest


def held_copy(ticket: dict) -> dict:
    """What a kiosk's journal sends back for a ticket it showed."""
    return {"client_id": ticket["client_id"], "service_id": ticket["service"]["id"], "number": ticket["number"],
            "issued_at": ticket["issued_at"], "procedure_code": ticket["procedure"]["code"],
            "procedure_name": ticket["procedure"]["name"], "priority": ticket["priority"],
            "offline": ticket["offline"], "public_id": ticket["public_id"]}


def lose(store, tickets: list[dict], next_number: int, service: str = "HT") -> None:
    """What a torn WAL does: the rows and the sequence go back to an earlier state."""
    for ticket in tickets:
        store.db.execute("DELETE FROM tickets WHERE client_id = ?", [ticket["client_id"]])
    store.db.execute("UPDATE sequences SET next_number = ? WHERE service_id = ?", [next_number, service])


def issue(queue, code="1.001193", device="kiosk-1", **extra):
    return queue.issue(code, extra.pop("priority", None), str(uuid.uuid4()), device=device, **extra)


def test_compare_matches_by_count_and_hash_of_the_kiosks_tickets(queue):
    mine = [issue(queue) for _ in range(3)]
    issue(queue, device="kiosk-2")
    repair = Repair(queue)
    ids = [t["client_id"] for t in mine]
    assert repair.compare(queue.clock.today(), "kiosk-1", 3, day_digest(reversed(ids)))["match"]
    assert not repair.compare(queue.clock.today(), "kiosk-1", 2, day_digest(ids[:2]))["match"]


def test_lost_tickets_come_back_as_they_were_and_numbering_continues_above(queue, store):
    shown = [issue(queue, priority="elderly" if i == 1 else None) for i in range(5)]
    lose(store, shown[2:], next_number=1003)
    outcome = Repair(queue).adopt(queue.clock.today(), "kiosk-1", [held_copy(t) for t in shown])
    assert outcome["present"] == 2 and [a["number"] for a in outcome["adopted"]] == [1003, 1004, 1005]
    for ticket in shown:
        back = store.ticket_by("client_id", ticket["client_id"])
        assert (back["number"], back["issued_at"], back["priority"], back["public_id"], back["status"]) == \
            (ticket["number"], ticket["issued_at"], ticket["priority"], ticket["public_id"], "waiting")
    assert outcome["next_numbers"] == {"HT": 1006}
    assert issue(queue)["number"] == 1006
    repaired = [e for e in store.events_after(0) if e["type"] == "ticket.issued" and '"repaired": true' in e["data"]]
    assert len(repaired) == 3


def test_offline_numbers_come_back_without_moving_the_online_sequence(queue, store):
    online = issue(queue)
    offline = {**held_copy(online), "client_id": str(uuid.uuid4()), "number": 1900, "offline": True,
               "public_id": None}
    Repair(queue).adopt(queue.clock.today(), "kiosk-1", [offline])
    assert store.ticket_by("client_id", offline["client_id"])["number"] == 1900
    assert issue(queue)["number"] == 1002                  # the online series goes on where it was


def test_a_number_given_again_to_a_ticket_not_yet_shown_is_renumbered(queue, store):
    shown = [issue(queue) for _ in range(3)]
    lose(store, shown[1:], next_number=1002)
    again = issue(queue)                                    # the restarted server gives 1002 again
    assert again["number"] == 1002
    outcome = Repair(queue).adopt(queue.clock.today(), "kiosk-1", [held_copy(t) for t in shown],
                                  unshown=[again["client_id"]])
    assert outcome["renumbered"] == [{"client_id": again["client_id"], "from_number": 1002, "to_number": 1004}]
    assert {store.ticket_by("client_id", t["client_id"])["number"] for t in shown} == {1001, 1002, 1003}
    assert issue(queue)["number"] == 1005


def test_a_number_another_kiosk_already_showed_is_a_conflict_for_staff(queue, store):
    shown = [issue(queue) for _ in range(2)]
    lose(store, shown[1:], next_number=1002)
    other = issue(queue, device="kiosk-2")
    outcome = Repair(queue).adopt(queue.clock.today(), "kiosk-1", [held_copy(t) for t in shown])
    assert [c["client_id"] for c in outcome["conflicts"]] == [shown[1]["client_id"]]
    assert store.ticket_by("client_id", other["client_id"])["number"] == 1002     # nobody renumbered silently
    assert [e["type"] for e in store.events_after(0)][-1] == "ticket.repair_conflict"
    assert issue(queue)["number"] == 1003


def test_malformed_copies_are_refused_one_by_one_and_other_days_as_a_whole(queue, store):
    good = issue(queue)
    lose(store, [good], next_number=1001)
    bad = {**held_copy(good), "client_id": str(uuid.uuid4()), "number": 1500, "issued_at": "yesterday"}
    outcome = Repair(queue).adopt(queue.clock.today(), "kiosk-1", [bad, held_copy(good)])
    assert [r["client_id"] for r in outcome["refused"]] == [bad["client_id"]]
    assert [a["client_id"] for a in outcome["adopted"]] == [good["client_id"]]
    with pytest.raises(QueueError) as refused:
        Repair(queue).adopt("2026-11-01", "kiosk-1", [])
    assert refused.value.field == "day"
