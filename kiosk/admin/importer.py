"""Importing procedures from CSV, XLSX or JSON: read, preview, then apply all or nothing.

    parsed = read_import("thu-tuc.csv", content)            # never raises for a bad file
    plan = plan_import(parsed, store)                        # new / changed / unchanged / problems
    apply_import(ctx, parsed, expect=plan.fingerprint)       # one transaction, or AdminInvalid

Columns of CSV and XLSX are documented in docs/import-format.md. Every problem names the
row (as a spreadsheet shows it: the header is row 1) and the column, with a reason in
English and a message in Vietnamese. A file with any problem changes nothing.
"""
from __future__ import annotations

import csv
import json
import zipfile
from typing import Any, Mapping

from kiosk.admin import sheets
from kiosk.admin.context import AdminContext, AdminInvalid
from kiosk.admin.nesting import MAX_DEPTH, nesting_depth
from kiosk.admin.portal import from_portal, is_portal_record, unwrap
from kiosk.admin.import_plan import ImportPlan, Incoming, ParsedFile, PlanItem, Problem
from kiosk.admin.sheets import _blank
from kiosk.admin.records import (FIELDS, LABELS, canonical, clean, differences, field_labels, problems_for,
                                 vietnamese)
from kiosk.admin.short_names import keep_short_names
from kiosk.config import Limits
from kiosk.core.catalogue import validate_code
from kiosk.core.centre import procedure_row
from kiosk.core.events import CATALOGUE_CHANGED
from kiosk.core.fee_rules import propose_rules
from kiosk.store import Store

TABLE_COLUMNS = ("code", "name", "field", "service", "documents", "processing_time", "fee", "guidance",
                 "formality_id", "most_requested", "active", "level", "source", "name_en", "documents_en",
                 "processing_time_en", "fee_en", "guidance_en")
REQUIRED_COLUMNS = ("code", "name", "field", "service", "documents", "processing_time", "fee", "guidance")
BOOLEAN_WORDS = {"có": True, "co": True, "x": True, "1": True, "true": True, "yes": True, "y": True,
                 "bắt buộc": True, "bat buoc": True,
                 "không": False, "khong": False, "0": False, "false": False, "no": False, "n": False,
                 "nếu có": False, "neu co": False, "không bắt buộc": False, "khong bat buoc": False}
# Vietnamese headers a centre may type instead of the English keys (compared folded).
HEADER_ALIASES = {
    "ma thu tuc": "code", "ma": "code", "ten thu tuc": "name", "ten": "name", "linh vuc": "field",
    "dich vu": "service", "nhom quay": "service", "thanh phan ho so": "documents", "ho so": "documents",
    "thoi han giai quyet": "processing_time", "thoi han": "processing_time", "phi le phi": "fee",
    "le phi": "fee", "phi": "fee", "huong dan": "guidance", "loi huong dan": "guidance",
    "formalityid": "formality_id", "ma cong dvc": "formality_id", "hay dung": "most_requested",
    "thu tuc hay dung": "most_requested", "dang ap dung": "active", "cap": "level", "nguon": "source",
}
NEW_GUIDANCE = "Ông/bà vui lòng chuẩn bị đủ giấy tờ theo danh sách, lấy số thứ tự và chờ cán bộ gọi."


# ---------------------------------------------------------------------------- reading
def read_import(name: str, content: bytes, limits: Limits | None = None) -> ParsedFile:
    """Parse a file by its extension (or its first bytes); problems are collected, not raised.
    A file over one of `limits` (size, unpacked size, rows, columns) gets one problem saying so.
    Call it through kiosk.admin.import_worker to also bound its memory and time."""
    limits = limits or Limits()
    kind = _format(name, content)
    parsed = ParsedFile(name, kind)
    if not content.strip():
        parsed.problems.append(Problem(None, None, "the file is empty", "Tệp trống, không có dữ liệu."))
        return parsed
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "json": _read_json}[kind]
    try:
        sheets.file_size_ok(content, limits)
        reader(content, parsed, limits)
    except sheets.SheetRefused as refused:
        parsed.rows = []
        parsed.problems.append(Problem(None, None, refused.reason, refused.message))
    return parsed


def _format(name: str, content: bytes) -> str:
    lower = (name or "").lower()
    for ext in ("csv", "xlsx", "json"):
        if lower.endswith("." + ext):
            return ext
    if content[:2] == b"PK":
        return "xlsx"
    if content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    return "csv"


