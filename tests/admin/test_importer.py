"""Import: the real portal JSON, CSV (UTF-8 with BOM), XLSX, bad files, preview, all-or-nothing apply."""
from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from kiosk.admin.context import AdminInvalid
from kiosk.admin.exporter import export_bytes
from kiosk.admin.import_apply import apply_import
from kiosk.admin.importer import TABLE_COLUMNS, plan_import, read_import

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PORTAL = FIXTURES / "portal" / "2.000815.json"
HEADER = "code,name,field,service,documents,processing_time,fee,guidance,formality_id,most_requested"


def preview(ctx, name: str, content: bytes):
    return plan_import(read_import(name, content), ctx.store)


def csv_bytes(*rows: str, header: str = HEADER, bom: bool = True) -> bytes:
    text = "\r\n".join([header, *rows]) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- the real portal response --------------------------------------------------------------
def test_real_portal_json_maps_its_edge_cases(ctx):
    plan = preview(ctx, "2.000815.json", PORTAL.read_bytes())
    assert plan.ok, plan.problems
    [item] = plan.items
    after = item.after
    assert (item.code, item.status) == ("2.000815", "changed")
    assert after["formality_id"] == "019d2bfd-8e22-77ef-819f-e49460350904"          # data.id
    assert after["processing_time"] == "1 ngày làm việc"                             # from cases[].processingDay
    assert "2.000 đồng/trang" in after["fee"] and "USD" not in after["fee"]         # this centre's fee only
    assert after["fee_other"] == "Tại cơ quan đại diện: 10 USD/bản"                 # the embassy's, kept apart
    assert after["field"] == "Chứng thực"                                            # categoriesDetails
    assert len(after["official_name"]) > 250 and after["official_name"].endswith("cấp hoặc chứng nhận")
    [document] = after["documents"]
    assert document["official_name"].startswith("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực")
    assert len(document["official_name"]) > 300 and "\n" not in document["official_name"]  # legal text, one line
    assert (document["originals"], document["copies"], document["required"]) == (1, 0, False)
    assert after["service"] == "CT" and after["guidance"]   # the small catalogue had none: a general one
    notes = " ".join(item.notes)
    assert "Cổng DVC ghi 2 cách nộp trực tiếp" in notes and "lấy theo từng trường hợp" in notes
    assert "10 USD/bản” do cơ quan khác thu" in notes and "không hiện cho người dân" in notes


def test_portal_notes_use_the_admins_words_not_the_portals_keys(ctx):
    [item] = preview(ctx, "2.000815.json", PORTAL.read_bytes()).items
    notes = " ".join(item.notes)
    for developer_word in ("DIRECT", "OTHER", "processingDay", "executionMethods", "cases[]", "WORKING_DAY"):
        assert developer_word not in notes


def test_portal_import_keeps_the_short_names_the_centre_wrote(full_ctx):
    before = full_ctx.store.procedure("2.000815")
    [item] = preview(full_ctx, "p.json", PORTAL.read_bytes()).items
    assert item.after["name"] == before["name"] == "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
    assert item.after["official_name"].startswith(before["name"] + " do cơ quan, tổ chức có thẩm quyền")
    [document] = item.after["documents"]
    assert document["name"] == before["documents"][0]["name"] and len(document["name"]) < 160
    assert document["name_en"] == before["documents"][0]["name_en"]
    assert len(document["official_name"]) == 384
    assert item.after["guidance"] == before["guidance"] and item.after["name_en"] == before["name_en"]
    assert item.after["most_requested"] is True and item.after["service"] == "CT"
    assert set(item.fields) == {"official_name", "documents", "fee", "fee_other"}


def test_a_reimport_of_the_same_portal_file_changes_nothing(full_ctx):
    apply_import(full_ctx, read_import("p.json", PORTAL.read_bytes()))
    [item] = preview(full_ctx, "p.json", PORTAL.read_bytes()).items
    assert item.status == "unchanged"
    stored = full_ctx.store.procedure("2.000815")
    assert stored["name"] == "Chứng thực bản sao từ bản chính giấy tờ, văn bản" and stored["fee_other"]


def test_a_spreadsheet_edit_of_short_names_keeps_the_official_ones(full_ctx):
    apply_import(full_ctx, read_import("p.json", PORTAL.read_bytes()))
    exported = export_bytes(full_ctx.store, "csv").decode("utf-8-sig")
    edited = exported.replace('2.000815,"Chứng thực bản sao từ bản chính giấy tờ, văn bản",', "2.000815,Chứng thực bản sao,")
    [item] = preview(full_ctx, "thu-tuc.csv", edited.encode("utf-8")).of("changed")
    assert item.fields == ["name"] and item.after["name"] == "Chứng thực bản sao"
    assert len(item.after["documents"][0]["official_name"]) == 384 and item.after["fee_other"]


