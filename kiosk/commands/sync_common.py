"""Options and set-up shared by the `issue` and `sync` commands (the command-line kiosk)."""
from __future__ import annotations

import json
import os
import sys

from kiosk import PROJECT_ROOT

DEFAULT_KIOSK_DB = PROJECT_ROOT / "data" / "kiosk.db"


def add_kiosk_options(parser) -> None:
    parser.add_argument("--config", default=None, help="config file (default: config.yaml in the project)")
    parser.add_argument("--server", default=None, help="server URL (default: server.url from the config)")
    parser.add_argument("--token", default=os.environ.get("KIOSK_TOKEN"),
                        help="kiosk device token from `main.py device add NAME --role kiosk` (default: $KIOSK_TOKEN)")
    parser.add_argument("--kiosk-db", default=str(DEFAULT_KIOSK_DB),
                        help="the kiosk's own journal (default: data/kiosk.db)")


def open_sync_client(args):
    from kiosk.commands.common import config_from
    from kiosk.sync.sync_client import SyncClient
    config = config_from(args)
    client = SyncClient.from_config(config, args.server, args.token, args.kiosk_db)
    report = client.report
    for item in report.unreadable:
        print(f"warning: journal row {item['seq']} ({item['client_id']}) could not be read: {item['reason']}",
              file=sys.stderr)
    if report.salvaged_from:
        print(f"warning: the journal was damaged; readable rows were copied out of {report.salvaged_from}"
              + (f" (lost: {'; '.join(report.salvage_lost)})" if report.salvage_lost else ""), file=sys.stderr)
    return client


def print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False, separators=(",", ":")), flush=True)
