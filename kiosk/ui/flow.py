"""Kiosk flow without Kivy: which screen comes next, timers, the tap guard, issuing state.

The Kivy app asks this object what to do and then only draws. Time comes from an injected
`now()` so tests drive it without sleeping.
"""
from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from kiosk.core.wording import lower_first

HOME = "home"
FIELDS = "fields"
FIELD = "field"
SEARCH = "search"
PROCEDURE = "procedure"
PRIORITY = "priority"
TICKET = "ticket"
ATTRACT = "attract"
CHECK_IN = "check_in"          # "Tôi đã đặt lịch hẹn" (kiosk/ui/appointment_desk.py)
SCREENS = (HOME, FIELDS, FIELD, SEARCH, PROCEDURE, PRIORITY, TICKET, ATTRACT, CHECK_IN)

# (value sent to the server, Vietnamese label msgid, icon file in assets/icons)
PRIORITY_CHOICES = [
    ("elderly", "Người cao tuổi", "elderly.png"),
    ("disability", "Người khuyết tật", "disability.png"),
    ("pregnant", "Phụ nữ mang thai", "pregnant.png"),
    ("child", "Người đi cùng con nhỏ", "child.png"),
]


@dataclass
class IssueState:
    """Issuing a ticket: idle -> pending -> (done | failed). One request at a time."""
    status: str = "idle"          # idle | pending | done | failed
    error: str = ""               # "offline" | "refused"
    message: str = ""             # server's citizen-facing message on a 4xx


@dataclass
class KioskFlow:
    idle_seconds: float = 60
    ticket_screen_seconds: float = 20
    tap_guard_seconds: float = 0.4
    now: Callable[[], float] = time.monotonic
    screen: str = HOME
    history: list[str] = field(default_factory=list)
    field_name: str | None = None
    procedure_code: str | None = None
    ticket: dict | None = None
    issue: IssueState = field(default_factory=IssueState)
    online: bool = True
    _last_touch: float = 0.0
    _entered_at: float = 0.0

    def __post_init__(self):
        self._last_touch = self._entered_at = self.now()

    # -- navigation ---------------------------------------------------------------------

    def go(self, screen: str, remember: bool = True) -> str:
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        if remember and self.screen not in (screen, ATTRACT, TICKET):
            self.history.append(self.screen)
        self.screen = screen
        self._entered_at = self.now()
        return screen

    def home(self) -> str:
        self.history.clear()
        self.field_name = self.procedure_code = None
        self.ticket = None
        self.issue = IssueState()
        return self.go(HOME, remember=False)

    def attract(self) -> str:
        self.home()
        return self.go(ATTRACT, remember=False)

    def back(self) -> str:
        if self.screen == TICKET or not self.history:
            return self.home()
        previous = self.history.pop()
        if previous == HOME:
            return self.home()
        return self.go(previous, remember=False)

    def open_field(self, name: str) -> str:
        self.field_name = name
        return self.go(FIELD)

    def open_procedure(self, code: str) -> str:
        self.procedure_code = code
        return self.go(PROCEDURE)

    def ask_priority(self) -> str:
        self.issue = IssueState()
        return self.go(PRIORITY)

    # -- issuing ------------------------------------------------------------------------

    def start_issue(self) -> bool:
        """True if a request may go out now; False while one is already pending."""
        if self.issue.status == "pending" or self.screen != PRIORITY:
            return False
        self.issue = IssueState(status="pending")
        return True

    def issued(self, ticket: dict) -> str:
        self.online = True
        self.ticket = ticket
        self.issue = IssueState(status="done")
        return self.go(TICKET)

    def issue_failed(self, offline: bool, message: str = "") -> None:
        if offline:
            self.online = False
        self.issue = IssueState(status="failed", error="offline" if offline else "refused", message=message)

    # -- touches and timers -------------------------------------------------------------

    def accept_touch(self) -> bool:
        """Record a touch; False if it lands too soon after a screen change (a double tap)."""
        now = self.now()
        self._last_touch = now
        return now - self._entered_at >= self.tap_guard_seconds

    def tick(self) -> str | None:
        """The screen the timers want now (or None): attract when idle, home after a ticket."""
        now = self.now()
        if self.screen == TICKET and now - self._entered_at >= self.ticket_screen_seconds:
            return HOME
        if self.issue.status == "pending":
            return None
        if self.screen != ATTRACT and now - max(self._last_touch, self._entered_at) >= self.idle_seconds:
            return ATTRACT
        return None

    def seconds_left_on_ticket(self) -> int:
        left = self.ticket_screen_seconds - (self.now() - self._entered_at)
        return max(0, int(left + 0.999))


