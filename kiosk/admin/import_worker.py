"""Reading and planning an import in a worker process with a memory and a time budget.

A hostile or broken file (a sheet declaring a million rows by 16,384 columns, a zip bomb)
can then only exhaust the worker: it runs at low priority (nice 10), under RLIMIT_AS of
`limits.import_memory_mb`, and is killed after `limits.import_seconds`. The server keeps
its event loop (and ticket issuing) for itself; the worker never touches the database.

Each worker is forked from a long-lived, low-priority forkserver (multiprocessing's) that
has the importer loaded already, so refusing a file costs the server no Python start-up:
`warm_up()` starts it when the server starts. As multiprocessing requires, the program's
main module must be safe to import (`if __name__ == "__main__":`): the forkserver imports it.

    plan = plan_in_worker(name, content, Snapshot.of(store), config.limits)   # blocking: run in a thread
    outcome = stage_in_worker(name, content, scratch_path, config.limits, apply=True)
"""
from __future__ import annotations

import math
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import Limits

MEMORY_MESSAGE = "Tệp cần quá nhiều bộ nhớ để đọc, không thể nhập."
TIME_MESSAGE = "Đọc tệp quá lâu nên đã dừng; tệp có thể bị hỏng hoặc quá lớn."
NICENESS = 10
_MEMORY_EXIT = 3   # the worker's exit status when its memory budget ran out
if "forkserver" in multiprocessing.get_all_start_methods():
    _WORKERS = multiprocessing.get_context("forkserver")
    _WORKERS.set_forkserver_preload(["__main__", "kiosk.admin.importer", "kiosk.store.import_staging",
                                     "kiosk.core.fee_rules"])
else:   # Windows: a fresh process per file, as before
    _WORKERS = multiprocessing.get_context("spawn")


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


@dataclass
class Outcome:
    """What the server needs of a plan staged in a scratch file, each answer encoded already."""
    answer: bytes                    # the preview's JSON, or the apply's (with "applied": true)
    fingerprint: str
    format: str
    refusals: list[dict] = field(default_factory=list)   # AdminInvalid's problems; empty when ok
    counts: dict = field(default_factory=dict)           # new / changed / unchanged
    codes: list[str] = field(default_factory=list)       # the codes written

    @classmethod
    def of(cls, plan, apply: bool) -> "Outcome":
        answer = plan.preview_json
        if apply:
            import json
            answer = json.dumps({**plan.as_dict(), "applied": True}, ensure_ascii=False).encode()
        return cls(answer, plan.fingerprint, plan.format, plan.refusals(),
                   {s: len(plan.of(s)) for s in ("new", "changed", "unchanged")},
                   [item.code for item in plan.items if item.status != "unchanged"])


def warm_up() -> None:
    """Start the forkserver now, at low priority, instead of on the first import."""
    def start() -> None:
        from multiprocessing import forkserver
        os.nice(NICENESS)   # Linux: this thread only; the forkserver it starts inherits it
        forkserver.ensure_running()
    if _WORKERS.get_start_method() != "forkserver":
        return
    threading.Thread(target=start, name="import-forkserver", daemon=True).start()


def plan_in_worker(name: str, content: bytes, snapshot: Snapshot, limits: Limits):
    """The ImportPlan of the file, read and planned in a budgeted child process. A file the
    worker cannot finish gets a plan with one problem saying why; this never raises for a file."""
    return _run(_plan_task, (name, content, snapshot, limits), limits)


def stage_in_worker(name: str, content: bytes, scratch: Path, limits: Limits, apply: bool) -> Outcome:
    """Plan the file against the catalogue copied into `scratch` (kiosk.store.import_staging)
    and, when `apply` and the plan is sound, stage its writes there. Never raises for a file."""
    result = _run(_stage_task, (name, content, str(scratch), limits, apply), limits)
    return result if isinstance(result, Outcome) else Outcome.of(result, apply)


def _run(task, args: tuple, limits: Limits):
    """`task(*args)`'s result from a budgeted child, or the ImportPlan of why there is none."""
    from kiosk.admin.importer import ImportPlan, Problem
    reader, writer = _WORKERS.Pipe(duplex=False)
    child = _WORKERS.Process(target=_child, args=(writer, task, args, limits), daemon=True)
    child.start()
    writer.close()
    try:
        answered = reader.poll(limits.import_seconds)
        status, result = reader.recv() if answered else ("timeout", None)
    except EOFError:
        status, result = "died", None   # no answer: the exit status says why
    finally:
        reader.close()
    if status == "timeout":
        child.kill()
    child.join()
    if status == "ok":
        return result
    if status == "timeout":
        reason, message = f"reading the file took more than {limits.import_seconds:g} s (the limit)", TIME_MESSAGE
    elif child.exitcode == _MEMORY_EXIT:
        reason, message = f"reading the file needs more than {limits.import_memory_mb} MB (the limit)", MEMORY_MESSAGE
    else:
        reason = f"the import worker failed (exit {child.exitcode}: {result or 'no output'})"
        message = "Không đọc được tệp này."
    return ImportPlan(args[0], "unknown", [], [Problem(None, None, reason, message)])


def _child(writer, task, args: tuple, limits: Limits) -> None:
    import resource
    os.nice(max(0, NICENESS - os.nice(0)))   # the forkserver may be at NICENESS already
    budget = limits.import_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    seconds = math.ceil(limits.import_seconds) + 1   # a backstop, should the server die meanwhile
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    try:
        writer.send(("ok", task(*args)))
    except MemoryError:
        os._exit(_MEMORY_EXIT)
    except Exception as error:  # a bug, not a file problem: tell the server what it was
        writer.send(("failed", f"{type(error).__name__}: {error}"))


def _planned(name: str, content: bytes, snapshot, limits: Limits):
    from kiosk.admin.importer import plan_import, read_import
    plan = plan_import(read_import(name, content, limits), snapshot)
    plan.basis = {item.code: snapshot.procedure(item.code) for item in plan.items}
    return plan


def _plan_task(name: str, content: bytes, snapshot: Snapshot, limits: Limits):
    plan = _planned(name, content, snapshot, limits)
    plan.fingerprint, plan.writes, plan.preview_json  # computed here, not on the event loop  # noqa: B018
    return plan


def _stage_task(name: str, content: bytes, scratch_path: str, limits: Limits, apply: bool) -> Outcome:
    from kiosk.core.fee_rules import proposals
    from kiosk.store.import_staging import open_scratch, stage_plan
    scratch = open_scratch(scratch_path)
    try:
        plan = _planned(name, content, Snapshot.of(scratch), limits)
        if apply and plan.ok:
            rows, audits = plan.writes
            stage_plan(scratch, [item.code for item in plan.items], rows, audits, proposals(rows))
    finally:
        scratch.close()
    return Outcome.of(plan, apply)
