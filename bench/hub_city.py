"""The simulated city for bench/hub.py: centres, and their event log and ticket projection
generated inside PostgreSQL (INSERT ... SELECT over generate_series: no row passes through
Python), indexes dropped during the load and rebuilt after, as for any bulk load.

Ticket n of day d at centre c: issued 07:30 + 66 s × n, first call after ((7c + 13d + 31n) mod 40)
minutes, served for 3 + (n mod 9) minutes; 2 in 5 are recalled once, 3 in 5 rated. On the last
day ("today") the last 20 tickets of each centre are still waiting.
"""
from __future__ import annotations

from datetime import date, timedelta

SERVICES = [{"id": "HT", "name": "Hộ tịch"}, {"id": "CT", "name": "Chứng thực"},
            {"id": "XH", "name": "Bảo trợ xã hội – Người có công"}, {"id": "KD", "name": "Hộ kinh doanh – Đất đai"},
            {"id": "VH", "name": "Văn hóa – Lĩnh vực khác"}]
DISTRICTS = 16
WAITING_TODAY = 20

_TICKET = """
    FROM generate_series(%(first_centre)s::int, %(last_centre)s::int) AS c,
         generate_series(0, %(days)s::int * %(per_day)s::int - 1) AS t,
         LATERAL (SELECT t / %(per_day)s AS d, t %% %(per_day)s AS n) AS dn,
         LATERAL (SELECT %(first_day)s::date + dn.d AS day,
                         (%(first_day)s::date + dn.d) + time '07:30' + dn.n * interval '66 seconds' AS issued,
                         ((7 * c + 13 * dn.d + 31 * dn.n) %% 40) * interval '1 minute' AS wait,
                         (3 + dn.n %% 9) * interval '1 minute' AS service,
                         (ARRAY['HT','CT','XH','KD','VH'])[1 + dn.n %% 5] AS svc,
                         dn.d = %(days)s - 1 AND dn.n >= %(per_day)s - {waiting} AS waiting) AS x
""".format(waiting=WAITING_TODAY)

_EVENTS = """
    INSERT INTO events (centre_id, event_id, prev, type, at, ticket_id, counter_id, data)
    SELECT c, t * 6 + k.k + 1, t * 6 + k.k, k.type,
           to_char(k.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '+07:00', t + 1,
           CASE WHEN k.k > 0 THEN 1 + dn.n %% 5 END,
           jsonb_build_object('day', x.day, 'service_id', x.svc, 'issued_service_id', x.svc, 'status', k.status,
                              'number', 1001 + dn.n) || CASE WHEN k.k = 5 THEN '{"rating": "satisfied"}'::jsonb
                                                             ELSE '{}'::jsonb END
    """ + _TICKET + """
    CROSS JOIN LATERAL (VALUES
        (0, 'ticket.issued', x.issued, 'waiting', true),
        (1, 'ticket.called', x.issued + x.wait, 'called', NOT x.waiting),
        (2, 'ticket.recalled', x.issued + x.wait + interval '1 minute', 'called', NOT x.waiting AND dn.n %% 5 < 2),
        (3, 'ticket.started', x.issued + x.wait + interval '1 minute', 'serving', NOT x.waiting),
        (4, 'ticket.finished', x.issued + x.wait + x.service, 'done', NOT x.waiting),
        (5, 'ticket.rated', x.issued + x.wait + x.service + interval '30 seconds', 'done', NOT x.waiting AND dn.n %% 5 < 3)
    ) AS k (k, type, at, status, present)
    WHERE k.present"""

_TICKETS = """
    INSERT INTO tickets (centre_id, ticket_id, day, service_id, status, issued_at, called_at, finished_at,
                         last_called_at, counter_id, rating, wait_minutes, service_minutes)
    SELECT c, t + 1, x.day, x.svc, CASE WHEN x.waiting THEN 'waiting' ELSE 'done' END,
           x.issued AT TIME ZONE 'Asia/Ho_Chi_Minh',
           CASE WHEN NOT x.waiting THEN (x.issued + x.wait) AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
           CASE WHEN NOT x.waiting THEN (x.issued + x.wait + x.service) AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
           CASE WHEN NOT x.waiting THEN (x.issued + x.wait + interval '1 minute') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
           CASE WHEN NOT x.waiting THEN 1 + dn.n %% 5 END,
           CASE WHEN NOT x.waiting AND dn.n %% 5 < 3 THEN 'satisfied' END,
           CASE WHEN NOT x.waiting THEN extract(epoch FROM x.wait)::float8 / 60 END,
           CASE WHEN NOT x.waiting THEN extract(epoch FROM x.service - interval '1 minute')::float8 / 60 END
    """ + _TICKET

_BULK_INDEXES = ("events_pkey", "events_chain", "events_at", "tickets_pkey", "tickets_day")


def load_city(conn, centres: int, days: int, per_day: int, today: date, progress=print) -> dict:
    """Register `centres` centres and load `days` days of `per_day` tickets each, ending today."""
    from psycopg.types.json import Jsonb
    first_day = today - timedelta(days=days - 1)
    conn.execute("SET maintenance_work_mem = '256MB'")
    conn.execute("INSERT INTO centres (code, name, district, token_hash, services, last_contact) "
                 "SELECT 'C' || lpad(i::text, 3, '0'), 'Phường ' || i, 'Khu vực ' || (1 + i %% %s), 'bench-' || i, %s, "
                 "now() - CASE WHEN i %% 40 = 0 THEN interval '3 hours' ELSE interval '5 seconds' END "
                 "FROM generate_series(1, %s) AS i", [DISTRICTS, Jsonb(SERVICES), centres])
    conn.execute("ALTER TABLE events DROP CONSTRAINT events_pkey")
    conn.execute("ALTER TABLE tickets DROP CONSTRAINT tickets_pkey")
    conn.execute("DROP INDEX events_chain, events_at, tickets_day")
    step = 12
    for first in range(1, centres + 1, step):
        params = {"first_centre": first, "last_centre": min(centres, first + step - 1), "days": days,
                  "per_day": per_day, "first_day": first_day}
        conn.execute(_EVENTS, params)
        conn.execute(_TICKETS, params)
        progress(f"  centres {first}-{params['last_centre']} loaded")
    progress("  rebuilding indexes")
    conn.execute("ALTER TABLE events ADD PRIMARY KEY (centre_id, event_id)")
    conn.execute("CREATE INDEX events_chain ON events (centre_id, prev)")
    conn.execute("CREATE INDEX events_at ON events (centre_id, at)")
    conn.execute("ALTER TABLE tickets ADD PRIMARY KEY (centre_id, ticket_id)")
    conn.execute("CREATE INDEX tickets_day ON tickets (day, centre_id) "
                 "INCLUDE (service_id, status, wait_minutes, service_minutes, counter_id, rating)")
    conn.execute("UPDATE centres c SET applied_through = m.top, head = m.top FROM "
                 "(SELECT centre_id, max(event_id) AS top FROM events GROUP BY centre_id) m WHERE m.centre_id = c.id")
    from kiosk.hub.ingest import mark_days       # what ingest keeps for the reports' day rollups
    for row in conn.execute("SELECT id, applied_through FROM centres WHERE code LIKE 'C%%'").fetchall():
        mark_days(conn, row["id"], 0, row["applied_through"])
    conn.execute("VACUUM ANALYZE")    # as autovacuum would: the visibility map lets the day's reads skip the heap
    counts = conn.execute("SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM tickets) AS tickets").fetchone()
    return {"centres": centres, "days": days, "per_day": per_day, **counts}