def test_portal_record_new_to_the_centre_gets_service_from_its_field_and_a_default_guidance(ctx):
    data = json.loads(PORTAL.read_text(encoding="utf-8"))
    data["data"]["code"] = data["data"]["codeNotation"] = "2.000815.000.00.00.H55"
    [item] = preview(ctx, "p.json", json.dumps(data, ensure_ascii=False).encode()).items
    assert item.status == "new" and item.after["service"] == "CT" and item.after["guidance"]
    assert item.after["source"] == "portal snapshot"
    # no short name of its own yet: one derived from the legal title, and a note to check it
    assert item.after["name"] == ("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có "
                                  "thẩm quyền của Việt Nam")
    assert item.after["documents"][0]["name"] == ("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao "
                                                  "và bản sao cần chứng thực")
    assert any(n.startswith("Tên thủ tục: tên chính thức dài") for n in item.notes)


def test_a_list_of_wrapped_and_bare_portal_records_is_accepted(ctx):
    wrapped = json.loads(PORTAL.read_text(encoding="utf-8"))
    bare = copy.deepcopy(wrapped["data"])
    bare["code"], bare["codeNotation"], bare["id"] = None, "1.001193", "019d2bfd-0000-7000-8000-000000000001"
    plan = preview(ctx, "list.json", json.dumps([wrapped, bare], ensure_ascii=False).encode())
    assert plan.ok, plan.problems
    assert [i.code for i in plan.items] == ["2.000815", "1.001193"]   # codeNotation when code is missing
    assert plan.items[1].after["formality_id"] == "019d2bfd-0000-7000-8000-000000000001"


def test_portal_wrapper_around_a_list(ctx):
    wrapped = json.loads(PORTAL.read_text(encoding="utf-8"))
    document = {"code": "OK", "data": [wrapped["data"]], "message": "OK"}
    assert [i.code for i in preview(ctx, "x.json", json.dumps(document).encode()).items] == ["2.000815"]


# -- CSV and XLSX ------------------------------------------------------------------------------
def test_csv_with_bom_and_vietnamese_text(ctx):
    content = csv_bytes(
        '1.001193,Đăng ký khai sinh,Hộ tịch,HT,"Tờ khai đăng ký khai sinh | 1 | 0 | có\nGiấy chứng sinh | 1 | 0 | có",'
        '1 ngày làm việc,Miễn lệ phí,Mang theo giấy chứng sinh.,,có',
        '1.004873,Cấp giấy xác nhận tình trạng hôn nhân,Hộ tịch,HT,Tờ khai | 1 | 0 | có,'
        '3 ngày làm việc,Miễn lệ phí,Ông/bà mang theo căn cước.,,không')
    plan = preview(ctx, "thu-tuc.csv", content)
    assert plan.ok, [p.as_dict() for p in plan.problems]
    changed, new = plan.of("changed"), plan.of("new")
    assert [i.code for i in changed] == ["1.001193"] and changed[0].fields == ["documents", "most_requested"]
    assert changed[0].after["documents"][1] == {"name": "Giấy chứng sinh", "official_name": "", "name_en": "", "originals": 1,
                                                 "copies": 0, "required": True}
    assert [i.code for i in new] == ["1.004873"] and new[0].after["name"] == "Cấp giấy xác nhận tình trạng hôn nhân"
    assert new[0].row == 3


def test_csv_semicolon_separated_and_vietnamese_headers(ctx):
    header = "Mã thủ tục;Tên thủ tục;Lĩnh vực;Dịch vụ;Thành phần hồ sơ;Thời hạn giải quyết;Phí, lệ phí;Hướng dẫn"
    content = csv_bytes("1.004873;Cấp giấy xác nhận tình trạng hôn nhân;Hộ tịch;HT;Tờ khai;3 ngày;Miễn phí;Mang căn cước.",
                        header=header)
    plan = preview(ctx, "a.csv", content)
    assert plan.ok, [p.as_dict() for p in plan.problems]
    assert plan.items[0].after["documents"][0]["name"] == "Tờ khai"


def test_xlsx_generated_with_openpyxl(ctx):
    content = xlsx_bytes([
        HEADER.split(","),
        ["1.001776", "Trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", "XH", "Tờ khai theo mẫu | 1 | 0 | có",
         "20 ngày làm việc", "Không", "Ông/bà mang theo tờ khai.", None, True],
    ])
    plan = preview(ctx, "thu-tuc.xlsx", content)
    assert plan.ok, [p.as_dict() for p in plan.problems]
    [item] = plan.items
    assert item.status == "changed" and item.after["most_requested"] is True and item.after["fee"] == "Không"


