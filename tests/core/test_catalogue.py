"""The shipped catalogue and the catalogue module: records, validation, loading, portal links."""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from kiosk import ASSETS, PROJECT_ROOT
from kiosk.config import load_config
from kiosk.core.catalogue import (
    CatalogueError,
    Document,
    Procedure,
    find_procedure,
    load_catalogue,
    portal_url,
    validate_catalogue,
    validate_code,
    validate_procedure,
)

CATALOGUE_PATH = ASSETS / "procedures.json"
RAW = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
CONFIG = load_config(PROJECT_ROOT / "config.yaml")
PORTAL_SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "portal-2.000815.json"

# DESIGN.md section 2: procedures whose processing time is "?" there.
UNKNOWN_TIME_IN_DESIGN = ["1.000689", "2.001019", "2.001016", "1.001776", "1.001731", "1.001699",
                          "1.011606", "1.010833", "1.001266"]
# DESIGN.md section 2: procedures whose fee is set by the provincial council (HĐND).
HDND_FEE_IN_DESIGN = ["1.004746", "1.004873", "1.004859", "1.001022", "1.000689", "1.004884",
                      "1.005461", "1.001612", "2.000720"]
DESIGN_CODES = ["1.001193", "1.000656", "1.000894", "1.004746", "1.004873", "1.004859", "1.001022",
                "1.000689", "1.004884", "1.005461", "1.004837", "2.000635", "2.000815", "2.000884",
                "2.001019", "2.001016", "1.001776", "1.001731", "1.001699", "1.011606", "1.010833",
                "1.001612", "2.000720", "1.001570", "1.001266", "1.003622", "1.012812"]


def minimal_record(**changes):
    record = {
        "code": "1.001193", "name": "Đăng ký khai sinh", "name_en": "Birth registration",
        "field": "Hộ tịch", "service": "HT", "level": "commune",
        "documents": [{"name": "Tờ khai", "name_en": "Form", "originals": 1, "copies": 0, "required": True}],
        "processing_time": "1 ngày làm việc", "fee": "Miễn lệ phí", "guidance": "Ông/bà mang theo giấy chứng sinh.",
        "formality_id": None, "most_requested": False, "source": "unknown", "active": True,
    }
    record.update(changes)
    return record


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from all_strings(item)


# --- the shipped catalogue -------------------------------------------------------------

def test_catalogue_has_at_least_30_procedures():
    assert len(load_catalogue()) >= 30


def test_catalogue_file_passes_validation_against_config_services():
    service_ids = [s.id for s in CONFIG.services]
    assert validate_catalogue(RAW, service_ids) == []


def test_every_code_is_a_valid_unique_string():
    codes = [record["code"] for record in RAW]
    assert all(isinstance(code, str) for code in codes)
    assert [validate_code(code) for code in codes] == [None] * len(codes)
    assert len(set(codes)) == len(codes)


def test_every_design_table_code_is_present():
    codes = {record["code"] for record in RAW}
    assert set(DESIGN_CODES) <= codes


def test_service_matches_the_config_service_that_serves_the_field():
    service_of_field = {name: s.id for s in CONFIG.services for name in s.fields}
    wrong = [(r["code"], r["field"], r["service"]) for r in RAW if service_of_field.get(r["field"]) != r["service"]]
    assert wrong == []


def test_every_service_of_the_config_has_a_procedure():
    assert {s.id for s in CONFIG.services} <= {r["service"] for r in RAW}


def test_all_text_is_nfc():
    not_nfc = [s for s in all_strings(RAW) if unicodedata.normalize("NFC", s) != s]
    assert not_nfc == []


def test_most_requested_flags_match_config():
    flagged = {r["code"] for r in RAW if r["most_requested"]}
    assert flagged == set(CONFIG.kiosk.most_requested)


def test_unknown_processing_times_hold_no_invented_number():
    by_code = {r["code"]: r for r in RAW}
    for code in UNKNOWN_TIME_IN_DESIGN:
        record = by_code[code]
        assert not re.search(r"\d", record["processing_time"] + record["processing_time_en"]), code
        assert record["source"] == "unknown", code


