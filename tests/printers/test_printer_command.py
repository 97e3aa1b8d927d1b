"""`python main.py printer test` (kiosk/commands/printer.py)."""
import yaml

from kiosk.cli import main
from kiosk.config import DEFAULT_CONFIG_PATH
from printers.stream import parse, qr_payloads


def config_with(tmp_path, **printer):
    raw = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    raw["printer"].update(printer)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_output_and_preview_write_files_at_the_chosen_width(tmp_path, capsys):
    output, preview = tmp_path / "job.bin", tmp_path / "job.png"
    assert main(["printer", "test", "--output", str(output), "--preview", str(preview), "--width", "58"]) == 0
    commands = parse(output.read_bytes())
    assert max(c.width for c in commands if c.name == "raster") <= 384
    assert qr_payloads(commands) == [b"http://127.0.0.1:8000/t/in-thu"]
    assert preview.read_bytes().startswith(b"\x89PNG")
    said = capsys.readouterr().out
    assert "58 mm" in said and str(output) in said and str(preview) in said


def test_dummy_backend_says_nothing_went_to_paper(capsys):
    assert main(["printer", "test"]) == 0
    assert "không có gì ra giấy" in capsys.readouterr().out


def test_dummy_backend_in_english_on_request(capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_LANG", "en")
    assert main(["printer", "test"]) == 0
    assert "The backend is 'dummy': nothing went to paper" in capsys.readouterr().out


def test_file_backend_prints(tmp_path, capsys):
    target = tmp_path / "lp0"
    assert main(["printer", "test", "--config", config_with(tmp_path, backend="file", file={"path": str(target)})]) == 0
    assert parse(target.read_bytes())[-1].name == "cut"
    assert "Đã in: gửi" in capsys.readouterr().out


def test_failure_says_what_happened_and_exits_non_zero(tmp_path, capsys):
    config = config_with(tmp_path, backend="network", network={"host": "127.0.0.1", "port": 9}, timeout_seconds=3)
    assert main(["printer", "test", "--config", config]) == 1
    said = capsys.readouterr().out
    assert "IN KHÔNG ĐƯỢC (not_found): Không tìm thấy máy in" in said


def test_status_of_a_write_only_backend_is_unknown_not_offline(tmp_path, capsys):
    config = config_with(tmp_path, backend="file", file={"path": str(tmp_path / "lp0")})
    assert main(["printer", "status", "--config", config]) == 0
    assert "online state unknown, paper state unknown" in capsys.readouterr().out


def test_status_names_a_missing_library(tmp_path, capsys, monkeypatch):
    from escpos.printer import Usb
    monkeypatch.setattr(Usb, "is_usable", staticmethod(lambda: False))
    config = config_with(tmp_path, backend="usb", usb={"vendor_id": 0x0416, "product_id": 0x5011})
    assert main(["printer", "status", "--config", config]) == 1
    assert "pip install .[usb]" in capsys.readouterr().out
