"""The heartbeat reports the device's state and measures its clock's offset to the server;
offline tickets then carry the server's time even when the PC's clock is wrong."""
from kiosk.clock import FakeClock, OffsetClock
from kiosk.core.numbering import Layout
from kiosk.sync.clock_offset import OFFSET_META, measure_offset_ms
from kiosk.sync.heartbeat import Heartbeat
from kiosk.sync.journal import Journal
from kiosk.sync.sync_client import SyncClient
from kiosk.sync.uploader import RecordingSleeper, Uploader
from printers import DummyReceiptPrinter
from printers.status import PrinterStatus


class Speaker:
    problem = "espeak-ng is not installed"


def test_offset_is_taken_at_the_middle_of_the_round_trip(clock):
    sent = clock.now()
    received = clock.advance(seconds=0.2)
    assert measure_offset_ms(sent, received, "2026-11-23T08:01:40.100+07:00") == 100_000


def test_a_kiosk_clock_95_s_slow_issues_offline_tickets_at_the_servers_time(server, config, tmp_path, monotonic):
    kiosk_clock = OffsetClock(FakeClock("2026-11-23T07:58:25"))          # the server's clock says 08:00:00
    kiosk = SyncClient(Journal(tmp_path / "kiosk.db"), server.connect, kiosk_clock, layout=Layout.of(config.sync),
                       monotonic=monotonic)
    printer = DummyReceiptPrinter(status=PrinterStatus(online=True, paper="low"))
    beat = Heartbeat(kiosk, parts=lambda: (printer, Speaker()), monotonic=monotonic)
    uploader = Uploader(kiosk, sleeper=RecordingSleeper(), heartbeat=beat)
    uploader.run(max_rounds=1)
    assert beat.offset_ms == 95_000 and kiosk.journal.meta(OFFSET_META) == "95000"
    report = server.calls_to("heartbeat")[0][1]
    assert (report["printer"], report["speech_ok"], report["speech_problem"]) == \
        ("paper_low", False, "espeak-ng is not installed")
    assert report["outbox"] == 0 and report["disk_free_bytes"] > 0 and report["version"] == "0.1.0"
    server.down = True
    ticket = kiosk.issue_ticket("1.001193")
    assert ticket["offline"] and ticket["issued_at"].startswith("2026-11-23T08:00:00")
    printer.simulated_status = PrinterStatus(online=False, cover_open=True)
    server.down = False
    monotonic.now += 60
    uploader.run(max_rounds=1)
    assert server.calls_to("heartbeat")[-1][1]["printer"] == "cover_open"
    assert server.calls_to("heartbeat")[-1][1]["clock_offset_ms"] == 95_000
    kiosk.close()
    again = SyncClient.from_config(config, "http://127.0.0.1:9", None, tmp_path / "kiosk.db",
                                   clock=FakeClock("2026-11-23T07:58:25"))
    assert again.clock.now().isoformat().startswith("2026-11-23T08:00:00")    # the offset survives a restart
    again.close()
