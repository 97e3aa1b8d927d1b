"""`main.py user` and `main.py device`: accounts from the command line, errors as one line."""
import subprocess
import sys

from kiosk import PROJECT_ROOT
from kiosk.core.accounts import verify_password
from kiosk.store import open_store


def cli(*args, stdin=""):
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "main.py"), *args], input=stdin, text=True,
                          capture_output=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_user_add_reads_the_password_from_stdin_and_disable_locks_it(tmp_path):
    db = str(tmp_path / "c.db")
    assert cli("user", "add", "lan", "--role", "admin", "--db", db, stdin="mat-khau-lan\n")[0] == 0
    user = open_store(db).user("lan")
    assert user["role"] == "admin" and verify_password("mat-khau-lan", user["password_hash"])
    assert cli("user", "disable", "lan", "--db", db)[0] == 0
    assert cli("user", "list", "--db", db)[1].strip() == "lan\tadmin\tđã khóa"


def test_refused_input_is_one_line_naming_the_field(tmp_path):
    code, out, err = cli("user", "add", "Bad Name", "--db", str(tmp_path / "c.db"), stdin="mat-khau-lan\n")
    assert code == 2 and err.startswith("Lỗi: username: ") and "Traceback" not in err
    code, _, err = cli("user", "add", "lan", "--db", str(tmp_path / "c.db"), stdin="short\n")
    assert code == 2 and err.startswith("Lỗi: password: ")


def test_device_token_works_once_and_revoke_ends_it(tmp_path):
    db = str(tmp_path / "c.db")
    code, token, err = cli("device", "add", "kiosk-1", "--role", "kiosk", "--print-token", "--db", db)
    assert code == 0 and token.startswith("kiosk.1.")                # its offline series slot
    assert "kiosk-1: dãy số dự phòng (khi mất kết nối) số 1: HT 1600-1699, CT 2600-2699" in err
    from kiosk.core.accounts import token_hash
    assert open_store(db).device_by_token_hash(token_hash(token.strip()))["name"] == "kiosk-1"
    assert cli("device", "revoke", "kiosk-1", "--db", db)[0] == 0
    assert open_store(db).device_by_token_hash(token_hash(token.strip())) is None
    assert "kiosk-1\tmáy lấy số\tđã thu hồi\tdãy số dự phòng 1\tliên lạc lần cuối chưa có" in cli("device", "list", "--db", db)[1]
    assert cli("device", "revoke", "nope", "--db", db)[2].strip() == "Lỗi: Không có thiết bị nào tên nope."
