"""The kiosk journal: schema, number allocation, day change, torn rows, a damaged file."""
from __future__ import annotations

import sqlite3
import threading
import uuid

from kiosk.sync.journal import MIGRATIONS, Journal, outbox_problem

DAY = "2026-11-23"
AT = "2026-11-23T08:00:00.000+07:00"


def journal_with_series(path, first=1001, last=1005, service="HT", day=DAY) -> Journal:
    journal = Journal(path)
    journal.ensure_series(service, day, first, last)
    return journal


def offline(journal: Journal, service="HT", code="1.001193", day=DAY, at=AT) -> tuple[str, int | None]:
    client_id = str(uuid.uuid4())
    journal.begin_ticket(client_id, code, None, at, service_id=service)
    return client_id, journal.issue_offline(client_id, service, day, at)


def test_schema_is_migrated_once(tmp_path):
    journal = Journal(tmp_path / "k.db")
    assert journal.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert set(journal.db.table_names()) >= {"meta", "tickets", "blocks", "services", "procedures", "counters"}
    journal.close()
    again = Journal(tmp_path / "k.db")
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again.close()


def test_numbers_come_in_order_from_the_series_and_run_out_honestly(tmp_path):
    journal = journal_with_series(tmp_path / "k.db", 1001, 1003)
    numbers = [offline(journal)[1] for _ in range(3)]
    assert numbers == [1001, 1002, 1003]
    client_id, number = offline(journal)
    assert number is None and journal.ticket(client_id)["state"] == "unavailable"
    assert [r["number"] for r in journal.outbox()] == [1001, 1002, 1003]
    journal.close()


def test_the_series_next_number_only_grows(tmp_path):
    journal = journal_with_series(tmp_path / "k.db", 1001, 1010)
    offline(journal), offline(journal)
    journal.ensure_series("HT", DAY, 1001, 1010)              # again: no going back
    journal.ensure_series("HT", DAY, 1001, 1010, 1002)        # the server saw less than we gave
    assert offline(journal)[1] == 1003
    journal.ensure_series("HT", DAY, 1001, 1010, 1008)        # the server saw more (a replaced journal)
    assert offline(journal)[1] == 1008
    journal.close()


def test_series_of_another_service_or_day_are_not_used(tmp_path):
    journal = journal_with_series(tmp_path / "k.db", service="CT", first=2001, last=2005)
    journal.ensure_series("HT", "2026-11-22", 1001, 1005)
    assert offline(journal)[1] is None
    assert journal.drop_stale_blocks(DAY) == 1 and [b["service_id"] for b in journal.blocks()] == ["CT"]
    journal.close()


def test_threads_and_processes_sharing_a_journal_never_take_the_same_number(tmp_path):
    journal = journal_with_series(tmp_path / "k.db", 1001, 1400)
    other = Journal(tmp_path / "k.db")          # a second opener (the CLI beside the kiosk)
    numbers, lock = [], threading.Lock()

    def issue(j):
        for _ in range(100):
            number = offline(j)[1]
            with lock:
                numbers.append(number)
    threads = [threading.Thread(target=issue, args=(j,)) for j in (journal, journal, other, other)]
    [t.start() for t in threads]
    [t.join(timeout=60) for t in threads]
    assert len(numbers) == 400 and sorted(numbers) == list(range(1001, 1401))
    journal.close()
    other.close()


def test_pending_rows_are_abandoned_at_start(tmp_path):
    journal = Journal(tmp_path / "k.db")
    journal.begin_ticket("a5d1c0de-0000-4000-8000-000000000001", "1.001193", None, AT)
    journal.close()
    again = Journal(tmp_path / "k.db")
    assert again.report.abandoned == 1 and again.counts() == {"abandoned": 1}
    again.close()


