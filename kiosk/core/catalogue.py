"""The procedure catalogue: records, validation and loading.

Pure Python: no Kivy, HTTP or SQL. The record shape is the one in docs/CONTRACTS.md.
A procedure code is always a string in the portal's format (`1.001193`, `1.012753.H19`,
`2.000815.000.00.00.H55`); never a number, because 2.000460 as a float is 2.00046.

`source` says how sure a record's processing time and fee are, by its weakest fact:
"portal snapshot" (both seen on the national portal), "law, unchecked" (at least one taken
from the law and not checked on the portal) or "unknown" (at least one not known; the text
then says "Theo quy định" instead of inventing a number).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import quote

from kiosk import ASSETS

DEFAULT_CATALOGUE_PATH = ASSETS / "procedures.json"

LEVELS = ("commune", "province", "ministry")
SOURCES = ("portal snapshot", "law, unchecked", "unknown")
REQUIRED_TEXT = ("code", "name", "field", "service", "level", "processing_time", "fee", "guidance", "source")
OPTIONAL_TEXT = ("name_en", "processing_time_en", "fee_en", "guidance_en", "official_name", "fee_other")
BOOLEANS = ("most_requested", "active")
DERIVED_KEYS = ("portal_url", "fee_example", "fee_example_spoken")  # added by the API; ignored on input

_CODE = re.compile(r"^[0-9]\.[0-9]{6}(?:\.[0-9A-Za-z]{1,10})*$")
_CODE_HEAD = re.compile(r"^[0-9]\.([0-9]+)")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class CatalogueError(Exception):
    """The catalogue file is missing or holds invalid records; the message says where."""


@dataclass(frozen=True)
class Document:
    """One paper of the dossier (thành phần hồ sơ)."""

    name: str                # short: what the kiosk shows and speaks
    name_en: str = ""
    originals: int = 1
    copies: int = 0
    required: bool = True
    official_name: str = ""  # the portal's full legal wording, for admins; "" when none

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Document":
        return cls(
            name=_nfc(data["name"]),
            name_en=_nfc(data.get("name_en", "")),
            official_name=_nfc(data.get("official_name") or ""),
            originals=int(data.get("originals", 1)),
            copies=int(data.get("copies", 0)),
            required=bool(data.get("required", True)),
        )


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính) as the kiosk shows it."""

    code: str
    name: str                # short: what the kiosk shows and speaks
    field: str
    service: str
    name_en: str = ""
    official_name: str = ""  # the portal's full legal title, for admins; "" when none
    level: str = "commune"
    documents: tuple[Document, ...] = ()
    processing_time: str = ""
    processing_time_en: str = ""
    fee: str = ""
    fee_en: str = ""
    fee_other: str = ""      # fees paid to another authority (an embassy...): admins only, never citizens
    guidance: str = ""
    guidance_en: str = ""
    formality_id: str | None = None
    most_requested: bool = False
    source: str = "unknown"
    active: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Procedure":
        """Build from a contract-shaped dict; raises CatalogueError when it is invalid."""
        problems = validate_procedure(data)
        if problems:
            code = data.get("code") if isinstance(data, Mapping) else None
            raise CatalogueError(f"procedure {code!r}: " + _join(problems))
        known = {f.name for f in fields(cls)} - {"documents"}
        values = {key: _nfc(value) for key, value in data.items() if key in known}
        documents = tuple(Document.from_dict(d) for d in data.get("documents", []))
        return cls(**values, documents=documents)

    def to_dict(self) -> dict[str, Any]:
        """The contract shape, ready for JSON."""
        data = asdict(self)
        data["documents"] = [asdict(d) for d in self.documents]
        return data


def validate_code(code: object) -> str | None:
    """None when `code` is a valid procedure code, else a precise reason in English."""
    if isinstance(code, bool) or not isinstance(code, (str, int, float)):
        return f"code must be a string such as '1.001193', got {type(code).__name__}"
    if not isinstance(code, str):
        return (f"code must be a string such as '1.001193', not the number {code!r} "
                "(as a number 2.000460 becomes 2.00046); quote it")
    if not code:
        return "code is empty"
    if code != code.strip():
        return f"code {code!r} has spaces around it"
    if _CODE.match(code):
        return None
    head = _CODE_HEAD.match(code)
    if head and len(head.group(1)) != 6:
        return (f"code {code!r} has {len(head.group(1))} digits after the first dot, the portal uses 6 "
                "(was it stored as a number?)")
    return (f"code {code!r} is not in the portal format: one digit, a dot, six digits, "
            "then optional dot-separated parts, e.g. '1.001193', '1.012753.H19', '2.000815.000.00.00.H55'")


