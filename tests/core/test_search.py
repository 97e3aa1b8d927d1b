"""Kiosk search: Telex, ranking on the shipped catalogue, typos, prefixes, codes, fillers and synonyms."""
import pytest

from kiosk.core.catalogue import Procedure, load_catalogue
from kiosk.core.search import fold, search, telex_to_vietnamese
from kiosk.core.synonyms import Synonym

CATALOGUE = load_catalogue()


def codes(query, procedures=CATALOGUE, limit=10):
    return [p.code for p in search(procedures, query, limit)]


def make(code, name, field="Hộ tịch", most_requested=False, active=True, guidance="Ông/bà mang theo căn cước."):
    return Procedure(code=code, name=name, field=field, service="HT", guidance=guidance,
                     most_requested=most_requested, active=active)


# --- Telex -------------------------------------------------------------------------------

@pytest.mark.parametrize("keys, text", [
    ("chuwngs thuwcj", "chứng thực"),
    ("ddawng kys khai sinh", "đăng ký khai sinh"),
    ("keets hoon", "kết hôn"),
    ("dduowngf", "đường"),
    ("nguwowif", "người"),
    ("hoaf binhf", "hòa bình"),
    ("hoawcj", "hoặc"),
    ("giuwax", "giữa"),
    ("quaf", "quà"),
    ("thuyeenf", "thuyền"),
    ("trowj caaps", "trợ cấp"),
    ("nhw", "như"),
    ("w", "ư"),
    ("asz", "a"),
    ("Chuwngs", "Chứng"),
    ("HOOJ", "HỘ"),
])
def test_telex_words(keys, text):
    assert telex_to_vietnamese(keys) == text


@pytest.mark.parametrize("text", ["search", "wifi", "hello world", "1.001193", "khai sinh", "chứng thực", "xyzzy"])
def test_non_telex_text_passes_through_unchanged(text):
    assert telex_to_vietnamese(text) == text


def test_telex_keeps_digits_and_punctuation_around_words():
    assert telex_to_vietnamese("(chuwngs) 2 bans") == "(chứng) 2 bán"


# --- ranking on the shipped catalogue -------------------------------------------------

@pytest.mark.parametrize("query, first", [
    ("chung thuc ban sao", "2.000815"),
    ("Chứng thực bản sao", "2.000815"),
    ("khai sinh", "1.001193"),
    ("ket hon", "1.000894"),
    ("kết hôn", "1.000894"),
    ("ho kinh doanh", "1.001612"),
    ("khai tu", "1.000656"),
    ("xac nhan tinh trang hon nhan", "1.004873"),
    ("chung thuc chu ky", "2.000884"),
    ("hoa giai tranh chap dat dai", "1.012812"),
    ("le hoi", "1.003622"),
])
def test_the_right_procedure_comes_first(query, first):
    assert codes(query)[0] == first


def test_birth_registration_ranks_before_its_re_registration():
    found = codes("khai sinh")
    assert found.index("1.001193") < found.index("1.004884")


def test_household_business_query_returns_only_household_business_procedures_first():
    top = search(CATALOGUE, "ho kinh doanh", limit=5)
    assert [p.field for p in top] == ["Hộ kinh doanh"] * 5


@pytest.mark.parametrize("code", ["1.001193", "2.000815", "1.012812"])
def test_a_full_code_finds_exactly_that_procedure(code):
    assert codes(code) == [code]


def test_a_code_prefix_finds_the_procedures_starting_with_it():
    found = codes("2.0008", limit=50)
    assert found and all(code.startswith("2.0008") for code in found)
    assert {"2.000815", "2.000884"} <= set(found)


# --- typos, prefixes, Telex in the query ----------------------------------------------

@pytest.mark.parametrize("query, first", [
    ("chung thu ban sao", "2.000815"),
    ("khai sih", "1.001193"),
    ("khai snih", "1.001193"),
    ("dang ky ket hn", "1.000894"),
    ("kha sinh", "1.001193"),
    ("ket ho", "1.000894"),
    ("chuwngs thuwcj banr sao", "2.000815"),
    ("ddawng kys keets hoon", "1.000894"),
])
def test_typos_prefixes_and_telex(query, first):
    assert codes(query)[0] == first


def test_last_word_may_be_half_typed():
    top = search(CATALOGUE, "chung th", limit=5)
    assert top and all(fold(p.name).startswith("chung thuc") for p in top)


def test_a_single_letter_already_gives_suggestions():
    assert codes("k")


def test_a_word_far_from_everything_finds_nothing():
    assert codes("xyzzy") == []


@pytest.mark.parametrize("query", ["", "   ", "!!!", "—"])
def test_empty_query_gives_nothing(query):
    assert search(CATALOGUE, query) == []


def test_limit_is_respected():
    assert len(search(CATALOGUE, "dang ky", limit=3)) == 3
    assert search(CATALOGUE, "dang ky", limit=0) == []


# --- behaviour on a small catalogue ---------------------------------------------------

def test_name_match_beats_a_match_only_in_guidance():
    procedures = [make("1.000001", "Thủ tục A", guidance="Ông/bà mang theo giấy khai sinh."),
                  make("1.000002", "Đăng ký khai sinh")]
    assert codes("khai sinh", procedures) == ["1.000002", "1.000001"]


def test_procedures_missing_a_query_word_are_dropped_when_others_have_all_words():
    procedures = [make("1.000001", "Đăng ký khai tử"), make("1.000002", "Đăng ký khai sinh")]
    assert codes("dang ky khai sinh", procedures) == ["1.000002"]


def test_best_partial_matches_are_shown_when_nothing_has_every_word():
    procedures = [make("1.000001", "Đăng ký khai tử"), make("1.000002", "Chứng thực chữ ký")]
    assert codes("khai tu xyzzy", procedures) == ["1.000001"]


