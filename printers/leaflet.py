"""The procedure leaflet ("In hướng dẫn"): what to bring, how long, how much."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.wording import bring_message, lower_first, optional_message, vietnamese
from printers.layout import Block, Cut, Qr, Rule, Space, Text
from printers.vietnamese import nfc


@dataclass(frozen=True)
class DocumentItem:
    name: str
    originals: int = 0
    copies: int = 0
    required: bool = True

    def line(self) -> str:
        document = {"name": self.name, "originals": self.originals, "copies": self.copies,
                    "required": self.required}
        bring = vietnamese(bring_message(document))
        text = self.name + (f" – {lower_first(bring)}" if bring else "")
        return text if self.required else f"{text} ({vietnamese(optional_message(document))})"


@dataclass(frozen=True)
class Leaflet:
    centre_name: str
    name: str
    code: str
    documents: tuple[DocumentItem, ...]
    processing_time: str
    fee: str
    portal_url: str = ""

    @classmethod
    def from_procedure(cls, procedure: dict, centre_name: str, portal_url: str | None = None) -> "Leaflet":
        """Build from the procedure JSON of docs/CONTRACTS.md (the API adds `portal_url`)."""
        return cls(
            centre_name=nfc(centre_name),
            name=nfc(procedure["name"]),
            code=str(procedure["code"]),
            documents=tuple(
                DocumentItem(nfc(d["name"]), int(d.get("originals") or 0), int(d.get("copies") or 0),
                             bool(d.get("required", True)))
                for d in procedure.get("documents") or []
            ),
            processing_time=nfc(procedure.get("processing_time", "")),
            fee=nfc(procedure.get("fee", "")),
            portal_url=portal_url or procedure.get("portal_url") or "",
        )

    def blocks(self) -> list[Block]:
        blocks: list[Block] = [
            Text(self.centre_name, "small"),
            Text("HƯỚNG DẪN THỦ TỤC", "title", bold=True),
            Rule(),
            Text(self.name, "title", bold=True),
            Text(f"Mã thủ tục: {self.code}", "small"),
            Space(12),
            Text("Hồ sơ cần chuẩn bị:", bold=True, align="left"),
        ]
        blocks += [Text(item.line(), align="left", checkbox=True) for item in self.documents]
        if not self.documents:
            blocks.append(Text("Hỏi cán bộ tại quầy.", align="left"))
        blocks += [
            Space(12),
            Text(f"Thời hạn giải quyết: {self.processing_time or 'hỏi cán bộ tại quầy'}", align="left"),
            Text(f"Lệ phí: {self.fee or 'hỏi cán bộ tại quầy'}", align="left"),
        ]
        if self.portal_url:
            blocks += [Space(16), Qr(self.portal_url), Space(6),
                       Text("Quét mã QR để xem thủ tục trên Cổng Dịch vụ công quốc gia", "small")]
        blocks.append(Cut())
        return blocks
