"""`main.py install`: the thin command over kiosk/install."""
from __future__ import annotations

from pathlib import Path

from kiosk.cli import main


def test_dry_run_on_this_machine_reads_it_and_changes_nothing(capsys):
    before = Path("/etc/lobby-kiosk").exists()
    assert main(["install", "--role", "server", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "(chạy thử: không có gì thay đổi)"
    assert "sẽ ghi /etc/systemd/system/lobby-kiosk-server.service (0644 root:root)" in out
    assert Path("/etc/lobby-kiosk").exists() == before


def test_prefix_install_then_uninstall(tmp_path, capsys):
    root = tmp_path / "root"
    assert main(["install", "--role", "display", "--server", "http://10.0.0.2:8000", "--prefix", str(root)]) == 0
    assert (root / "etc/systemd/system/lobby-kiosk-display.service").exists()
    assert main(["install", "--role", "display", "--server", "http://10.0.0.2:8000", "--prefix", str(root)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "display: đã cài đúng như kế hoạch; không có gì thay đổi."
    assert main(["install", "--role", "display", "--uninstall", "--prefix", str(root)]) == 0
    assert not (root / "etc/systemd/system/lobby-kiosk-display.service").exists()


def test_wrong_combinations_are_refused_in_one_line(tmp_path, capsys):
    assert main(["install", "--role", "server", "--purge", "--prefix", str(tmp_path)]) == 2
    assert main(["install", "--role", "server", "--token", "t", "--prefix", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines() == ["Lỗi: --purge chỉ dùng cùng --uninstall",
                                                    "Lỗi: --server và --token chỉ dành cho vai trò kiosk và display"]