def test_xlsx_code_stored_as_a_number_is_named_by_cell(ctx):
    content = xlsx_bytes([HEADER.split(","),
                          [2.00046, "Thủ tục", "Hộ tịch", "HT", "Tờ khai", "1 ngày", "Miễn phí", "Hướng dẫn.", None, None]])
    plan = preview(ctx, "x.xlsx", content)
    [problem] = plan.problems
    assert (problem.row, problem.column, problem.cell) == (2, "code", "A2")
    assert "number" in problem.reason and "Văn bản" in problem.message


# -- bad files: a report naming row and column, nothing changed --------------------------------
def test_wrong_encoding_names_the_line(ctx):
    # Excel's "CSV" (not "CSV UTF-8") on a Windows-1258 machine: "Phí" as 0x50 0x68 0xED.
    content = HEADER.encode() + b"\r\n1.001193,Dang ky khai sinh,Ho tich,HT,To khai,1 ngay,Mi\xean ph\xed,Huong dan.,,\r\n"
    plan = preview(ctx, "ansi.csv", content)
    [problem] = plan.problems
    assert problem.row == 2 and "not UTF-8" in problem.reason and "UTF-8" in problem.message
    assert plan.items == []


def test_missing_columns(ctx):
    plan = preview(ctx, "a.csv", csv_bytes("1.001193,Đăng ký khai sinh", header="code,name"))
    [problem] = plan.problems
    assert problem.row == 1 and problem.column == "field, service, documents, processing_time, fee, guidance"
    assert problem.message.startswith("Thiếu cột bắt buộc")


def test_unknown_column_is_named(ctx):
    plan = preview(ctx, "a.csv", csv_bytes("", header=HEADER + ",ghi_chu"))
    assert any(p.column == "ghi_chu" and p.row == 1 for p in plan.problems)


def test_duplicate_codes_name_both_rows(ctx):
    row = "1.004873,Cấp giấy xác nhận,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Mang căn cước.,,"
    plan = preview(ctx, "a.csv", csv_bytes(row, row))
    [problem] = plan.problems
    assert (problem.row, problem.column) == (3, "code") and "row 2" in problem.reason
    assert "dòng 2" in problem.message


def test_bad_rows_name_row_and_column(ctx):
    plan = preview(ctx, "a.csv", csv_bytes(
        "1.004873,Cấp giấy xác nhận,Hộ tịch,HT,Tờ khai | hai | 0 | có,3 ngày,Miễn phí,Mang căn cước.,,",
        "1.0048,Thủ tục sai mã,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Hướng dẫn.,,",
        "1.004874,Thủ tục,Hộ tịch,ZZ,Tờ khai,3 ngày,,Hướng dẫn.,,có lẽ"))
    where = sorted((p.row, p.column) for p in plan.problems)
    assert where == [(2, "documents"), (3, "code"), (4, "most_requested")]
    assert next(p for p in plan.problems if p.row == 2).message.startswith("Giấy tờ thứ 1: số bản chính")
    plan = preview(ctx, "a.csv", csv_bytes("1.004874,Thủ tục,Hộ tịch,ZZ,Tờ khai,3 ngày,,Hướng dẫn.,,"))
    assert sorted((p.row, p.column) for p in plan.problems) == [(2, "service"), (2, "fee")] or \
        sorted((p.row, p.column) for p in plan.problems) == [(2, "fee"), (2, "service")]


def test_bad_json_names_line_and_column(ctx):
    plan = preview(ctx, "a.json", b'[{"code": "1.001193",\n "name": }]')
    [problem] = plan.problems
    assert problem.row == 2 and "line 2" in problem.reason


def test_not_an_xlsx(ctx):
    plan = preview(ctx, "a.xlsx", b"this is not a workbook")
    assert plan.problems and plan.problems[0].row is None and "XLSX" in plan.problems[0].reason


def test_a_bad_file_changes_nothing_even_when_applied(ctx):
    good = "1.004873,Cấp giấy xác nhận,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Mang căn cước.,,"
    bad = "1.0048,Sai mã,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Hướng dẫn.,,"
    events = ctx.store.last_event_id()
    with pytest.raises(AdminInvalid) as raised:
        apply_import(ctx, read_import("a.csv", csv_bytes(good, bad)))
    assert raised.value.problems[0]["message"].startswith("Dòng 3, cột code")
    assert ctx.store.procedure("1.004873") is None
    assert ctx.store.audit_entries() == [] and ctx.store.last_event_id() == events


