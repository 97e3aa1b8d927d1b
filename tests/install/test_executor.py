"""Installing each role into a --prefix root: the tree, modes and owners; idempotent; dry run;
uninstall keeps the data unless purged."""
from __future__ import annotations

import pytest

from kiosk.config import load_config

SERVICE = ("lobby-kiosk", "lobby-kiosk")
ROOT = ("root", "root")
CONFIG_GROUP = ("root", "lobby-kiosk")


def test_server_install_makes_the_tree_with_careful_modes_and_owners(machine):
    machine.install("server")
    assert machine.tree() >= {"/etc/lobby-kiosk", "/etc/lobby-kiosk/config.yaml", "/var/lib/lobby-kiosk",
                              "/etc/systemd/system/lobby-kiosk-server.service", "/etc/lobby-kiosk/installed/server.json"}
    assert (machine.mode("/etc/lobby-kiosk"), machine.owner("/etc/lobby-kiosk")) == (0o750, CONFIG_GROUP)
    assert (machine.mode("/etc/lobby-kiosk/config.yaml"), machine.owner("/etc/lobby-kiosk/config.yaml")) == \
        (0o640, CONFIG_GROUP)
    assert (machine.mode("/var/lib/lobby-kiosk"), machine.owner("/var/lib/lobby-kiosk")) == (0o750, SERVICE)
    unit = "/etc/systemd/system/lobby-kiosk-server.service"
    assert (machine.mode(unit), machine.owner(unit)) == (0o644, ROOT)
    assert machine.mode("/etc/lobby-kiosk/installed/server.json") == 0o600
    config = load_config(machine.path("/etc/lobby-kiosk/config.yaml"))
    assert config.speech.cache_dir == "/var/lib/lobby-kiosk/cache/speech"   # the project folder is read-only
    assert config.speech.output_dir == "/var/lib/lobby-kiosk/speech-out"
    system = machine.system
    assert system.users["lobby-kiosk"] == {"home": "/var/lib/lobby-kiosk", "groups": []}
    assert "espeak-ng" in system.packages and system.is_enabled("lobby-kiosk-server.service")


def test_kiosk_install_keeps_the_token_and_pin_for_root_only(machine):
    lines = machine.install("kiosk", server="http://192.168.1.10:8000", token="tok-123")
    assert machine.path("/etc/lobby-kiosk/kiosk.token").read_text() == "tok-123\n"
    for secret in ("/etc/lobby-kiosk/kiosk.token", "/etc/lobby-kiosk/staff-pin"):
        assert (machine.mode(secret), machine.owner(secret)) == (0o600, ROOT)
    pin = machine.path("/etc/lobby-kiosk/staff-pin").read_text().strip()
    assert len(pin) == 6 and pin.isdigit() and any(pin in line for line in lines)   # told once, at install
    assert not any("tok-123" in line for line in lines)
    assert machine.path("/etc/X11/xorg.conf.d/50-lobby-kiosk.conf").read_text().count('"0"') == 4
    system = machine.system
    assert system.users["lobby-kiosk"]["groups"] == ["audio", "input", "video"]
    assert {"xinit", "matchbox-window-manager", "xserver-xorg-core"} <= set(system.packages)
    assert system.is_enabled("lobby-kiosk-kiosk.service") and not system.is_enabled("getty@tty1.service")


@pytest.mark.parametrize("role", ["server", "kiosk", "display"])
def test_a_second_install_changes_nothing_and_says_so(machine, role):
    machine.install(role)
    stamps = {p: machine.path(p).stat().st_mtime_ns for p in machine.tree()}
    assert machine.install(role) == [f"{role}: đã cài đúng như kế hoạch; không có gì thay đổi."]
    assert {p: machine.path(p).stat().st_mtime_ns for p in machine.tree()} == stamps
    assert machine.system.calls == []


