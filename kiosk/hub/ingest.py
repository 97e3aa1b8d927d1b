"""Events up from a centre: stored exactly once, applied in the centre's order.

A push is `{"head": 812, "services": [...], "events": [{"id", "prev", "type", "at", "ticket_id",
"counter_id", "data", "issued_at"}, ...]}`. Within one transaction, holding the centre's row
lock (so two hub processes serialise the same centre's pushes): the events go in with
ON CONFLICT DO NOTHING (a duplicate is harmless), then the chain from `applied_through` is
followed through `prev`; the events on it are applied to the ticket projection, those beyond a
gap stay held until the missing ones arrive.
"""
from __future__ import annotations

from psycopg.types.json import Jsonb

_INSERT = """
    INSERT INTO events (centre_id, event_id, prev, type, at, ticket_id, counter_id, data, issued_at)
    SELECT %(centre)s, r.id, r.prev, r.type, r.at, r.ticket_id, r.counter_id, coalesce(r.data, '{}'), r.issued_at
    FROM jsonb_to_recordset(%(events)s) AS r(id bigint, prev bigint, type text, at text, ticket_id bigint,
                                             counter_id int, data jsonb, issued_at text)
    WHERE r.id > %(through)s
    ON CONFLICT (centre_id, event_id) DO NOTHING"""

_CHAIN_END = """
    WITH RECURSIVE chain (id) AS (
        SELECT event_id FROM events WHERE centre_id = %(centre)s AND prev = %(through)s
        UNION ALL
        SELECT e.event_id FROM events e JOIN chain ON e.centre_id = %(centre)s AND e.prev = chain.id)
    SELECT coalesce(max(id), %(through)s) AS id FROM chain"""

_RANGE = "centre_id = %(centre)s AND event_id > %(old)s AND event_id <= %(new)s"
_TIME = "at::timestamptz"   # milliseconds and offset kept: waits match the centre's own report
# The ticket projection, in five set-wise statements per applied range (not one per event).
_PROJECT = [
    f"""INSERT INTO tickets (centre_id, ticket_id, day, service_id, status, issued_at)
        SELECT centre_id, ticket_id, (data->>'day')::date,
               coalesce(data->>'issued_service_id', data->>'service_id'), 'waiting',
               coalesce(issued_at, at)::timestamptz
        FROM events WHERE {_RANGE} AND type = 'ticket.issued' AND ticket_id IS NOT NULL
        ON CONFLICT DO NOTHING""",
    f"""UPDATE tickets t SET status = last.status, service_id = coalesce(last.service_id, t.service_id)
        FROM (SELECT DISTINCT ON (ticket_id) ticket_id, data->>'status' AS status, data->>'service_id' AS service_id
              FROM events WHERE {_RANGE} AND ticket_id IS NOT NULL AND data ? 'status'
              ORDER BY ticket_id, event_id DESC) last
        WHERE t.centre_id = %(centre)s AND t.ticket_id = last.ticket_id""",
    # Minutes as float8 from the exact interval: the same float the centre's report computes.
    f"""UPDATE tickets t SET called_at = coalesce(t.called_at, c.first), last_called_at = c.last, counter_id = c.counter_id,
               wait_minutes = extract(epoch FROM coalesce(t.called_at, c.first) - t.issued_at)::float8 / 60
        FROM (SELECT ticket_id, min({_TIME}) AS first, max({_TIME}) AS last,
                     (array_agg(counter_id ORDER BY event_id DESC))[1] AS counter_id
              FROM events WHERE {_RANGE} AND type = 'ticket.called' GROUP BY ticket_id) c
        WHERE t.centre_id = %(centre)s AND t.ticket_id = c.ticket_id""",
    f"""UPDATE tickets t SET finished_at = f.at,
               service_minutes = extract(epoch FROM f.at - t.last_called_at)::float8 / 60
        FROM (SELECT ticket_id, max({_TIME}) AS at FROM events
              WHERE {_RANGE} AND type = 'ticket.finished' GROUP BY ticket_id) f
        WHERE t.centre_id = %(centre)s AND t.ticket_id = f.ticket_id""",
    f"""UPDATE tickets t SET rating = r.rating
        FROM (SELECT DISTINCT ON (ticket_id) ticket_id, data->>'rating' AS rating FROM events
              WHERE {_RANGE} AND type = 'ticket.rated' ORDER BY ticket_id, event_id DESC) r
        WHERE t.centre_id = %(centre)s AND t.ticket_id = r.ticket_id""",
]

