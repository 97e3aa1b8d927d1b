"""`main.py search`: ranked CODE<TAB>NAME lines, a Vietnamese message and exit 1 when nothing matches."""
import pytest

from kiosk import PROJECT_ROOT
from kiosk.cli import main


def run(capsys, *argv):
    code = main(["search", *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_prints_codes_and_names_best_first(capsys):
    code, lines, _ = run(capsys, "chung thuc ban sao")
    assert code == 0
    assert lines[0] == "2.000815\tChứng thực bản sao từ bản chính giấy tờ, văn bản"
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_words_may_come_as_separate_arguments(capsys):
    assert run(capsys, "khai", "sinh")[1] == run(capsys, "khai sinh")[1]


def test_telex_and_typos_work_from_the_command_line(capsys):
    code, lines, _ = run(capsys, "ddawng kys keets hoon")
    assert code == 0 and lines[0].startswith("1.000894\t")
    code, lines, _ = run(capsys, "khai sih")
    assert code == 0 and lines[0].startswith("1.001193\t")


def test_limit_caps_the_lines(capsys):
    code, lines, _ = run(capsys, "dang ky", "--limit", "2")
    assert code == 0 and len(lines) == 2


def test_a_code_prints_that_procedure(capsys):
    assert run(capsys, "1.001193") == (0, ["1.001193\tĐăng ký khai sinh"], "")


def test_nothing_found_prints_a_message_and_exits_1(capsys):
    assert run(capsys, "xyzzy") == (1, ["Không tìm thấy thủ tục nào."], "")


def test_accepts_config_and_db_options(capsys, tmp_path):
    code, lines, _ = run(capsys, "ket hon", "--config", str(PROJECT_ROOT / "config.yaml"),
                         "--db", str(tmp_path / "centre.db"))
    assert code == 0 and lines[0].startswith("1.000894\t")


def test_a_missing_config_file_is_a_clean_error(capsys, tmp_path):
    code, lines, err = run(capsys, "ket hon", "--config", str(tmp_path / "none.yaml"))
    assert code == 2 and lines == [] and "file not found" in err


@pytest.mark.parametrize("limit", ["0", "-1", "two"])
def test_a_bad_limit_is_refused(capsys, limit):
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "ket hon", "--limit", limit])
    assert exit_info.value.code == 2
    assert "từ 1 trở lên" in capsys.readouterr().err


def test_searches_the_catalogue_the_admin_edited_in_the_database(capsys, tmp_path, config):
    from kiosk.commands.common import open_centre
    import argparse
    db = tmp_path / "centre.db"
    _, store, _ = open_centre(argparse.Namespace(db=str(db), config=None))
    with store.write():
        store.save_procedure({**store.procedure("1.003622"), "name": "Thông báo tổ chức hội làng"})
    store.close()
    code, lines, _ = run(capsys, "hoi lang", "--db", str(db))
    assert code == 0 and lines[0] == "1.003622\tThông báo tổ chức hội làng"


def test_uses_the_synonyms_an_admin_saved_in_the_database(capsys, tmp_path):
    from kiosk.commands.common import open_centre
    import argparse
    db = tmp_path / "centre.db"
    assert run(capsys, "dam hieu", "--db", str(db))[1][:1] != ["1.000656\tĐăng ký khai tử"]
    _, store, _ = open_centre(argparse.Namespace(db=str(db), config=None))
    with store.write():
        store.save_setting("search_synonyms", [{"phrase": "đám hiếu", "means": "khai tử"}], "2026-11-23T08:00", "admin")
    store.close()
    code, lines, _ = run(capsys, "dam hieu", "--db", str(db))
    assert code == 0 and lines[0] == "1.000656\tĐăng ký khai tử"
    assert run(capsys, "sao y", "--db", str(db))[1][:1] != ["2.000815\tChứng thực bản sao từ bản chính giấy tờ, văn bản"]


def test_the_bundled_synonyms_work_from_the_command_line(capsys):
    code, lines, _ = run(capsys, "giấy chứng tử")
    assert code == 0 and lines[0].startswith("1.000656\t")