def test_dry_run_prints_the_plan_and_changes_nothing(machine):
    lines = machine.install("display", dry_run=True, server="http://10.0.0.2:8000")
    assert lines[-1] == "(chạy thử: không có gì thay đổi)"
    assert "sẽ ghi /etc/systemd/system/lobby-kiosk-display.service (0644 root:root)" in lines
    assert "sẽ tạo người dùng hệ thống lobby-kiosk (thư mục nhà /var/lib/lobby-kiosk, không đăng nhập được)" in lines
    assert not machine.root.exists()


def test_a_reinstall_repairs_modes_and_new_options_but_keeps_the_admins_config(machine):
    machine.install("kiosk", server="http://10.0.0.2:8000")
    machine.path("/etc/lobby-kiosk/config.yaml").write_text("# edited by the admin\n")
    machine.path("/var/lib/lobby-kiosk").chmod(0o777)
    lines = machine.install("kiosk", server="http://10.0.0.9:8000")
    assert "đặt /var/lib/lobby-kiosk/: quyền 0750" in lines
    assert "cập nhật /etc/systemd/system/lobby-kiosk-kiosk.service: nội dung mới" in lines
    assert machine.mode("/var/lib/lobby-kiosk") == 0o750
    assert "--server http://10.0.0.9:8000" in machine.unit("kiosk")["Service"]["ExecStart"][0]
    assert machine.path("/etc/lobby-kiosk/config.yaml").read_text() == "# edited by the admin\n"


def test_uninstall_removes_what_it_made_and_keeps_the_data_and_config(machine):
    machine.install("kiosk", token="t")
    machine.path("/var/lib/lobby-kiosk/kiosk.db").write_text("journal")
    lines = machine.uninstall("kiosk")
    assert machine.tree() == {"/etc", "/etc/lobby-kiosk", "/etc/lobby-kiosk/config.yaml", "/etc/systemd",
                              "/etc/systemd/system", "/etc/X11", "/var", "/var/lib", "/var/lib/lobby-kiosk",
                              "/var/lib/lobby-kiosk/kiosk.db"}
    assert "giữ lại /var/lib/lobby-kiosk (--purge sẽ xóa)" in lines
    system = machine.system
    assert not system.is_enabled("lobby-kiosk-kiosk.service") and system.is_enabled("getty@tty1.service")
    assert "lobby-kiosk" in system.users                     # still owns the data
    assert machine.uninstall("kiosk") == ["kiosk: chưa được cài ở máy này (không có /etc/lobby-kiosk/installed/kiosk.json); "
                                          "không có gì thay đổi."]


def test_purge_of_the_last_role_removes_data_config_and_user_but_not_while_another_role_uses_them(machine):
    machine.install("server")
    machine.install("display")
    machine.path("/var/lib/lobby-kiosk/centre.db").write_text("db")
    machine.uninstall("server", purge=True)
    assert machine.path("/var/lib/lobby-kiosk/centre.db").exists() and "lobby-kiosk" in machine.system.users
    assert not machine.path("/etc/systemd/system/lobby-kiosk-server.service").exists()
    machine.uninstall("display", purge=True)
    assert not machine.path("/var/lib/lobby-kiosk").exists() and not machine.path("/etc/lobby-kiosk").exists()
    assert machine.system.users == {}


def test_a_step_failing_midway_still_leaves_a_manifest_so_uninstall_cleans_up(machine):
    import subprocess

    from kiosk.install import executor
    from kiosk.install.actions import Context
    from kiosk.install.plan import build_plan
    from kiosk.install.system import RecordingSystem

    class NoSystemd(RecordingSystem):
        def systemctl(self, *args):
            raise subprocess.CalledProcessError(1, ["systemctl", *args])

    system = NoSystemd(machine.root / ".lobby-kiosk-system.json")
    with pytest.raises(subprocess.CalledProcessError):
        executor.install(build_plan("server", machine.layout), Context(system, machine.root), machine.layout)
    assert machine.path("/etc/systemd/system/lobby-kiosk-server.service").exists()
    assert machine.path("/etc/lobby-kiosk/installed/server.json").exists()
    machine.uninstall("server", purge=True)
    assert machine.tree() == {"/etc", "/etc/systemd", "/etc/systemd/system", "/var", "/var/lib"}
