"""Applying an import off the event loop (issue 13 §1): short write transactions, so tickets
are issued while it runs; all or nothing, so kiosks see the catalogue change once, and an
apply that fails or is killed leaves the old catalogue (and no trace in the audit)."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager

import pytest

from kiosk import PROJECT_ROOT
from kiosk.admin import import_apply
from kiosk.admin.context import AdminContext
from kiosk.core.errors import QueueError
from kiosk.core.queue import Queue
from kiosk.store import import_staging
from tests.admin.hostile_files import long_csv
from tests.conftest import seeded_store

pytestmark = pytest.mark.slow
ROWS = 120


@pytest.fixture
def centre(tmp_path, config, clock, monkeypatch):
    """A seeded centre database file, a store of the test's own on it that never waits for
    the write lock, and small chunks so an apply of ROWS rows writes in several."""
    monkeypatch.setattr(import_staging, "CHUNK", 25)
    path = tmp_path / "centre.db"
    store = seeded_store(config, path)
    store.db.execute("PRAGMA busy_timeout = 0")   # a held write lock fails at once
    store.path, store.ctx = path, AdminContext(store, config, clock, (), "admin")
    yield store
    store.close()


def apply(centre, content=None, expect=None):
    return import_apply.apply_file(centre.ctx, centre.path, "big.csv", content or long_csv(ROWS), expect)


def audit_actions(store) -> list[str]:
    return [row[0] for row in store.db.execute("SELECT action FROM audit ORDER BY id")]


def after_each_write(monkeypatch, call):
    """Call `call()` each time the apply's own connection commits a write transaction."""
    real_open = import_apply.open_store

    def open_watched(*args, **kwargs):
        store = real_open(*args, **kwargs)
        real_write = store.write

        @contextmanager
        def write():
            with real_write() as records:
                yield records
            call()
        store.write = write
        return store
    monkeypatch.setattr(import_apply, "open_store", open_watched)


def test_tickets_are_issued_between_the_applys_short_writes_and_the_catalogue_changes_once(centre, config,
                                                                                            clock, monkeypatch):
    queue, seen = Queue(centre, config, clock), []

    def issue_and_look():
        queue.issue("1.001193")   # raises "database is locked" if the apply still held the lock
        seen.append((centre.catalogue_fingerprint(), centre.count("procedures")))
    after_each_write(monkeypatch, issue_and_look)
    before = (centre.catalogue_fingerprint(), centre.count("procedures"))
    _, events = apply(centre)
    states = [before, *seen]   # states[n]: what any reader saw after the apply's n-th write
    changes = [n for n in range(1, len(states)) if states[n] != states[n - 1]]
    assert len(changes) == 1, states   # one visible change: never half a catalogue
    assert states[-1][1] == before[1] + ROWS
    published = changes[0]
    assert published - 1 >= ROWS // import_staging.CHUNK, "the audit entries were not written ahead, in chunks"
    assert len(states) - 1 - published >= ROWS // import_staging.CHUNK, "nor moved after, in chunks"
    assert centre.count("tickets") == len(seen)
    assert [e["type"] for e in events] == ["catalogue.changed"] and len(json.loads(events[0]["data"])["codes"]) == ROWS
    assert audit_actions(centre)[-ROWS - 1:] == ["procedure.import.create"] * ROWS + ["import.apply"]
    assert centre.count("import_audit_pending") == 0


def test_an_apply_failing_as_it_publishes_leaves_the_old_catalogue(centre, monkeypatch):
    real_publish = import_staging.publish_staged

    def publish_then_fail(*args):
        real_publish(*args)      # the procedures are written inside the transaction, then the disk fails
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(import_staging, "publish_staged", publish_then_fail)
    before, actions = centre.catalogue_fingerprint(), audit_actions(centre)
    with pytest.raises(sqlite3.OperationalError):
        apply(centre)
    assert centre.catalogue_fingerprint() == before and audit_actions(centre) == actions
    assert centre.count("import_audit_pending") == 0
    assert centre.db.execute("SELECT count(*) FROM events WHERE type = 'catalogue.changed'").fetchone()[0] == 0