def test_ties_go_to_most_requested_then_name():
    procedures = [make("1.000003", "Đăng ký B"), make("1.000002", "Đăng ký A"),
                  make("1.000001", "Đăng ký C", most_requested=True)]
    assert codes("dang ky", procedures) == ["1.000001", "1.000002", "1.000003"]


def test_inactive_procedures_are_never_found():
    procedures = [make("1.000001", "Đăng ký khai sinh", active=False), make("1.000002", "Đăng ký lại khai sinh")]
    assert codes("khai sinh", procedures) == ["1.000002"]
    assert codes("1.000001", procedures) == []


def test_field_matches_when_the_name_does_not():
    procedures = [make("1.000001", "Thủ tục A", field="Chứng thực"), make("1.000002", "Thủ tục B")]
    assert codes("chung thuc", procedures) == ["1.000001"]


def test_results_are_deterministic():
    assert codes("dang ky") == codes("dang ky") == codes("Đăng ký")


def test_words_in_the_order_of_the_name_beat_a_shorter_name_with_the_words_scattered():
    procedures = [make("1.000001", "Cấp bản sao có chứng thực"),
                  make("1.000002", "Chứng thực bản sao từ bản chính giấy tờ")]
    assert codes("chung thuc ban sao", procedures) == ["1.000002", "1.000001"]


@pytest.mark.parametrize("query", ["khai sih", "khai snih", "kahi sinh", "khai sinhh"])
def test_one_typo_per_word_still_matches_every_word(query):
    procedures = [make("1.000001", "Đăng ký khai tử"), make("1.000002", "Đăng ký khai sinh")]
    assert codes(query, procedures) == ["1.000002"]


def test_short_words_do_not_get_typo_tolerance():
    procedures = [make("1.000001", "Đăng ký khai tử"), make("1.000002", "Đăng ký khai sinh")]
    # "tx" is not taken as a typo of "tu": both stay partial matches, ordered by name.
    assert codes("khai tx", procedures) == ["1.000002", "1.000001"]


def test_telex_query_finds_what_plain_keys_cannot():
    procedures = [make("1.000001", "Chứng thực chữ ký"), make("1.000002", "Đăng ký khai sinh")]
    assert codes("chuwngs thuwcj", procedures) == ["1.000001"]


def test_typo_query_on_the_shipped_catalogue_leaves_out_other_procedures():
    found = codes("khai sih", limit=50)
    assert found[0] == "1.001193"
    assert "1.000656" not in found  # khai tử matches "khai" only


# --- i/y, fillers, synonyms -------------------------------------------------------------

@pytest.mark.parametrize("query", ["đăng kí khai sinh", "dang ki khai sinh", "ĐĂNG KÍ KHAI SINH"])
def test_i_and_y_are_the_same_letter_at_the_end_of_a_syllable(query):
    assert codes(query)[0] == "1.001193"


def test_filler_words_do_not_outrank_the_procedures_own_words():
    procedures = [make("1.000001", "Đăng ký khai sinh"),
                  make("1.000002", "Đăng ký khai sinh cho người đã có giấy tờ"),
                  make("1.000003", "Đăng ký nhận cha, mẹ, con")]
    assert codes("làm giấy khai sinh cho con", procedures, limit=1) == ["1.000001"]


def test_a_query_of_fillers_alone_still_finds_something():
    procedures = [make("1.000001", "Đăng ký nhận cha, mẹ, con"), make("1.000002", "Đăng ký kết hôn")]
    assert codes("con", procedures) == ["1.000001"]


def test_a_rare_word_counts_for_more_than_a_common_one():
    procedures = [make("1.000001", "Đăng ký lại kết hôn"), make("1.000002", "Đăng ký lại khai sinh"),
                  make("1.000003", "Đăng ký giám hộ")]
    # "giám" is in one name, "lại" in two: the rare word decides
    assert codes("lai giam", procedures, limit=1) == ["1.000003"]


def test_a_synonym_rule_leads_to_the_procedure_it_names():
    procedures = [make("1.000001", "Đăng ký khai tử"), make("1.000002", "Chứng thực bản sao từ bản chính")]
    rules = [Synonym("giấy chứng tử", "khai tử")]
    assert codes_with("giấy chứng tử", procedures, rules)[0] == "1.000001"
    assert codes_with("giấy chứng tử", procedures, ())[0] == "1.000002"   # without it: "chứng", "từ"


def test_the_longest_rule_wins_where_two_start_together():
    procedures = [make("1.000001", "Chứng thực bản sao"), make("1.000002", "Chứng thực hợp đồng")]
    rules = [Synonym("công chứng", "chứng thực bản sao"), Synonym("công chứng hợp đồng", "chứng thực hợp đồng")]
    assert codes_with("cong chung hop dong", procedures, rules)[0] == "1.000002"
    assert codes_with("cong chung", procedures, rules)[0] == "1.000001"


def test_a_rule_needs_the_exact_words_not_one_letter_off():
    procedures = [make("1.000001", "Đăng ký kết hôn"), make("1.000002", "Chứng thực văn bản từ chối nhận di sản")]
    rules = [Synonym("cưới", "kết hôn")]
    assert codes_with("tu choi nhan di san", procedures, rules)[0] == "1.000002"   # "chối" is not "cưới"


def test_the_bundled_rules_are_used_when_none_are_given():
    assert codes("sao y")[0] == "2.000815"
    assert codes_with("sao y", CATALOGUE, ())[:1] != ["2.000815"]


def codes_with(query, procedures, rules, limit=10):
    return [p.code for p in search(procedures, query, limit, synonyms=rules)]