def test_half_written_outbox_rows_are_reported_and_the_rest_kept(tmp_path):
    journal = journal_with_series(tmp_path / "k.db", 1001, 1010)
    ids = [offline(journal)[0] for _ in range(6)]
    # A power cut mid-write, simulated: fields lost or garbled in three rows.
    journal.db.execute("UPDATE tickets SET number = NULL WHERE client_id = ?", [ids[1]])
    journal.db.execute("UPDATE tickets SET issued_at = '2026-11-23T08:0' WHERE client_id = ?", [ids[3]])
    journal.db.execute("UPDATE tickets SET priority = 'elderly' WHERE client_id = ?", [ids[4]])   # crc no longer matches
    journal.close()
    again = Journal(tmp_path / "k.db")
    unreadable = {item["client_id"]: item["reason"] for item in again.report.unreadable}
    assert set(unreadable) == {ids[1], ids[3], ids[4]}
    assert "number" in unreadable[ids[1]] and "issued_at" in unreadable[ids[3]] and "checksum" in unreadable[ids[4]]
    assert [r["client_id"] for r in again.outbox()] == [ids[0], ids[2], ids[5]]
    assert again.counts() == {"outbox": 3, "unreadable": 3}
    again.close()


def test_outbox_problem_accepts_a_sound_row(tmp_path):
    journal = journal_with_series(tmp_path / "k.db")
    offline(journal)
    assert outbox_problem(journal.outbox()[0]) is None
    journal.close()


def _damage(path, tickets_page_offsets) -> None:
    with open(path, "r+b") as handle:
        for offset in tickets_page_offsets:
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * 64)


def test_a_damaged_file_is_set_aside_and_every_readable_row_salvaged(tmp_path):
    path = tmp_path / "k.db"
    journal = journal_with_series(path, 1001, 1400)
    ids = [offline(journal)[0] for _ in range(300)]
    journal.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    journal.close()
    # Find the pages that hold ticket rows and wreck one in the middle (a torn write).
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = sorted({row[0] for row in conn.execute("SELECT pageno FROM dbstat WHERE name = 'tickets' AND pagetype = 'leaf'")})
    conn.close()
    victim = pages[len(pages) // 2]
    _damage(path, [(victim - 1) * page_size + 200])

    again = Journal(path)
    report = again.report
    assert report.salvaged_from and (tmp_path / report.salvaged_from.split("/")[-1]).exists()
    kept = [r["client_id"] for r in again.tickets()]
    lost = [item["seq"] for item in report.unreadable]
    assert 0 < len(lost) < 300 and all(item["client_id"] is None for item in report.unreadable)
    # Nothing readable was lost: every row is either kept, in order, or reported by its seq.
    assert kept == [client_id for seq, client_id in enumerate(ids, start=1) if seq not in lost]
    assert "unreadable" in report.salvage_lost[0]
    assert all(r["state"] == "outbox" and outbox_problem(r) is None for r in again.outbox())
    assert again.blocks() == []                                       # numbers can no longer be vouched for
    assert again.meta("catalogue_version") == ""                      # refresh the catalogue on next contact
    again.close()


def test_a_file_that_is_not_a_database_starts_fresh_and_says_so(tmp_path):
    path = tmp_path / "k.db"
    path.write_bytes(b"this is not sqlite" * 100)
    journal = Journal(path)
    assert journal.report.salvaged_from and journal.report.salvage_lost
    assert journal.counts() == {}
    journal.close()


def test_catalogue_cache_round_trip(tmp_path):
    journal = Journal(tmp_path / "k.db")
    journal.save_catalogue([{"code": "1.001193", "name": "Đăng ký khai sinh", "service": "HT", "active": True},
                            {"code": "1.000001", "name": "Cũ", "service": "HT", "active": False}],
                           [{"id": "HT", "name": "Hộ tịch"}], [{"id": 1, "name": "Quầy 1", "services": ["HT"]}], "v1")
    assert [p["code"] for p in journal.procedures()] == ["1.001193"]
    assert journal.procedure("1.000001") is None
    assert journal.service("HT")["name"] == "Hộ tịch" and journal.counters()[0]["services"] == ["HT"]
    assert journal.meta("catalogue_version") == "v1"
    journal.close()