def test_a_catalogue_edited_while_the_file_is_planned_is_not_overwritten(centre, monkeypatch):
    real_stage = import_apply.stage_in_worker

    def stage_then_edit(*args, **kwargs):
        outcome = real_stage(*args, **kwargs)
        centre.save_procedure({**centre.procedure("9.000000"), "name": "Sửa tay"})
        return outcome
    apply(centre, long_csv(1))
    changed = long_csv(1).replace("Thủ tục 0".encode(), "Thủ tục không".encode())
    monkeypatch.setattr(import_apply, "stage_in_worker", stage_then_edit)
    with pytest.raises(QueueError) as refused:
        apply(centre, changed)
    assert refused.value.kind == "conflict" and "preview again" in refused.value.reason
    assert centre.procedure("9.000000")["name"] == "Sửa tay"


KILLED_APPLY = """
import os, sys
from kiosk.admin import import_apply
from kiosk.admin.context import AdminContext
from kiosk.clock import Clock
from kiosk.config import load_config
from kiosk.store import import_staging, open_store
from tests.admin.hostile_files import long_csv
step, calls = getattr(import_staging, sys.argv[2]), []


def die_at_call(*args):   # like SIGKILL: no cleanup runs
    calls.append(args)
    if len(calls) == int(sys.argv[3]):
        os._exit(9)
    return step(*args)


setattr(import_staging, sys.argv[2], die_at_call)
store = open_store(sys.argv[1], check=False)
import_apply.apply_file(AdminContext(store, load_config(), Clock(), (), "admin"), sys.argv[1], "big.csv",
                        long_csv({rows}), None)
"""


def killed_at(centre, step: str, call: int) -> None:
    """Run an apply in a process of its own that dies at the `call`-th call of `step`."""
    script = textwrap.dedent(KILLED_APPLY.format(rows=ROWS))
    done = subprocess.run([sys.executable, "-c", script, str(centre.path), step, str(call)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stderr


def test_an_apply_killed_before_it_publishes_leaves_the_old_catalogue(centre):
    before, actions = centre.catalogue_fingerprint(), audit_actions(centre)
    killed_at(centre, "publish_staged", 1)
    assert centre.catalogue_fingerprint() == before and audit_actions(centre) == actions
    apply(centre)   # the next apply discards what the killed one had staged
    assert audit_actions(centre) == actions + ["procedure.import.create"] * ROWS + ["import.apply"]


def test_an_apply_killed_after_it_publishes_has_its_audit_completed_when_the_server_starts(centre, config):
    from fastapi.testclient import TestClient

    from kiosk.server.app import create_app
    actions, procedures = audit_actions(centre), centre.count("procedures")
    killed_at(centre, "move_published_audits", 2)   # the first call tidies up before the apply
    assert centre.count("procedures") == procedures + ROWS and audit_actions(centre) == actions
    with TestClient(create_app(config, centre.path)):
        pass
    assert audit_actions(centre) == actions + ["procedure.import.create"] * ROWS + ["import.apply"]


def test_the_applied_file_proposes_fee_rules_and_a_confirmed_rule_stays(centre):
    from kiosk.core.fee_rules import save_rule
    apply(centre, long_csv(3))
    assert centre.fee_rules()["9.000001"]["status"] == "needs_rule"   # "Miễn": no rule worked out
    save_rule(centre, centre.ctx.clock, "9.000000", {"kind": "flat", "amount": 1000}, "admin")
    apply(centre, long_csv(3).replace("Miễn".encode(), "8.000 đồng/bản".encode()))
    rules = centre.fee_rules()
    assert (rules["9.000001"]["status"], rules["9.000001"]["rule"]) == ("proposed", {"kind": "per_copy", "amount": 8000})
    assert (rules["9.000000"]["status"], rules["9.000000"]["rule"]) == ("confirmed", {"kind": "flat", "amount": 1000})