def validate_procedure(data: object, service_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Every problem of one record as (field, reason); empty when the record is fine.

    `service_ids`, when given, are the services of config.yaml the record may name.
    """
    if not isinstance(data, Mapping):
        return [("", f"a procedure must be an object, got {type(data).__name__}")]
    problems: list[tuple[str, str]] = []
    problems += _check_text_fields(data)
    code_reason = validate_code(data.get("code")) if "code" in data else None
    if code_reason:
        problems.append(("code", code_reason))
    if isinstance(data.get("level"), str) and data["level"] not in LEVELS:
        problems.append(("level", f"must be one of {', '.join(LEVELS)}, got {data['level']!r}"))
    if isinstance(data.get("source"), str) and data["source"] and data["source"] not in SOURCES:
        problems.append(("source", f"must be one of {', '.join(repr(s) for s in SOURCES)}, got {data['source']!r}"))
    if service_ids is not None and isinstance(data.get("service"), str):
        known = sorted(service_ids)
        if data["service"] not in known:
            problems.append(("service", f"unknown service {data['service']!r} (known: {', '.join(known)})"))
    problems += _check_documents(data.get("documents", []))
    problems += _check_formality_id(data.get("formality_id"))
    for key in BOOLEANS:
        if key in data and not isinstance(data[key], bool):
            problems.append((key, f"must be true or false, got {data[key]!r}"))
    allowed = {f.name for f in fields(Procedure)} | set(DERIVED_KEYS)
    problems += [(key, "unknown field (check the spelling)") for key in data if key not in allowed]
    return problems


def validate_catalogue(records: object, service_ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Every problem of a list of records; fields are prefixed with the index, e.g. '[3].code'."""
    if not isinstance(records, list):
        return [("", f"the catalogue must be a list of procedures, got {type(records).__name__}")]
    service_ids = list(service_ids) if service_ids is not None else None
    problems: list[tuple[str, str]] = []
    first_index_of: dict[str, int] = {}
    for index, record in enumerate(records):
        problems += [(f"[{index}]{'.' if name else ''}{name}", reason)
                     for name, reason in validate_procedure(record, service_ids)]
        code = record.get("code") if isinstance(record, Mapping) else None
        if isinstance(code, str) and code in first_index_of:
            problems.append((f"[{index}].code", f"{code!r} is used twice (first at [{first_index_of[code]}])"))
        elif isinstance(code, str):
            first_index_of[code] = index
    return problems


def load_catalogue(path: str | Path = DEFAULT_CATALOGUE_PATH,
                   service_ids: Iterable[str] | None = None) -> list[Procedure]:
    """Read and validate a catalogue JSON file; raises CatalogueError naming the file and problem."""
    path = Path(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CatalogueError(f"{path}: not valid UTF-8 JSON ({error})") from None
    problems = validate_catalogue(records, service_ids)
    if problems:
        raise CatalogueError(f"{path}: {_join(problems)}")
    return [Procedure.from_dict(record) for record in records]


def find_procedure(procedures: Iterable[Procedure], code: str) -> Procedure | None:
    """The procedure with this exact code, or None."""
    return next((p for p in procedures if p.code == code), None)


def portal_url(procedure: Procedure | Mapping[str, Any], page_template: str, search_template: str) -> str:
    """The portal page when the formality id is known, else the portal search for the code."""
    record = procedure if isinstance(procedure, Mapping) else procedure.to_dict()
    formality_id = record.get("formality_id")
    if formality_id:
        return page_template.format(formality_id=quote(formality_id, safe=""))
    return search_template.format(code=quote(record["code"], safe=""))


def _check_text_fields(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for key in REQUIRED_TEXT:
        if key == "code":
            if key not in data:
                problems.append((key, "required field is missing"))
            continue
        value = data.get(key)
        if value is None:
            problems.append((key, "required field is missing"))
        elif not isinstance(value, str):
            problems.append((key, f"must be text, got {type(value).__name__}"))
        elif not value.strip():
            problems.append((key, "must not be empty"))
    for key in OPTIONAL_TEXT:
        if key in data and not isinstance(data[key], str):
            problems.append((key, f"must be text, got {type(data[key]).__name__}"))
    return problems


def _check_documents(documents: object) -> list[tuple[str, str]]:
    if not isinstance(documents, list):
        return [("documents", f"must be a list, got {type(documents).__name__}")]
    problems = []
    for index, document in enumerate(documents):
        where = f"documents[{index}]"
        if not isinstance(document, Mapping):
            problems.append((where, f"must be an object, got {type(document).__name__}"))
            continue
        if not isinstance(document.get("name"), str) or not document["name"].strip():
            problems.append((f"{where}.name", "required text is missing"))
        for key in ("originals", "copies"):
            value = document.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append((f"{where}.{key}", f"must be a whole number >= 0, got {value!r}"))
        if not isinstance(document.get("official_name") or "", str):
            problems.append((f"{where}.official_name", f"must be text, got {document['official_name']!r}"))
        if not isinstance(document.get("required", True), bool):
            problems.append((f"{where}.required", f"must be true or false, got {document['required']!r}"))
        unknown = set(document) - {f.name for f in fields(Document)}
        problems += [(f"{where}.{key}", "unknown field (check the spelling)") for key in sorted(unknown)]
    return problems


def _check_formality_id(value: object) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, str) or not _UUID.match(value):
        return [("formality_id", f"must be null or a portal UUID like "
                                 f"'019d2bfd-8e22-77ef-819f-e49460350904', got {value!r}")]
    return []


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _join(problems: list[tuple[str, str]], most: int = 5) -> str:
    shown = "; ".join(f"{name}: {reason}" if name else reason for name, reason in problems[:most])
    more = len(problems) - most
    return shown + (f" (and {more} more)" if more > 0 else "")