# -- preview and apply -------------------------------------------------------------------------
def test_preview_writes_nothing_and_apply_writes_all_with_audit_and_event(ctx):
    content = csv_bytes(
        "1.004873,Cấp giấy xác nhận tình trạng hôn nhân,Hộ tịch,HT,Tờ khai,3 ngày,Miễn lệ phí,Mang căn cước.,,",
        "1.001193,Đăng ký khai sinh,Hộ tịch,HT,Tờ khai đăng ký khai sinh | 1 | 0 | có,"
        "1 ngày làm việc,Miễn lệ phí,Mang theo giấy chứng sinh.,,không")
    plan = preview(ctx, "a.csv", content)
    assert [len(plan.of(s)) for s in ("new", "changed", "unchanged")] == [1, 0, 1]
    assert ctx.store.procedure("1.004873") is None
    applied = apply_import(ctx, read_import("a.csv", content), expect=plan.fingerprint)
    assert applied.fingerprint == plan.fingerprint
    assert ctx.store.procedure("1.004873")["name"] == "Cấp giấy xác nhận tình trạng hôn nhân"
    actions = [e["action"] for e in ctx.store.audit_entries()]
    assert actions == ["import.apply", "procedure.import.create"]
    assert [e["type"] for e in ctx.heard] == ["catalogue.changed"]
    assert json.loads(ctx.heard[0]["data"])["codes"] == ["1.004873"]


def test_apply_is_refused_when_the_catalogue_changed_since_the_preview(ctx):
    from kiosk.core.errors import QueueError
    content = csv_bytes("1.004873,Cấp giấy,Hộ tịch,HT,Tờ khai,3 ngày,Miễn lệ phí,Mang căn cước.,,")
    plan = preview(ctx, "a.csv", content)
    apply_import(ctx, read_import("b.csv", csv_bytes(
        "1.004873,Tên khác,Hộ tịch,HT,Tờ khai,3 ngày,Miễn lệ phí,Mang căn cước.,,")))
    with pytest.raises(QueueError) as raised:
        apply_import(ctx, read_import("a.csv", content), expect=plan.fingerprint)
    assert raised.value.kind == "conflict"
    assert ctx.store.procedure("1.004873")["name"] == "Tên khác"


def test_apply_is_all_or_nothing_when_a_write_fails(ctx, monkeypatch):
    content = csv_bytes("1.004873,Một,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Hướng dẫn.,,",
                        "1.004874,Hai,Hộ tịch,HT,Tờ khai,3 ngày,Miễn phí,Hướng dẫn.,,")
    real, calls = ctx.store.save_procedures, []

    def failing(rows):
        calls.extend(row["code"] for row in rows)
        real(rows[:1])                     # the first row is written, then the disk fills
        raise OSError("disk full")
    monkeypatch.setattr(ctx.store, "save_procedures", failing)
    with pytest.raises(OSError):
        apply_import(ctx, read_import("a.csv", content))
    assert calls == ["1.004873", "1.004874"]
    assert ctx.store.procedure("1.004873") is None and ctx.store.audit_entries() == [] and ctx.heard == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_importing_the_export_changes_nothing(full_ctx, fmt):
    from kiosk.admin.procedures import set_active
    set_active(full_ctx, "1.001193", False)           # retired ones travel too
    content = export_bytes(full_ctx.store, fmt)
    plan = preview(full_ctx, f"export.{fmt}", content)
    assert plan.ok, [p.as_dict() for p in plan.problems]
    assert len(plan.of("unchanged")) == 38 and not plan.of("new") and not plan.of("changed")


def test_csv_export_is_utf8_with_bom_and_documented_columns(full_ctx):
    content = export_bytes(full_ctx.store, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig").splitlines()[0] == ",".join(TABLE_COLUMNS)
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text(encoding="utf-8")
    assert all(f"`{column}`" in docs for column in TABLE_COLUMNS)


def test_edited_export_shows_exactly_the_edit(full_ctx):
    content = export_bytes(full_ctx.store, "csv").decode("utf-8-sig")
    edited = content.replace(",Miễn lệ phí,", ",Lệ phí 8.000 đồng,", 1).encode("utf-8-sig")
    plan = preview(full_ctx, "e.csv", edited)
    [item] = plan.of("changed")
    assert item.fields == ["fee"] and item.after["fee"] == "Lệ phí 8.000 đồng"


def test_after_a_portal_import_the_citizens_leaflet_shows_the_short_name_and_only_this_centres_fee(full_ctx):
    from kiosk.core.centre import procedure_view
    from printers.leaflet import Leaflet
    apply_import(full_ctx, read_import("p.json", PORTAL.read_bytes()))
    view = procedure_view(full_ctx.store.procedure("2.000815"), full_ctx.config)
    texts = [getattr(block, "text", "") for block in Leaflet.from_procedure(view, "Trung tâm").blocks()]
    assert "Chứng thực bản sao từ bản chính giấy tờ, văn bản" in texts
    assert any(t.startswith("Lệ phí: Tại Ủy ban nhân dân cấp xã") for t in texts)
    assert not [t for t in texts if "USD" in t or "cơ quan đại diện" in t or "cấp hoặc chứng nhận" in t]