# What the reports' day rollups (kiosk/hub/reports.py) need to know of each applied range: the
# last event of each day (a rollup made before it is stale), and the days a ticket's events
# span (there, a period is folded from its events). Offline tickets logged on a later day count
# as spanning: the safe side.
_EVENT_DAY = "substr(e.at, 1, 10)::date"      # the event's local date, as the report counts it
DAY_MARKS = [
    f"""INSERT INTO day_marks (centre_id, day, last_event)
        SELECT e.centre_id, {_EVENT_DAY}, max(e.event_id) FROM events e
        WHERE e.centre_id = %(centre)s AND e.event_id > %(old)s AND e.event_id <= %(new)s GROUP BY 1, 2
        ON CONFLICT (centre_id, day) DO UPDATE SET last_event = greatest(day_marks.last_event, EXCLUDED.last_event)""",
    f"""INSERT INTO day_spans (centre_id, day)
        SELECT DISTINCT e.centre_id, d.day FROM events e
        JOIN tickets t ON t.centre_id = e.centre_id AND t.ticket_id = e.ticket_id
        CROSS JOIN LATERAL (VALUES ({_EVENT_DAY}), (t.day)) AS d (day)
        WHERE e.centre_id = %(centre)s AND e.event_id > %(old)s AND e.event_id <= %(new)s
          AND e.type <> 'ticket.expired' AND {_EVENT_DAY} <> t.day
        ON CONFLICT DO NOTHING""",
]


def mark_days(conn, centre_id: int, old: int, new: int) -> None:
    """The day marks and spans of a centre's events in (old, new], for events stored otherwise
    than by `ingest` (a migration over existing events, the bench's generated city)."""
    for statement in DAY_MARKS:
        conn.execute(statement, {"centre": centre_id, "old": old, "new": new})


def ingest(conn, centre_id: int, push: dict) -> dict:
    """Store and apply one push; return `{"applied_through", "held"}` for the centre."""
    events = push.get("events") or []
    with conn.transaction():
        row = conn.execute("SELECT applied_through FROM centres WHERE id = %s FOR UPDATE", [centre_id]).fetchone()
        through = row["applied_through"]
        params = {"centre": centre_id, "through": through}
        if events:
            conn.execute(_INSERT, {**params, "events": Jsonb(events)})
        new = conn.execute(_CHAIN_END, params).fetchone()["id"]
        if new > through:
            for statement in _PROJECT + DAY_MARKS:
                conn.execute(statement, {"centre": centre_id, "old": through, "new": new})
        conn.execute("""UPDATE centres SET applied_through = %s, last_contact = now(),
                        head = greatest(head, %s), services = coalesce(%s, services) WHERE id = %s""",
                     [new, int(push.get("head") or 0), _services(push), centre_id])
        held = conn.execute("SELECT count(*) AS n FROM events WHERE centre_id = %s AND event_id > %s",
                            [centre_id, new]).fetchone()["n"]
    return {"applied_through": new, "held": held}


def _services(push: dict):
    services = push.get("services")
    if not isinstance(services, list):
        return None
    return Jsonb([{"id": str(s.get("id")), "name": str(s.get("name", ""))} for s in services if isinstance(s, dict)])


def validate_push(push) -> str | None:
    """Why a push body is refused, or None."""
    if not isinstance(push, dict) or not isinstance(push.get("events", []), list):
        return "the body must be an object with a list 'events'"
    for index, event in enumerate(push.get("events", [])):
        if not isinstance(event, dict):
            return f"events[{index}] must be an object"
        for key in ("id", "prev"):
            if not isinstance(event.get(key), int) or isinstance(event.get(key), bool):
                return f"events[{index}].{key} must be an integer"
        if event["prev"] >= event["id"]:
            return f"events[{index}].prev must be below its id"
        if not isinstance(event.get("type"), str) or not isinstance(event.get("at"), str) or len(event["at"]) < 19:
            return f"events[{index}] needs a type and an ISO time 'at'"
    return None

