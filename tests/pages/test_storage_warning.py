"""Free disk space below the configured threshold is shown on the staff console and on the
admin page listing the devices (real browser, real server)."""
from types import SimpleNamespace

import pytest
import yaml

from kiosk import PROJECT_ROOT
from tests.pages.test_admin_pages import signed_in
from tests.pages.test_staff_page import open_console
from tests.support import Browser, LiveServer, prepared_live_db, run_cli

pytestmark = pytest.mark.browser


def test_low_disk_space_is_shown_to_staff_and_admins(tmp_path):
    db, _, _ = prepared_live_db(tmp_path)
    run_cli("user", "add", "admin", "--role", "admin", stdin="mat-khau-admin\n", db=db)
    settings = yaml.safe_load((PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8"))
    settings["server"]["storage_warn_free_mb"] = 10**6              # more than any test machine's disk
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    errors = []
    with LiveServer(db, config=config) as server, Browser() as browser:
        console = open_console(browser, server, 1, errors)
        console.wait_for_selector("#storage-warning:not([hidden])")
        assert "Ổ đĩa của máy chủ sắp đầy" in console.text_content("#storage-warning")

        admin = signed_in(SimpleNamespace(browser=browser, url=server.url), target="/admin/users")
        admin.wait_for_selector("#storage-warning:not([hidden])")
        assert "ngưỡng cảnh báo 1000000 MB" in admin.text_content("#storage-warning")
    assert errors == []
