"""What an import found: the problems (row, column, reason, message), the incoming rows and
the plan (new / changed / unchanged) with the fingerprint that apply checks."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

from kiosk.admin.records import LABELS, field_labels


@dataclass
class Problem:
    row: int | None          # spreadsheet row (header = 1) or JSON record number (1-based); None: whole file
    column: str | None       # our column / field name, or None
    reason: str              # precise English
    message: str             # Vietnamese
    cell: str | None = None  # XLSX cell reference such as "E7"

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "cell": self.cell, "reason": self.reason,
                "message": self.message, "where": self.where()}

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column}" + (f" (ô {self.cell})" if self.cell else ""))
        return ", ".join(parts) or "toàn tệp"


@dataclass
class Incoming:
    row: int
    values: dict
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kind: str = "table"          # table | contract | portal
    cells: dict = field(default_factory=dict)   # column -> XLSX cell reference


@dataclass
class ParsedFile:
    name: str
    format: str
    rows: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class PlanItem:
    row: int
    code: str
    status: str                  # new | changed | unchanged
    before: dict | None
    after: dict
    fields: list[str]
    notes: list[str]

    def as_dict(self) -> dict:
        return {"row": self.row, "code": self.code, "status": self.status, "name": self.after["name"],
                "fields": self.fields, "labels": [LABELS.get(f, f) for f in self.fields], "notes": self.notes,
                "before": self.before, "after": self.after}


@dataclass
class ImportPlan:
    name: str
    format: str
    items: list[PlanItem]
    problems: list[Problem]
    basis: dict | None = None    # code -> stored row the plan was made against (worker plans)

    @property
    def ok(self) -> bool:
        return not self.problems

    def refusals(self) -> list[dict]:
        """The problems as AdminInvalid lists them (empty when the plan can be applied)."""
        return [{"field": p.column, "reason": f"{p.where()}: {p.reason}",
                 "message": f"{p.where().capitalize()}: {p.message}"} for p in self.problems]

    def of(self, status: str) -> list[PlanItem]:
        return [item for item in self.items if item.status == status]

    @cached_property
    def fingerprint(self) -> str:
        """Identifies exactly what applying would write, given what the store held."""
        payload = [(i.code, i.status, i.before, i.after) for i in self.items if i.status != "unchanged"]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:32]

    @cached_property
    def writes(self) -> tuple[list[dict], list[tuple]]:
        """The procedure rows and the audit entries (action, entity, id, before, after, summary)
        that applying writes, JSON already encoded: a worker prepares them off the event loop."""
        from kiosk.core.centre import procedure_row
        written = [item for item in self.items if item.status != "unchanged"]
        rows = [procedure_row(item.after) for item in written]
        audits = [(f"procedure.import.{'create' if item.status == 'new' else 'update'}", "procedure", item.code,
                   _json(item.before), _json(item.after),
                   f"{item.code} {item.after['name']} ({self.name}"
                   + (f": {', '.join(LABELS.get(f, f) for f in item.fields)})" if item.status == "changed" else ")"))
                  for item in written]
        return rows, audits

    @cached_property
    def preview_json(self) -> bytes:
        """as_dict() as UTF-8 JSON (the worker encodes it, off the server's event loop)."""
        return json.dumps(self.as_dict(), ensure_ascii=False).encode()

    def as_dict(self) -> dict:
        return {"file": self.name, "format": self.format, "ok": self.ok, "fingerprint": self.fingerprint,
                "counts": {s: len(self.of(s)) for s in ("new", "changed", "unchanged")} | {
                    "problems": len(self.problems)},
                "new": [i.as_dict() for i in self.of("new")], "changed": [i.as_dict() for i in self.of("changed")],
                "unchanged": [{"row": i.row, "code": i.code, "name": i.after["name"]} for i in self.of("unchanged")],
                "problems": [p.as_dict() for p in self.problems], "labels": field_labels()}


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