def _decode_utf8(content: bytes, parsed: ParsedFile) -> str | None:
    if content[:2] in (b"\xff\xfe", b"\xfe\xff"):
        parsed.problems.append(Problem(None, None, "the file is UTF-16 (Excel's 'Unicode Text'), not UTF-8",
                                       "Tệp đang ở mã UTF-16. Trong Excel hãy chọn Lưu thành “CSV UTF-8”."))
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[:error.start].count(b"\n") + 1
        byte = content[error.start:error.start + 1].hex().upper()
        parsed.problems.append(Problem(
            line, None, f"the file is not UTF-8: byte 0x{byte} on line {line} cannot be read "
                        "(was it saved as ANSI/Windows-1258 or TCVN3?); save it as UTF-8",
            f"Tệp không ở mã UTF-8 (lỗi ở dòng {line}), nên chữ tiếng Việt sẽ bị hỏng. "
            "Trong Excel hãy chọn Lưu thành “CSV UTF-8 (Comma delimited)”."))
        return None


def _read_csv(content: bytes, parsed: ParsedFile, limits: Limits) -> None:
    text = _decode_utf8(content, parsed)
    if text is None:
        return
    try:
        table = sheets.csv_rows(text, limits)
    except csv.Error as error:
        parsed.problems.append(Problem(None, None, f"the CSV cannot be read: {error}",
                                       "Tệp CSV bị lỗi định dạng (dấu ngoặc kép không khớp?)."))
        return
    _read_table(table, parsed, letters=False)


def _read_xlsx(content: bytes, parsed: ParsedFile, limits: Limits) -> None:
    try:
        table = sheets.xlsx_rows(content, limits)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
        parsed.problems.append(Problem(None, None, f"not a readable XLSX workbook ({type(error).__name__}: {error})",
                                       "Tệp không phải bảng tính Excel (.xlsx) hợp lệ."))
        return
    _read_table(table, parsed, letters=True)


def _read_table(table: list[list[Any]], parsed: ParsedFile, letters: bool) -> None:
    from kiosk.admin.procedures import fold
    while table and all(_blank(v) for v in table[0]):
        table.pop(0)
    if not table:
        parsed.problems.append(Problem(None, None, "the file has no header row", "Tệp không có dòng tiêu đề."))
        return
    header = table[0]
    columns: list[str | None] = []
    for index, raw in enumerate(header):
        name = "" if raw is None else str(raw).strip()
        key = name if name in TABLE_COLUMNS else HEADER_ALIASES.get(fold(name))
        if not name:
            columns.append(None)
            continue
        if key is None:
            parsed.problems.append(Problem(1, name, f"unknown column {name!r}; known columns: {', '.join(TABLE_COLUMNS)}",
                                           f"Cột “{name}” không được hỗ trợ (xem tài liệu docs/import-format.md).",
                                           _letter(index) + "1" if letters else None))
        elif key in columns:
            parsed.problems.append(Problem(1, key, f"column {key!r} appears twice",
                                           f"Cột {key} xuất hiện hai lần.", _letter(index) + "1" if letters else None))
        columns.append(key)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        parsed.problems.append(Problem(1, ", ".join(missing), f"missing required column(s): {', '.join(missing)}",
                                       f"Thiếu cột bắt buộc: {', '.join(missing)}."))
    if parsed.problems:
        return
    for number, cells in enumerate(table[1:], start=2):
        if all(_blank(v) for v in cells):
            continue
        incoming = Incoming(number, {})
        parsed.rows.append(incoming)
        extra = [v for v in cells[len(columns):] if not _blank(v)]
        if extra:
            incoming.problems.append(Problem(number, None, f"the row has {len(columns) + len(extra)} or more cells, "
                                             f"the header only {len(columns)} (a stray separator?)",
                                             f"Dòng {number} có nhiều ô hơn dòng tiêu đề (thừa dấu phân cách?)."))
        raw = {column: (cells[i] if i < len(cells) else None) for i, column in enumerate(columns) if column}
        if letters:
            incoming.cells = {column: f"{_letter(i)}{number}" for i, column in enumerate(columns) if column}
        _table_values(raw, incoming)


def _table_values(raw: dict, incoming: Incoming) -> None:
    values = incoming.values
    for column, cell in raw.items():
        if column == "code":
            values["code"] = cell.strip() if isinstance(cell, str) else ("" if cell is None else cell)
        elif column in ("documents", "documents_en"):
            continue
        elif column in ("most_requested", "active"):
            parsed = _boolean(cell, default=(column == "active"))
            if parsed is None:
                _problem(incoming, column, f"{cell!r} is not yes/no; write có or không",
                         f"{LABELS[column]}: chỉ ghi “có” hoặc “không”.")
            else:
                values[column] = parsed
        elif column == "formality_id":
            values[column] = _text(cell) or None
        else:
            values[column] = _text(cell)
    if "documents" in raw:
        values["documents"] = _documents(_text(raw["documents"]), _text(raw.get("documents_en")), incoming,
                                         "documents_en" in raw)


