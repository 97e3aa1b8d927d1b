"""Load and validate config.yaml.

A broken config raises ConfigError with one message naming the file, the key (or the
YAML line) and what is wrong; the CLI prints it and exits without a traceback.
"""
from __future__ import annotations

import re

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kiosk import PROJECT_ROOT
from kiosk.appointment_config import Appointments

DEFAULT_CONFIG_PATH = PROJECT_ROOT / "config.yaml"


class ConfigError(Exception):
    """A config problem, already phrased for the person who edits the file."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Centre(_Strict):
    name: str = Field(min_length=1)
    name_en: str = ""
    address: str = ""
    opening_hours: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    display_message: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}, e.g. 'Asia/Ho_Chi_Minh'") from None
        return value


SHORT_NAME_MAX = 22


class Service(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9]{0,7}$")
    name: str = Field(min_length=1)
    name_en: str = ""
    short_name: str = Field("", max_length=SHORT_NAME_MAX)   # the lobby display's label; default: name
    fields: list[str] = []
    range: tuple[int, int]
    waiting_area: str = ""

    @field_validator("range")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        first, last = value
        if not 1 <= first <= last <= 99999:
            raise ValueError("must be [first, last] with 1 <= first <= last <= 99999")
        return value


class Counter(_Strict):
    id: int = Field(ge=1, le=999)
    name: str = Field(min_length=1)
    services: list[str] = Field(min_length=1)


class Policy(_Strict):
    priority_max_consecutive: int = Field(default=3, ge=1, le=100)
    estimate_window: int = Field(default=20, ge=1, le=1000)
    default_service_minutes: float = Field(default=8, gt=0, le=240)
    recalls_before_no_show: int = Field(default=1, ge=0, le=10)
    requeue_after: int = Field(default=0, ge=0, le=1000)   # 0: original place; N: behind N waiting


class Printer(_Strict):
    backend: Literal["usb", "serial", "network", "file", "cups", "dummy"] = "dummy"
    paper_width: Literal[58, 80] = 80
    text_mode: Literal["raster", "codepage"] = "raster"
    codepage: Literal["CP1258", "TCVN-3"] = "CP1258"      # text_mode: codepage only
    codepage_number: int | None = Field(default=None, ge=0, le=255)   # ESC t n; None: from profile
    native_qr: bool = True
    native_number: bool = True
    check_status: bool = True
    timeout_seconds: float = Field(default=8, gt=0, le=120)
    profile: str | None = None
    usb: dict = {}
    serial: dict = {}
    network: dict = {}
    file: dict = {}
    cups: dict = {}


class Speech(_Strict):
    enabled: bool = True
    backend: Literal["pyttsx3", "file", "dummy"] = "pyttsx3"
    voice: Literal["vi", "vi-vn-x-central", "vi-vn-x-south"] = "vi"
    region: Literal["north", "south"] = "north"
    rate: int = Field(default=150, ge=60, le=400)
    volume: float = Field(default=1.0, ge=0, le=1)
    number_reading: Literal["words", "digits"] = "words"
    announcement_repeat: int = Field(default=2, ge=1, le=5)
    audio_device: str = ""  # aplay -D device; "" is ALSA's default
    cache_dir: str = ""     # cached WAVs; "" is data/cache/speech in the project
    output_dir: str = ""    # where the file backend writes; "" is data/speech-out
    pack: str = "trung-tam" # the voice pack recorded in admin "Giọng đọc"; "" (or none recorded) is espeak-ng
    packs_dir: str = ""     # voice packs' folders; "" is data/voices


class Server(_Strict):
    url: str = "http://127.0.0.1:8000"
    public_url: str = "http://127.0.0.1:8000"
    portal_search_template: str = "https://dichvucong.gov.vn/p/home/dvc-tim-kiem-thu-tuc.html?keyword={code}"
    portal_page_template: str = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/{formality_id}"
    storage_warn_free_mb: int = Field(default=500, ge=0, le=1_000_000)   # warn staff below this much free disk
    repair_hold_seconds: float = Field(default=60, ge=0, le=3600)        # after a torn WAL (docs/SECURITY.md §12)
    backup_time: str = "12:15"        # the daily backup, local time HH:MM (kiosk/server/backups.py)

    @field_validator("url", "public_url")
    @classmethod
    def _http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("backup_time")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"{value!r}: expected a 24-hour time HH:MM, e.g. \"12:15\"")
        return value


class Kiosk(_Strict):
    idle_seconds: int = Field(default=60, ge=5, le=3600)
    ticket_screen_seconds: int = Field(default=20, ge=3, le=600)
    auto_read_guidance: bool = False
    most_requested: list[str] = []
    attract_messages: list[str] = []
    background_music: str = ""


class Fees(_Strict):
    """Payment receipts and VietQR transfers (docs/fees.md). No bank account: no transfer QR."""
    series: str = Field(default="PT", pattern=r"^[A-Z0-9/-]{1,12}$")   # the receipt series printed on each
    bank_bin: str = Field(default="", pattern=r"^(\d{6})?$")           # NAPAS BIN, e.g. 970405 Agribank
    account_number: str = Field(default="", pattern=r"^[A-Za-z0-9]{0,19}$")
    account_name: str = ""
    reference: str = Field(default="PHI {ticket} {ddmm}", max_length=25)   # the transfer's content


class Sync(_Strict):
    timeout_seconds: float = Field(default=1.0, gt=0, le=30)
    # Offline numbering (docs/CONTRACTS.md, "Numbering"): the top of each service's range
    # holds one series of this many numbers per kiosk slot; the rest is issued online.
    offline_series_size: int = Field(default=100, ge=1, le=10000)
    kiosk_slots: int = Field(default=4, ge=1, le=50)
    # How far in the future an uploaded offline ticket's issued_at may be (kiosk clock drift).
    clock_skew_seconds: float = Field(default=120, ge=0, le=3600)


class Limits(_Strict):
    """What one client may cost the server (docs/SECURITY.md)."""
    body_kb: int = Field(default=8, ge=1, le=1024)            # tickets, staff actions, logins
    batch_body_kb: int = Field(default=128, ge=1, le=4096)    # POST /api/tickets/batch (up to 100 tickets)
    admin_body_kb: int = Field(default=512, ge=1, le=16384)   # admin JSON (procedures, settings)
    repair_body_kb: int = Field(default=2048, ge=1, le=65536)  # POST /api/repair/tickets: a kiosk's whole day
    import_mb: int = Field(default=10, ge=1, le=200)          # an uploaded CSV, XLSX or JSON file
    import_unpacked_mb: int = Field(default=50, ge=1, le=2000)  # an XLSX's members, unpacked
    import_ratio: int = Field(default=100, ge=2, le=10000)    # unpacked / packed size of an XLSX member
    import_rows: int = Field(default=5000, ge=1, le=1_000_000)
    import_columns: int = Field(default=64, ge=1, le=16384)
    import_seconds: float = Field(default=60, gt=0, le=3600)  # the worker process's time budget
    import_memory_mb: int = Field(default=1024, ge=128, le=65536)  # and its address-space budget
    login_failures_per_account: int = Field(default=5, ge=1, le=1000)   # before the backoff starts
    login_failures_per_address: int = Field(default=20, ge=1, le=10000)
    login_backoff_max_seconds: int = Field(default=900, ge=1, le=86400)
    kiosk_issue_rate: str = "300 per 5 minutes"  # online tickets per kiosk: 1/s sustained, bursts to 300
    header_timeout_seconds: float = Field(default=10, gt=0, le=600)
    body_timeout_seconds: float = Field(default=30, gt=0, le=3600)
    keep_alive_seconds: float = Field(default=5, gt=0, le=600)
    max_connections: int = Field(default=4000, ge=10, le=1_000_000)
    streams_per_address: int = Field(default=20, ge=1, le=100_000)
    streams_total: int = Field(default=2000, ge=1, le=1_000_000)
    heartbeat_seconds: float = Field(default=15, gt=0, le=600)

    @field_validator("kiosk_issue_rate")
    @classmethod
    def _rate(cls, value: str) -> str:
        from limits import parse
        try:
            parse(value)
        except ValueError:
            raise ValueError("must be a rate such as '60 per minute' or '1/second'") from None
        return value


class Hub(_Strict):
    """The province hub this centre reports to (docs/hub.md); no url: the centre works alone."""
    url: str = ""
    token: str = ""
    batch_size: int = Field(default=500, ge=1, le=5000)        # events per push
    push_seconds: float = Field(default=2, gt=0, le=3600)      # pause between pushes when caught up
    pull_seconds: float = Field(default=60, gt=0, le=86400)    # catalogue pull interval
    max_backoff_seconds: float = Field(default=300, gt=0, le=86400)
    timeout_seconds: float = Field(default=10, gt=0, le=300)


class Config(_Strict):
    centre: Centre
    services: list[Service] = Field(min_length=1)
    counters: list[Counter] = Field(min_length=1)
    policy: Policy = Policy()
    printer: Printer = Printer()
    speech: Speech = Speech()
    server: Server = Server()
    kiosk: Kiosk = Kiosk()
    sync: Sync = Sync()
    limits: Limits = Limits()
    fees: Fees = Fees()
    hub: Hub = Hub()
    appointments: Appointments = Appointments()
    path: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> "Config":
        _check_unique("services", [s.id for s in self.services])
        _check_unique("counters", [c.id for c in self.counters])
        known = {s.id for s in self.services}
        for index, counter in enumerate(self.counters):
            for service_id in counter.services:
                if service_id not in known:
                    raise ValueError(
                        f"counters[{index}].services: unknown service {service_id!r} "
                        f"(known: {', '.join(sorted(known))})"
                    )
        _check_ranges_disjoint(self.services)
        _check_ranges_hold_offline_series(self.services, self.sync)
        for service_id in self.appointments.services:
            if service_id not in known:
                raise ValueError(f"appointments.services: unknown service {service_id!r}")
        return self

    def service(self, service_id: str) -> Service:
        return next(s for s in self.services if s.id == service_id)


def _check_unique(key: str, ids: list) -> None:
    seen = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{key}[{index}].id: {value!r} is used twice")
        seen.add(value)


def _check_ranges_disjoint(services: list[Service]) -> None:
    ordered = sorted(enumerate(services), key=lambda pair: pair[1].range[0])
    for (_, a), (index_b, b) in zip(ordered, ordered[1:]):
        if b.range[0] <= a.range[1]:
            raise ValueError(
                f"services[{index_b}].range: {list(b.range)} overlaps the range "
                f"{list(a.range)} of service {a.id}; ranges must not overlap"
            )


def _check_ranges_hold_offline_series(services: list[Service], sync: Sync) -> None:
    reserved = sync.kiosk_slots * sync.offline_series_size
    for index, service in enumerate(services):
        first, last = service.range
        if last - first + 1 <= reserved:
            raise ValueError(
                f"services[{index}].range: {list(service.range)} holds {last - first + 1} numbers, too few for "
                f"the kiosks' offline series (sync.kiosk_slots {sync.kiosk_slots} × sync.offline_series_size "
                f"{sync.offline_series_size} = {reserved}) and the online numbers; give it at least "
                f"{reserved + 1} numbers or lower those two"
            )


def load_config(path: str | Path | None = None) -> Config:
    path = Path(path or DEFAULT_CONFIG_PATH)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"{path}: {where}: {problem}") from None
    return parse_config(raw, source=str(path))


def parse_config(raw: object, source: str = "config") -> Config:
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: the file must hold a mapping of sections (centre, services, ...)")
    try:
        config = Config.model_validate({**raw, "path": source})
    except ValidationError as error:
        raise ConfigError(f"{source}: {_describe(error)}") from None
    return config


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    key = _dotted(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (check the spelling)"
    elif first["type"] == "missing":
        message = "required key is missing"
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{key}: {message}{suffix}" if key else f"{message}{suffix}"


def _dotted(loc: tuple) -> str:
    parts = ""
    for item in loc:
        parts += f"[{item}]" if isinstance(item, int) else (f".{item}" if parts else str(item))
    return parts
