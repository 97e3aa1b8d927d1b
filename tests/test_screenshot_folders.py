"""Test runs never write into the project: screenshots go to a temp folder unless
scripts/screenshots.sh points SCREENSHOT_DIR at docs/ on purpose."""
from kiosk import PROJECT_ROOT
from tests.conftest import image_folder


def test_screenshots_default_to_a_folder_outside_the_project(tmp_path_factory, monkeypatch):
    monkeypatch.delenv("SCREENSHOT_DIR", raising=False)
    folder = image_folder(tmp_path_factory, "screens")
    assert folder.is_dir() and not folder.resolve().is_relative_to(PROJECT_ROOT.resolve())


def test_screenshot_dir_chooses_the_folder_per_kind(tmp_path, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("SCREENSHOT_DIR", str(tmp_path / "docs"))
    assert image_folder(tmp_path_factory, "screens") == tmp_path / "docs" / "screens"
    assert image_folder(tmp_path_factory, "reports").is_dir()