def _documents(text: str, text_en: str, incoming: Incoming, has_en: bool) -> list[dict]:
    """One document per line: `name | originals | copies | required` (the last three optional)."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    names_en = [line.strip() for line in text_en.replace("\r\n", "\n").split("\n") if line.strip()] if has_en else []
    if has_en and names_en and len(names_en) != len(lines):
        _problem(incoming, "documents_en", f"{len(names_en)} English names for {len(lines)} documents; "
                 "write one line per document, in the same order",
                 f"Cột documents_en có {len(names_en)} dòng nhưng có {len(lines)} giấy tờ; mỗi giấy tờ một dòng.")
    documents = []
    for index, line in enumerate(lines, start=1):
        parts = [p.strip() for p in line.rsplit("|", 3)] if "|" in line else [line]
        while len(parts) > 1 and not _count_like(parts[1]) and len(parts) < 4:
            parts = [parts[0] + " | " + parts[1], *parts[2:]]  # a '|' inside the name itself
        document = {"name": parts[0], "name_en": names_en[index - 1] if index <= len(names_en) else "",
                    "originals": 1, "copies": 0, "required": True}
        for key, position in (("originals", 1), ("copies", 2)):
            if len(parts) > position and parts[position] != "":
                try:
                    document[key] = int(parts[position])
                    if document[key] < 0:
                        raise ValueError
                except ValueError:
                    _problem(incoming, "documents", f"document line {index}: {key} {parts[position]!r} "
                             "is not a whole number >= 0",
                             f"Giấy tờ thứ {index}: số {'bản chính' if key == 'originals' else 'bản sao'} "
                             f"“{parts[position]}” phải là số nguyên từ 0 trở lên.")
        if len(parts) > 3:
            required = _boolean(parts[3], default=True)
            if required is None:
                _problem(incoming, "documents", f"document line {index}: required {parts[3]!r} is not yes/no",
                         f"Giấy tờ thứ {index}: phần “bắt buộc” chỉ ghi “có” hoặc “không”.")
            else:
                document["required"] = required
        documents.append(document)
    return documents


def _count_like(text: str) -> bool:
    return text == "" or text.lstrip("-").isdigit() or _boolean(text, None) is not None


def _read_json(content: bytes, parsed: ParsedFile, limits: Limits) -> None:
    text = _decode_utf8(content, parsed)
    if text is None:
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        parsed.problems.append(Problem(error.lineno, None, f"not valid JSON: {error.msg} at line {error.lineno} "
                                       f"column {error.colno}",
                                       f"Tệp JSON bị lỗi ở dòng {error.lineno}, cột {error.colno}."))
        return
    except RecursionError:
        document = None
    if document is None or nesting_depth(document) > MAX_DEPTH:
        parsed.problems.append(Problem(None, None, f"the JSON nests deeper than {MAX_DEPTH} levels",
                                       "Tệp JSON lồng nhau quá sâu, không phải danh sách thủ tục."))
        return
    records = unwrap(document)
    if len(records) > limits.import_rows:
        raise sheets.SheetRefused(f"the file has {len(records)} records, over the {limits.import_rows} limit; split it",
                                  f"Tệp có {len(records)} thủ tục, vượt quá {limits.import_rows}; vui lòng chia nhỏ.")
    for number, record in enumerate(records, start=1):
        incoming = Incoming(number, {})
        parsed.rows.append(incoming)
        if not isinstance(record, Mapping):
            _problem(incoming, None, f"record {number} is {type(record).__name__}, not an object",
                     f"Bản ghi thứ {number} không phải là một thủ tục.")
        elif is_portal_record(record):
            incoming.kind = "portal"
            incoming.values, incoming.notes = from_portal(record)
        else:
            incoming.kind = "contract"
            incoming.values = {k: v for k, v in record.items() if k not in ("portal_url", "updated_at")}


# ---------------------------------------------------------------------------- planning
def plan_import(parsed: ParsedFile, store: Store) -> ImportPlan:
    plan = ImportPlan(parsed.name, parsed.format, [], list(parsed.problems))
    services = store.services(active_only=False)
    service_ids = [s["id"] for s in services]
    first_row: dict[str, int] = {}
    for incoming in parsed.rows:
        values = incoming.values
        code = values.get("code")
        reason = validate_code(code) if "code" in values else "code is missing"
        if reason:
            _problem(incoming, "code", reason, vietnamese("code", reason, values))
        elif code in first_row:
            where = "dòng" if parsed.format != "json" else "bản ghi"
            _problem(incoming, "code", f"code {code!r} is used twice (first at row {first_row[code]})",
                     f"Mã {code} bị trùng: đã có ở {where} {first_row[code]}.")
        else:
            first_row[code] = incoming.row
        if incoming.problems:
            plan.problems += incoming.problems
            continue
        existing = store.procedure(code)
        before = canonical(existing) if existing else None
        merged = {**(before or _new_defaults(incoming, services)), **values}
        merged = keep_short_names(merged, before, incoming.notes)
        if before and incoming.kind == "portal" and not (merged.get("guidance") or "").strip():
            merged["guidance"] = NEW_GUIDANCE
            incoming.notes.append("Thủ tục chưa có lời hướng dẫn; đã điền lời hướng dẫn chung.")
        record = clean(merged)
        problems = problems_for(record, service_ids)
        for found in problems:
            column = (found["field"] or "").split("[")[0].split(".")[0] or None
            incoming.problems.append(Problem(incoming.row, column, found["reason"], found["message"],
                                             incoming.cells.get(column)))
        if problems:
            plan.problems += incoming.problems
            continue
        after = canonical(record)
        changed = differences(before, after) if before else []
        status = "new" if before is None else ("changed" if changed else "unchanged")
        plan.items.append(PlanItem(incoming.row, code, status, before, after, changed, incoming.notes))
    if not parsed.rows and not plan.problems:
        plan.problems.append(Problem(None, None, "the file holds no procedures", "Tệp không có thủ tục nào."))
    return plan


def _new_defaults(incoming: Incoming, services: list[dict]) -> dict:
    defaults = canonical({"source": "unknown"})  # an imported fact is unchecked until shown otherwise
    if incoming.kind == "portal":
        field = incoming.values.get("field", "")
        match = next((s["id"] for s in services if field in (s.get("fields") or [])), None)
        if match:
            defaults["service"] = match
        defaults["guidance"] = NEW_GUIDANCE
        defaults["fee"] = incoming.values.get("fee") or "Chưa có thông tin phí, lệ phí"
    return defaults


# ---------------------------------------------------------------------------- applying
def apply_import(ctx: AdminContext, parsed: ParsedFile, expect: str | None = None) -> ImportPlan:
    """Write every new and changed procedure in one transaction, or nothing.

    `expect` is the preview's fingerprint: when the catalogue changed since the preview,
    nothing is written and the admin is asked to preview again."""
    with ctx.change() as change:
        plan = plan_import(parsed, ctx.store)
        _write_plan(ctx, change, plan, expect)
    return plan


def apply_plan(ctx: AdminContext, plan: ImportPlan, expect: str | None = None) -> ImportPlan:
    """Write a plan made elsewhere (kiosk.admin.import_worker, against a snapshot), in one
    transaction, once the store is checked to still hold what the plan was made against."""
    with ctx.change() as change:
        if plan.items and not _still_current(plan, ctx.store):
            expect = "stale"
        _write_plan(ctx, change, plan, expect)
    return plan


def _still_current(plan: ImportPlan, store: Store) -> bool:
    if plan.basis is None:
        return False
    current = {row["code"]: row for row in store.procedures(active_only=False)}
    return all(current.get(item.code) == plan.basis.get(item.code) for item in plan.items)


def _write_plan(ctx: AdminContext, change, plan: ImportPlan, expect: str | None) -> None:
    if not plan.ok:
        raise AdminInvalid([{"field": p.column, "reason": f"{p.where()}: {p.reason}",
                             "message": f"{p.where().capitalize()}: {p.message}"} for p in plan.problems])
    if expect is not None and expect != plan.fingerprint:
        from kiosk.core.errors import conflict
        raise conflict("the catalogue changed since the preview (fingerprint differs); preview again",
                       "Danh mục vừa thay đổi sau khi xem trước. Vui lòng xem trước lại.", "fingerprint")
    written = [item for item in plan.items if item.status != "unchanged"]
    rows, audits = plan.writes
    now = ctx.now()
    ctx.store.save_procedures([{**row, "updated_at": now} for row in rows])
    propose_rules(ctx.store, rows, now)
    change.audit_many(audits)
    counts = {s: len(plan.of(s)) for s in ("new", "changed", "unchanged")}
    change.audit("import.apply", "import", plan.name, None,
                 {"file": plan.name, "format": plan.format, **counts, "codes": [item.code for item in written]},
                 summary=f"{plan.name}: {counts['new']} mới, {counts['changed']} thay đổi, "
                         f"{counts['unchanged']} không đổi")
    if written:
        change.event(CATALOGUE_CHANGED, {"codes": [item.code for item in written], "action": "import"})


# ---------------------------------------------------------------------------- helpers
def _problem(incoming: Incoming, column: str | None, reason: str, message: str) -> None:
    incoming.problems.append(Problem(incoming.row, column, reason, message, incoming.cells.get(column)))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _boolean(value: Any, default: bool | None) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = _text(value).lower()
    if not text:
        return default
    return BOOLEAN_WORDS.get(text)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


__all__ = ["FIELDS", "ImportPlan", "Incoming", "ParsedFile", "PlanItem", "Problem", "REQUIRED_COLUMNS",
           "TABLE_COLUMNS", "apply_import", "apply_plan", "plan_import", "read_import"]
