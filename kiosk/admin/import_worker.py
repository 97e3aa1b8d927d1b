"""Reading and previewing an import in a worker process with a memory and a time budget.

A hostile or broken file (a sheet declaring a million rows by 16,384 columns, a zip bomb)
can then only exhaust the worker: it runs at low priority, under RLIMIT_AS of
`limits.import_memory_mb`, and is killed after `limits.import_seconds`. The server keeps
its event loop (and ticket issuing) for itself; the worker never touches the database: it
plans against a snapshot of the catalogue taken by the caller.

    plan = plan_in_worker(name, content, Snapshot.of(store), config.limits)   # blocking: run in a thread
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass

from kiosk import PROJECT_ROOT
from kiosk.config import Limits

MEMORY_MESSAGE = "Tệp cần quá nhiều bộ nhớ để đọc, không thể nhập."
TIME_MESSAGE = "Đọc tệp quá lâu nên đã dừng; tệp có thể bị hỏng hoặc quá lớn."


@dataclass
class Snapshot:
    """What planning reads from the store: the services and every procedure, by code."""
    services_rows: list[dict]
    procedures_by_code: dict[str, dict]

    @classmethod
    def of(cls, store) -> "Snapshot":
        return cls(store.services(active_only=False),
                   {row["code"]: row for row in store.procedures(active_only=False)})

    def services(self, active_only: bool = True) -> list[dict]:
        return [s for s in self.services_rows if s["active"] or not active_only]

    def procedure(self, code: str) -> dict | None:
        return self.procedures_by_code.get(code)


def plan_in_worker(name: str, content: bytes, snapshot: Snapshot, limits: Limits):
    """The ImportPlan of the file, read and planned in a budgeted child process. A file the
    worker cannot finish gets a plan with one problem saying why; this never raises for a file."""
    from kiosk.admin.importer import ImportPlan, Problem
    request = pickle.dumps((name, content, snapshot, limits))
    command = [sys.executable, "-m", "kiosk.admin.import_worker"]
    try:
        done = subprocess.run(command, input=request, capture_output=True, timeout=limits.import_seconds,
                              cwd=PROJECT_ROOT)
    except subprocess.TimeoutExpired:
        problem = Problem(None, None, f"reading the file took more than {limits.import_seconds:g} s (the limit)",
                          TIME_MESSAGE)
        return ImportPlan(name, "unknown", [], [problem])
    if done.returncode == 0 and done.stdout:
        return pickle.loads(done.stdout)  # our own child's answer
    if b"MemoryError" in done.stderr:
        reason = f"reading the file needs more than {limits.import_memory_mb} MB (the limit)"
        return ImportPlan(name, "unknown", [], [Problem(None, None, reason, MEMORY_MESSAGE)])
    last_line = (done.stderr.decode(errors="replace").strip().splitlines() or ["no output"])[-1]
    reason = f"the import worker failed (exit {done.returncode}: {last_line})"
    return ImportPlan(name, "unknown", [], [Problem(None, None, reason, "Không đọc được tệp này.")])


def _work() -> None:
    import resource
    name, content, snapshot, limits = pickle.loads(sys.stdin.buffer.read())
    budget = limits.import_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    os.nice(10)
    from kiosk.admin.importer import plan_import, read_import
    plan = plan_import(read_import(name, content, limits), snapshot)
    plan.basis = {item.code: snapshot.procedure(item.code) for item in plan.items}
    plan.fingerprint, plan.writes, plan.preview_json  # computed here, not on the event loop  # noqa: B018
    sys.stdout.buffer.write(pickle.dumps(plan))


if __name__ == "__main__":
    _work()
