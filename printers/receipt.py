"""The queue receipt: what a citizen takes away after choosing a procedure."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.core.wording import vietnamese, wait_message
from printers.layout import BigNumber, Block, Cut, Qr, Rule, Space, Text
from printers.vietnamese import format_time_of_issue, nfc

# The public id in the test receipt's QR code (`main.py printer test`); the server answers its
# link with a page saying the QR code works, not with a ticket.
TEST_PUBLIC_ID = "in-thu"

PRIORITY_LABELS = {
    "elderly": "Người cao tuổi",
    "disability": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "child": "Người có con nhỏ",
}


@dataclass(frozen=True)
class Receipt:
    centre_name: str
    number: str
    service: str
    procedure: str
    counters: tuple[str, ...]
    people_ahead: int | None
    issued_at: datetime
    public_url: str
    waiting_area: str = ""
    priority: str | None = None
    offline: bool = False
    reprint: bool = False
    estimated_wait_minutes: int | None = None

    @classmethod
    def from_ticket(cls, ticket: dict, centre_name: str, timezone: str = "Asia/Ho_Chi_Minh",
                    reprint: bool = False) -> "Receipt":
        """Build from the ticket JSON of docs/CONTRACTS.md."""
        service = ticket.get("service") or {}
        procedure = ticket.get("procedure") or {}
        called = ticket.get("counter")
        counters = [called] if called else ticket.get("counters") or []
        return cls(
            centre_name=nfc(centre_name),
            number=str(ticket["number"]),
            service=nfc(service.get("name", "")),
            procedure=nfc(procedure.get("name", "")),
            counters=tuple(nfc(c["name"]) for c in counters),
            people_ahead=ticket.get("people_ahead"),
            issued_at=_local_time(ticket["issued_at"], timezone),
            public_url=ticket.get("public_url") or "",
            waiting_area=nfc(service.get("waiting_area", "")),
            priority=ticket.get("priority"),
            offline=bool(ticket.get("offline")),
            reprint=reprint,
            estimated_wait_minutes=ticket.get("estimated_wait_minutes"),
        )

    def blocks(self) -> list[Block]:
        blocks: list[Block] = [
            Text(self.centre_name, "title", bold=True),
            Rule(),
            Text("SỐ THỨ TỰ CỦA ÔNG/BÀ", "small"),
            BigNumber(self.number),
        ]
        if self.priority in PRIORITY_LABELS:
            blocks.append(Text(f"Ưu tiên: {PRIORITY_LABELS[self.priority]}", bold=True))
        blocks += [Space(8), Text(f"Dịch vụ: {self.service}{self._area()}", bold=True)]
        if self.procedure:
            blocks.append(Text(f"Thủ tục: {self.procedure}"))
        if self.counters:
            blocks.append(Text(f"Mời đến: {join_counters(self.counters)}"))
        if self.people_ahead is not None:
            blocks.append(Text(vietnamese(wait_message(self.people_ahead, self.estimated_wait_minutes))))
        blocks.append(Text(f"Lấy số lúc {format_time_of_issue(self.issued_at)}", "small"))
        if self.offline:
            blocks.append(Text("Phiếu cấp khi mất kết nối mạng – số thứ tự vẫn có giá trị.", "small", bold=True))
        if self.reprint:
            blocks.append(Text("(Phiếu in lại)", "small"))
        if self.public_url:
            blocks += [Space(16), Qr(self.public_url), Space(6),
                       Text("Quét mã QR để theo dõi lượt của ông/bà", "small")]
        blocks.append(Cut())
        return blocks

    def _area(self) -> str:
        return f" ({self.waiting_area})" if self.waiting_area else ""


def join_counters(names: tuple[str, ...] | list[str]) -> str:
    """'Quầy 1, 2' for ('Quầy 1', 'Quầy 2'); other names are listed as they are."""
    prefix = "Quầy "
    if len(names) > 1 and all(name.startswith(prefix) for name in names):
        return prefix + ", ".join(name[len(prefix):] for name in names)
    return ", ".join(names)


def _local_time(value: str, timezone: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    zone = ZoneInfo(timezone)
    return moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)