def test_records_marked_unknown_hold_no_invented_number():
    # Only the fees DESIGN.md takes from the law may carry a number in an "unknown" record.
    fees_from_law = {"2.001019", "2.001016"}
    for record in RAW:
        if record["source"] != "unknown":
            continue
        assert not re.search(r"\d", record["processing_time"]), record["code"]
        if record["code"] not in fees_from_law:
            assert not re.search(r"\d", record["fee"]), record["code"]


def test_council_fees_are_text_not_numbers():
    by_code = {r["code"]: r for r in RAW}
    for code in HDND_FEE_IN_DESIGN:
        assert "HĐND" in by_code[code]["fee"], code
        assert not re.search(r"\d", by_code[code]["fee"]), code


def test_certified_copy_facts_match_the_design_table():
    record = {r["code"]: r for r in RAW}["2.000815"]
    assert record["formality_id"] == "019d2bfd-8e22-77ef-819f-e49460350904"
    assert record["fee"].startswith("2.000 đồng/trang") and "tối đa 200.000 đồng/bản" in record["fee"]
    assert record["processing_time"] == "1 ngày làm việc"
    assert record["source"] == "portal snapshot"


def test_certified_copy_matches_the_real_portal_record():
    portal = json.loads(PORTAL_SAMPLE.read_text(encoding="utf-8"))["data"]
    record = {r["code"]: r for r in RAW}[portal["code"]]
    assert record["formality_id"] == portal["id"]
    assert portal["cases"][0]["processingDay"] == {"qty": 1, "type": "WORKING_DAY"}
    assert f"{portal['executionMethods'][0]['fees'][0]['value']:,}".replace(",", ".") in record["fee"]


def test_guidance_is_short_enough_to_read_aloud():
    for record in RAW:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", record["guidance"].strip()) if s]
        assert 2 <= len(sentences) <= 4, (record["code"], len(sentences))
        assert record["guidance_en"], record["code"]


def test_every_procedure_lists_documents_with_english_names():
    for record in RAW:
        assert record["documents"], record["code"]
        assert all(d["name_en"] for d in record["documents"]), record["code"]


# --- validate_code ----------------------------------------------------------------------

@pytest.mark.parametrize("code", ["1.001193", "2.000460", "1.012753.H19", "2.000815.000.00.00.H55", "2.000815.01"])
def test_valid_codes(code):
    assert validate_code(code) is None


@pytest.mark.parametrize("code", [2.00046, 1001193, 2.000460])
def test_numbers_are_rejected_with_a_reason_about_numbers(code):
    reason = validate_code(code)
    assert reason and "number" in reason and "string" in reason


@pytest.mark.parametrize("code, words", [
    ("2.00046", "5 digits"),
    ("", "empty"),
    (" 1.001193", "spaces"),
    ("1001193", "portal format"),
    ("1.001193.", "portal format"),
    ("1.001193 H19", "portal format"),
    (None, "NoneType"),
    (True, "bool"),
])
def test_invalid_codes_give_a_precise_reason(code, words):
    reason = validate_code(code)
    assert reason is not None and words in reason


# --- validate_procedure / validate_catalogue -------------------------------------------

def test_a_good_record_has_no_problems():
    assert validate_procedure(minimal_record(), service_ids=["HT"]) == []


def test_missing_required_fields_are_named():
    record = minimal_record()
    del record["name"], record["guidance"]
    fields = {name for name, _ in validate_procedure(record)}
    assert fields == {"name", "guidance"}


def test_numeric_code_is_reported_on_the_code_field():
    problems = validate_procedure(minimal_record(code=2.00046))
    assert [name for name, _ in problems] == ["code"]


@pytest.mark.parametrize("bad", [-1, 1.5, "2", True, None])
def test_document_counts_must_be_non_negative_whole_numbers(bad):
    record = minimal_record(documents=[{"name": "Tờ khai", "originals": bad, "copies": 0, "required": True}])
    assert [name for name, _ in validate_procedure(record)] == ["documents[0].originals"]


def test_unknown_service_level_source_formality_and_keys_are_reported():
    record = minimal_record(service="ZZ", level="village", source="rumour", formality_id="not-a-uuid", colour="red")
    fields = {name for name, _ in validate_procedure(record, service_ids=["HT", "CT"])}
    assert fields == {"service", "level", "source", "formality_id", "colour"}


