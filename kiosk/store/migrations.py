"""Numbered schema migrations, applied in order at start-up. Never edit a released one; add the next."""
from __future__ import annotations

import json

from sqlite_utils import Database


def _m001_initial(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["services"].create({
        "id": str, "name": str, "name_en": str, "fields": str, "range_start": int, "range_end": int,
        "waiting_area": str, "sort": int, "active": int,
    }, pk="id", not_null={"name", "range_start", "range_end"}, defaults={"active": 1, "sort": 0})
    db["counters"].create({
        "id": int, "name": str, "services": str, "active": int, "priority_streak": int,
    }, pk="id", not_null={"name", "services"}, defaults={"active": 1, "priority_streak": 0})
    db["procedures"].create({
        "code": str, "name": str, "name_en": str, "field": str, "service": str, "level": str,
        "documents": str, "processing_time": str, "processing_time_en": str, "fee": str, "fee_en": str,
        "guidance": str, "guidance_en": str, "formality_id": str, "most_requested": int, "source": str,
        "active": int, "updated_at": str,
    }, pk="code", not_null={"name", "service"}, defaults={"active": 1, "most_requested": 0})
    db["sequences"].create({"day": str, "service_id": str, "next_number": int}, pk=("day", "service_id"))
    db["number_blocks"].create({
        "id": int, "day": str, "service_id": str, "first": int, "last": int, "device": str, "leased_at": str,
    }, pk="id")
    db["tickets"].create({
        "id": int, "public_id": str, "client_id": str, "day": str, "number": int,
        "issued_service_id": str, "service_id": str, "procedure_code": str, "procedure_name": str,
        "priority": str, "status": str, "counter_id": int, "staff": str, "device": str,
        "issued_at": str, "called_at": str, "started_at": str, "finished_at": str,
        "offline": int, "recalls": int, "transfers": int, "print_failed": int,
    }, pk="id", not_null={"public_id", "client_id", "day", "number", "service_id", "status", "issued_at"},
        defaults={"offline": 0, "recalls": 0, "transfers": 0, "print_failed": 0})
    db["tickets"].create_index(["public_id"], unique=True)
    db["tickets"].create_index(["client_id"], unique=True)
    db["tickets"].create_index(["day", "issued_service_id", "number"], unique=True)
    db["tickets"].create_index(["status", "service_id"])
    db["events"].create({
        "id": int, "ticket_id": int, "type": str, "at": str, "actor": str, "counter_id": int, "data": str,
    }, pk="id", not_null={"type", "at"})
    db["events"].create_index(["ticket_id"])
    db["users"].create({
        "id": int, "username": str, "password_hash": str, "role": str, "active": int, "created_at": str,
    }, pk="id", not_null={"username", "password_hash", "role"}, defaults={"active": 1})
    db["users"].create_index(["username"], unique=True)
    db["devices"].create({
        "id": int, "name": str, "role": str, "token_hash": str, "active": int, "created_at": str, "last_seen": str,
    }, pk="id", not_null={"name", "role", "token_hash"}, defaults={"active": 1})
    db["devices"].create_index(["name"], unique=True)
    db["devices"].create_index(["token_hash"], unique=True)
    db["sessions"].create({
        "token_hash": str, "user_id": int, "created_at": str, "expires_at": str,
    }, pk="token_hash", not_null={"user_id", "expires_at"})


def _m002_indexes_for_estimates(db: Database) -> None:
    db["tickets"].create_index(["service_id", "status", "issued_at"], index_name="idx_tickets_waiting_order")
    db["tickets"].create_index(["service_id", "status", "finished_at"], index_name="idx_tickets_recent_done")
    db["tickets"].create_index(["counter_id", "status"], index_name="idx_tickets_at_counter")


def _m003_ratings(db: Database) -> None:
    # One satisfaction rating per ticket. Tied to the ticket, its counter and the staff
    # member who served it; never to anything about the citizen.
    db["ratings"].create({
        "id": int, "ticket_id": int, "day": str, "service_id": str, "procedure_code": str, "counter_id": int,
        "staff": str, "rating": str, "reason": str, "channel": str, "device": str, "at": str, "reason_at": str,
    }, pk="id", not_null={"ticket_id", "day", "rating", "channel", "at"})
    db["ratings"].create_index(["ticket_id"], unique=True)
    db["ratings"].create_index(["day"])


def _m004_audit(db: Database) -> None:
    """The admin audit log (who, when, what before, what after) and the admin-editable settings."""
    db["audit"].create({
        "id": int, "at": str, "actor": str, "action": str, "entity": str, "entity_id": str,
        "summary": str, "before": str, "after": str,
    }, pk="id", not_null={"at", "action", "entity"})
    db["audit"].create_index(["entity", "entity_id"])
    db["audit"].create_index(["at"])
    db["settings"].create({"key": str, "value": str, "updated_at": str, "updated_by": str}, pk="key")


def _m005_offline_series(db: Database) -> None:
    """Each kiosk device gets a slot: its own offline series at the top of every service's range
    (kiosk/core/numbering.py). Existing kiosks are numbered 1, 2, ... in the order they were
    added. Leased blocks (number_blocks) stay readable: tickets issued from them keep their numbers."""
    db["devices"].add_column("slot", int)
    kiosks = db.execute("SELECT id FROM devices WHERE role = 'kiosk' ORDER BY id").fetchall()
    for slot, (device_id,) in enumerate(kiosks, start=1):
        db.execute("UPDATE devices SET slot = ? WHERE id = ?", [slot, device_id])
    db["devices"].create_index(["slot"], unique=True, index_name="idx_devices_slot")


# Waiting tickets are counted per lane (service, priority or not) in base-16 buckets of their
# issue second, at every level: bucket = second >> 4*level. "How many wait ahead of me" is then
# a sum of at most 15 buckets per level (8 levels cover 136 years of seconds), whatever the
# length of the queue; triggers keep the counts right whatever code changes a ticket.
# A ticket's second is its local wall-clock time (the first 19 characters of issued_at), so
# the order is the string order in which tickets are called.
COUNT_LEVELS = 8
_SECOND = "CAST(round((julianday(substr({t}.issued_at, 1, 19)) - 2451544.5) * 86400) AS INTEGER)"


def _lane_change(t: str, step: str) -> str:
    """The statements a trigger runs to add (step "+ 1") or remove ("- 1") ticket `t` (NEW/OLD)."""
    kind, second = f"({t}.priority IS NOT NULL)", _SECOND.format(t=t)
    buckets = f"SELECT level, {second} >> (4 * level) FROM count_levels"
    if step == "+ 1":
        return (f"INSERT INTO waiting_counts (service_id, kind, level, bucket, n) "
                f"SELECT {t}.service_id, {kind}, level, {second} >> (4 * level), 1 FROM count_levels WHERE true "
                f"ON CONFLICT (service_id, kind, level, bucket) DO UPDATE SET n = n + 1;")
    where = f"service_id = {t}.service_id AND kind = {kind} AND (level, bucket) IN ({buckets})"
    return f"UPDATE waiting_counts SET n = n - 1 WHERE {where}; DELETE FROM waiting_counts WHERE {where} AND n <= 0;"


def _m006_call_indexes(db: Database) -> None:
    """Call-next, people ahead and the lobby overview in O(log n) of the waiting tickets."""
    for kind, rule in (("normal", "priority IS NULL"), ("priority", "priority IS NOT NULL")):
        db.execute(f"CREATE INDEX idx_tickets_waiting_{kind} ON tickets (service_id, issued_at, id) "
                   f"WHERE status = 'waiting' AND {rule}")
    # Tickets at a counter are a handful; these keep finding them from depending on statistics.
    db.execute("CREATE INDEX idx_tickets_at_counter_now ON tickets (counter_id, called_at) "
               "WHERE status IN ('called','serving')")
    db.execute("CREATE INDEX idx_tickets_recent_calls ON tickets (called_at, id) WHERE status IN ('called','serving')")
    db.execute("CREATE TABLE count_levels (level INTEGER PRIMARY KEY)")
    db.execute("INSERT INTO count_levels (level) " + " UNION ALL ".join(f"SELECT {n}" for n in range(COUNT_LEVELS)))
    db.execute("CREATE TABLE waiting_counts (service_id TEXT NOT NULL, kind INTEGER NOT NULL, level INTEGER NOT NULL, "
               "bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (service_id, kind, level, bucket)) WITHOUT ROWID")
    db.execute(f"CREATE TRIGGER tickets_waiting_insert AFTER INSERT ON tickets WHEN NEW.status = 'waiting' "
               f"BEGIN {_lane_change('NEW', '+ 1')} END")
    db.execute(f"CREATE TRIGGER tickets_waiting_delete AFTER DELETE ON tickets WHEN OLD.status = 'waiting' "
               f"BEGIN {_lane_change('OLD', '- 1')} END")
    moved = ("OLD.status IS NOT NEW.status OR OLD.service_id IS NOT NEW.service_id "
             "OR (OLD.priority IS NULL) IS NOT (NEW.priority IS NULL) OR OLD.issued_at IS NOT NEW.issued_at")
    db.execute(f"CREATE TRIGGER tickets_waiting_leave AFTER UPDATE OF status, service_id, priority, issued_at ON tickets "
               f"WHEN OLD.status = 'waiting' AND ({moved}) BEGIN {_lane_change('OLD', '- 1')} END")
    db.execute(f"CREATE TRIGGER tickets_waiting_enter AFTER UPDATE OF status, service_id, priority, issued_at ON tickets "
               f"WHEN NEW.status = 'waiting' AND ({moved}) BEGIN {_lane_change('NEW', '+ 1')} END")
    count_waiting_tickets(db)


def count_waiting_tickets(db: Database) -> None:
    """(Re)build the bucket counts from the tickets: after this migration, and after anything
    that writes tickets with triggers off (a repair that copies rows into a fresh file)."""
    second = _SECOND.format(t="tickets")
    db.execute("DELETE FROM waiting_counts")
    db.execute(f"INSERT INTO waiting_counts (service_id, kind, level, bucket, n) "
               f"SELECT service_id, priority IS NOT NULL, level, {second} >> (4 * level), COUNT(*) "
               f"FROM tickets JOIN count_levels WHERE status = 'waiting' GROUP BY 1, 2, 3, 4")



def _m007_requeue(db: Database) -> None:
    """A re-queued no-show: how many times it went back, and its issue time when a re-queue
    behind N others moved its place (`issued_at` is the queue's order key)."""
    db["tickets"].add_column("requeues", int, not_null_default=0)
    db["tickets"].add_column("original_issued_at", str)


def _m010_short_names(db: Database) -> None:
    """A procedure keeps the portal's legal title beside its short kiosk name, and the fees of
    another authority (an embassy) apart from this centre's. Documents (JSON) carry their own
    `official_name`, so they need no column."""
    db["procedures"].add_column("official_name", str)
    db["procedures"].add_column("fee_other", str)


def _m011_pairing(db: Database) -> None:
    """Pairing codes (6 digits, only a salted hash kept; single use, 10 minutes), what each
    device last reported (its heartbeat, JSON) and a review flag on tickets a revoked device
    uploaded from its offline queue."""
    db["pairing_codes"].create({
        "id": int, "device": str, "role": str, "salt": str, "code_hash": str, "created_at": str,
        "expires_at": str, "used_at": str,
    }, pk="id", not_null={"device", "role", "salt", "code_hash", "expires_at"})
    db["devices"].add_column("status", str)
    db["devices"].add_column("status_at", str)
    db["tickets"].add_column("review", str)


def _m012_imports(db: Database) -> None:
    """An import's audit entries are written in short transactions before the import is
    published (`import_published`) and moved into `audit` after (kiosk/store/import_staging.py)."""
    db.execute("CREATE TABLE import_audit_pending (id INTEGER PRIMARY KEY, batch TEXT NOT NULL, action TEXT NOT NULL, "
               "entity TEXT NOT NULL, entity_id TEXT, summary TEXT, before TEXT, after TEXT)")
    db.execute("CREATE TABLE import_published (batch TEXT PRIMARY KEY, at TEXT NOT NULL, actor TEXT)")


def _m015_fees(db: Database) -> None:
    """Fee rules beside the fee text, payment receipts with a gapless number per series,
    and voids (a void is its own record; the receipt stays as it was)."""
    db["fee_rules"].create({"code": str, "rule": str, "status": str, "updated_at": str, "updated_by": str},
                           pk="code", not_null={"status"})
    db["receipt_series"].create({"series": str, "next_number": int}, pk="series", not_null={"next_number"})
    db["receipts"].create({
        "id": int, "public_id": str, "series": str, "number": int, "day": str, "issued_at": str, "cashier": str,
        "counter_id": int, "ticket_id": int, "ticket_number": int, "procedure_code": str, "procedure_name": str,
        "quantities": str, "computed_amount": int, "amount": int, "override_reason": str, "method": str,
        "transfer_reference": str, "transfer_confirmed_at": str, "transfer_confirmed_by": str,
    }, pk="id", not_null={"public_id", "series", "number", "day", "issued_at", "amount", "method"})
    db["receipts"].create_index(["series", "number"], unique=True)
    db["receipts"].create_index(["public_id"], unique=True)
    db["receipts"].create_index(["day"])
    db["receipt_voids"].create({"id": int, "receipt_id": int, "at": str, "by": str, "reason": str},
                               pk="id", not_null={"receipt_id", "at", "by", "reason"})
    db["receipt_voids"].create_index(["receipt_id"], unique=True)
    from kiosk.core.fee_text import propose_rule   # a database from before fee rules gets the proposals
    for code, fee in db.execute("SELECT code, fee FROM procedures").fetchall():
        rule = propose_rule(fee)
        db.execute("INSERT INTO fee_rules (code, rule, status, updated_at) VALUES (?, ?, ?, '')",
                   [code, json.dumps(rule, ensure_ascii=False) if rule else None, "proposed" if rule else "needs_rule"])
    for table in ("receipts", "receipt_voids"):   # nothing is ever deleted
        db.execute(f"CREATE TRIGGER {table}_kept BEFORE DELETE ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} are never deleted'); END")


def _m016_hub(db: Database) -> None:
    """The province hub's catalogue as last pulled (the base of the three-way merge that keeps a
    centre's own overrides), and the conflicts between the two for the admin to settle."""
    db["hub_catalogue"].create({"code": str, "base": str, "version": int}, pk="code")
    db["hub_conflicts"].create({
        "id": int, "code": str, "field": str, "local": str, "hub": str, "version": int, "at": str,
        "resolved_at": str, "resolution": str,
    }, pk="id", not_null={"code", "field", "at"})
    db["hub_conflicts"].create_index(["code", "field"])


def _m013_appointments(db: Database) -> None:
    """Bookings (kiosk/core/appointments.py) and the mark of a ticket issued for one. A phone
    number, when given, is erased when the booked day is over; nothing else names the citizen."""
    db["appointments"].create({
        "id": int, "code": str, "day": str, "slot": str, "service_id": str, "procedure_code": str,
        "procedure_name": str, "status": str, "phone": str, "source": str, "booked_by": str,
        "created_at": str, "cancelled_at": str, "checked_in_at": str, "arrival": str, "ticket_id": int,
    }, pk="id", not_null={"code", "day", "slot", "service_id", "procedure_code", "status", "created_at"})
    db["appointments"].create_index(["code"], unique=True)
    db["appointments"].create_index(["day", "service_id", "slot"], index_name="idx_appointments_slot")
    db["appointments"].create_index(["day", "phone"], index_name="idx_appointments_phone")
    db["tickets"].add_column("appointment", int, not_null_default=0)
    db.execute("CREATE INDEX idx_tickets_waiting_appointment ON tickets (service_id, issued_at, id) "
               "WHERE status = 'waiting' AND appointment = 1 AND priority IS NULL")
    # the fairness rule reads a counter's last few calls
    db.execute("CREATE INDEX idx_tickets_counter_calls ON tickets (counter_id, called_at) WHERE called_at IS NOT NULL")


def _m017_done_index(db: Database) -> None:
    """The recent service times read only served tickets: their index holds only those. Every
    index a new ticket enters costs the commit a page written to the WAL (about one in ten),
    and this one took in every ticket, waiting or not."""
    db.execute("DROP INDEX idx_tickets_recent_done")
    db.execute("CREATE INDEX idx_tickets_recent_done ON tickets (service_id, finished_at) WHERE status = 'done'")


def _m018_fewer_ticket_indexes(db: Database) -> None:
    """A new ticket enters no index that the partial ones already cover. The waiting tickets
    of a service are in its two lanes' indexes (migration 6), called and served ones in
    idx_tickets_recent_calls: (status, service_id) and (service_id, status, issued_at) each
    cost every commit a WAL page per service in it, and the reads that used them now read
    the partial indexes (kiosk/store/lanes.py). A ticket is at a counter only
    once called, so that index skips the waiting ones."""
    db.execute("DROP INDEX idx_tickets_status_service_id")
    db.execute("DROP INDEX idx_tickets_waiting_order")
    db.execute("DROP INDEX idx_tickets_at_counter")
    db.execute("CREATE INDEX idx_tickets_at_counter ON tickets (counter_id, status) WHERE counter_id IS NOT NULL")


MIGRATIONS = [_m001_initial, _m002_indexes_for_estimates, _m003_ratings, _m004_audit, _m005_offline_series,
              _m006_call_indexes, _m007_requeue, _m010_short_names, _m011_pairing, _m012_imports,
              _m013_appointments, _m015_fees, _m016_hub, _m017_done_index, _m018_fewer_ticket_indexes]


def apply_migrations(db: Database, migrations: list | None = None) -> int:
    """Bring the schema up to date with `migrations` (the server's by default; the kiosk
    journal passes its own); return the schema version."""
    migrations = MIGRATIONS if migrations is None else migrations
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, migration in enumerate(migrations[version:], start=version + 1):
        with db.atomic():
            migration(db)
            db.execute(f"PRAGMA user_version = {number}")
    return len(migrations)