# -- text builders (pure) -----------------------------------------------------------------

def ticket_announcement(ticket: dict) -> str:
    """What the kiosk says when the ticket shows (Vietnamese voice)."""
    number = ticket.get("number")
    area = (ticket.get("service") or {}).get("waiting_area") or ""
    text = f"Số thứ tự của ông/bà là {number}."
    if area:
        text += f" Mời ông/bà ngồi chờ ở {lower_first(area)}."
    else:
        text += " Mời ông/bà ngồi chờ đến lượt."
    return unicodedata.normalize("NFC", text)


def counters_text(ticket: dict) -> str:
    names = [c.get("name", "") for c in ticket.get("counters") or [] if c.get("name")]
    return ", ".join(names)


def localized(record: dict, key: str, lang: str) -> str:
    """record[key_en] in English when present, else record[key]; NFC."""
    value = record.get(f"{key}_en") if lang == "en" else None
    return unicodedata.normalize("NFC", str(value or record.get(key) or ""))


def parse_queue(payload) -> list[dict]:
    """Normalise GET /api/queue into [{id, name, name_en, waiting, estimated_wait_minutes}].

    Accepts a list of per-service records or {"services": [...]}; unknown shapes give [].
    """
    if isinstance(payload, dict):
        payload = payload.get("services", [])
    if not isinstance(payload, list):
        return []
    rows = []
    for item in payload:
        if not isinstance(item, dict):
            continue
        service = item.get("service") if isinstance(item.get("service"), dict) else {}
        rows.append({
            "id": item.get("id") or item.get("service_id") or service.get("id") or "",
            "name": item.get("name") or service.get("name") or "",
            "name_en": item.get("name_en") or service.get("name_en") or "",
            "waiting": _waiting(item),
            "estimated_wait_minutes": _int(item.get("estimated_wait_minutes", item.get("wait_minutes"))),
        })
    return rows


def _waiting(item: dict) -> int | None:
    if item.get("waiting_count") is not None:
        return _int(item["waiting_count"])
    waiting = item.get("waiting", item.get("people_waiting"))
    return len(waiting) if isinstance(waiting, list) else _int(waiting)


def _int(value) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def guidance_text(procedure: dict) -> str:
    """The text read aloud by "Nghe hướng dẫn": the record's guidance, else built from it."""
    example = procedure.get("fee_example_spoken")        # the fee worked out, e.g. for 5 pages × 2 copies
    if procedure.get("guidance"):
        return unicodedata.normalize("NFC", procedure["guidance"] + (" " + example if example else ""))
    parts = [f"Thủ tục {procedure.get('name', '')}."]
    documents = [d.get("name", "") for d in procedure.get("documents") or [] if d.get("name")]
    if documents:
        parts.append("Ông/bà cần mang: " + "; ".join(documents) + ".")
    if procedure.get("processing_time"):
        parts.append(f"Thời gian giải quyết: {procedure['processing_time']}.")
    if procedure.get("fee"):
        parts.append(f"Lệ phí: {procedure['fee']}.")
    if example:
        parts.append(example)
    return unicodedata.normalize("NFC", " ".join(parts))