def test_portal_url_from_the_api_is_accepted():
    assert validate_procedure(minimal_record(portal_url="https://example.org")) == []


def test_duplicate_codes_are_reported_with_both_positions():
    problems = validate_catalogue([minimal_record(), minimal_record(code="2.000815"), minimal_record()])
    assert problems == [("[2].code", "'1.001193' is used twice (first at [0])")]


def test_catalogue_problems_carry_the_index():
    problems = validate_catalogue([minimal_record(), minimal_record(code="2.000815", fee="")])
    assert problems == [("[1].fee", "must not be empty")]


def test_catalogue_must_be_a_list():
    assert validate_catalogue({"code": "1.001193"})[0][1].startswith("the catalogue must be a list")


# --- Procedure, loading and links ------------------------------------------------------

def test_round_trip_keeps_the_contract_shape():
    record = minimal_record(name_en="Birth registration", processing_time_en="", fee_en="", guidance_en="",
                            official_name="", fee_other="")
    record["documents"][0]["official_name"] = ""
    procedure = Procedure.from_dict(record)
    assert procedure.documents == (Document("Tờ khai", "Form", 1, 0, True),)
    assert procedure.to_dict() == record


def test_a_procedure_keeps_its_official_name_and_another_authoritys_fee_apart():
    record = minimal_record(official_name="Thủ tục đăng ký khai sinh (tên đầy đủ theo Cổng DVC)",
                            fee_other="Tại cơ quan đại diện: 10 USD/bản")
    record["documents"][0]["official_name"] = "Tờ khai đăng ký khai sinh theo mẫu quy định"
    procedure = Procedure.from_dict(record)
    assert (procedure.name, procedure.fee) == ("Đăng ký khai sinh", "Miễn lệ phí")
    assert procedure.documents[0].name == "Tờ khai"
    assert procedure.to_dict()["documents"][0]["official_name"] == "Tờ khai đăng ký khai sinh theo mẫu quy định"
    assert validate_procedure({**record, "fee_other": 10}) == [("fee_other", "must be text, got int")]


def test_from_dict_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert Procedure.from_dict(minimal_record(name=decomposed)).name == "Đăng ký khai sinh"


def test_from_dict_rejects_an_invalid_record():
    with pytest.raises(CatalogueError, match="code"):
        Procedure.from_dict(minimal_record(code=1.001193))


def test_load_catalogue_names_the_file_and_the_problem(tmp_path):
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps([minimal_record(code=2.00046)]), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    assert str(path) in str(error.value) and "[0].code" in str(error.value)


def test_load_catalogue_reports_a_missing_file(tmp_path):
    with pytest.raises(CatalogueError, match="file not found"):
        load_catalogue(tmp_path / "nothing.json")


def test_load_catalogue_rejects_unknown_services(tmp_path):
    path = tmp_path / "procedures.json"
    path.write_text(json.dumps([minimal_record(service="QQ")]), encoding="utf-8")
    with pytest.raises(CatalogueError, match="unknown service 'QQ'"):
        load_catalogue(path, service_ids=["HT"])


def test_find_procedure_by_code():
    procedures = load_catalogue()
    assert find_procedure(procedures, "2.000815").field == "Chứng thực"
    assert find_procedure(procedures, "9.999999") is None


def test_portal_url_uses_the_formality_page_when_known():
    procedure = Procedure.from_dict(minimal_record(formality_id="019d2bfd-8e22-77ef-819f-e49460350904"))
    url = portal_url(procedure, CONFIG.server.portal_page_template, CONFIG.server.portal_search_template)
    assert url == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-8e22-77ef-819f-e49460350904"


def test_portal_url_falls_back_to_search_by_code():
    record = minimal_record(code="1.012753.H19")
    url = portal_url(record, CONFIG.server.portal_page_template, CONFIG.server.portal_search_template)
    assert url == "https://dichvucong.gov.vn/p/home/dvc-tim-kiem-thu-tuc.html?keyword=1.012753.H19"
