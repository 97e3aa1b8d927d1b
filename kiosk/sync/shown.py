"""The ticket as the kiosk shows it, from its journal row: the server's answer when it had
one, else what the kiosk knows offline (its cached services, counters and procedures)."""
from __future__ import annotations

import json

from kiosk.sync.journal import Journal

OFFLINE_MESSAGE = "Số thứ tự vẫn có hiệu lực. Mời ông/bà ngồi chờ."


def shown_ticket(journal: Journal, row: dict) -> dict:
    if row.get("ticket"):
        ticket = json.loads(row["ticket"])
        offline = bool(row["offline"])
        return {**ticket, "number": row["number"], "offline": offline,
                "message": OFFLINE_MESSAGE if offline else ""}
    service = journal.service(row["service_id"]) or {"id": row["service_id"], "name": ""}
    counters = [{"id": c["id"], "name": c["name"]} for c in journal.counters()
                if row["service_id"] in (c.get("services") or [])]
    procedure = journal.procedure(row["procedure_code"]) or {}
    return {
        "id": None, "public_id": None, "client_id": row["client_id"], "day": row["day"],
        "number": row["number"],
        "service": {"id": service["id"], "name": service.get("name", ""), "name_en": service.get("name_en") or "",
                    "waiting_area": service.get("waiting_area") or ""},
        "procedure": {"code": row["procedure_code"], "name": row["procedure_name"] or procedure.get("name", "")},
        "priority": row["priority"], "status": "waiting", "counter": None, "counters": counters,
        "issued_at": row["issued_at"], "called_at": None, "finished_at": None,
        "people_ahead": None, "estimated_wait_minutes": None, "public_url": None,
        "offline": True, "recalls": 0, "message": OFFLINE_MESSAGE,
    }
