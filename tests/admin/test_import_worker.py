"""The import worker process (issue 13 §1): hostile files are refused with a precise
problem, and the worker's memory and time budgets hold; the caller never dies with it."""
from __future__ import annotations

import os

import pytest

from kiosk.admin import import_worker
from kiosk.admin.import_worker import MEMORY_MESSAGE, TIME_MESSAGE, Snapshot, plan_in_worker
from kiosk.config import Limits
from tests.admin.hostile_files import declared_huge, long_csv, workbook, zip_bomb

pytestmark = pytest.mark.slow


def only_problem(plan):
    assert len(plan.problems) == 1, [p.as_dict() for p in plan.problems]
    return plan.problems[0]


def test_a_sheet_declaring_a_million_rows_by_16384_columns_is_refused_within_budget(store):
    hostile = declared_huge()
    assert len(hostile) < 10_000
    problem = only_problem(plan_in_worker("bomb.xlsx", hostile, Snapshot.of(store), Limits(import_memory_mb=512)))
    assert "beyond column 64" in problem.reason and problem.message.startswith("Dòng 1048576")


def test_a_declared_dimension_alone_is_ignored(store):
    plan = plan_in_worker("ok.xlsx", declared_huge(with_far_cell=False, rows=3), Snapshot.of(store), Limits())
    assert plan.ok and len(plan.of("new")) == 3


def test_a_zip_bomb_is_refused_before_it_is_parsed(store):
    problem = only_problem(plan_in_worker("bomb.xlsx", zip_bomb(), Snapshot.of(store), Limits()))
    assert "unpacks" in problem.reason and "zip bomb" in problem.reason
    assert problem.message == "Tệp Excel bị nén bất thường, không thể đọc an toàn."


def test_a_workbook_unpacking_past_the_limit_is_refused(store):
    problem = only_problem(plan_in_worker("big.xlsx", workbook(rows=3000), Snapshot.of(store),
                                          Limits(import_unpacked_mb=1)))
    assert "over the 1 MB limit" in problem.reason and "giải nén" in problem.message


def test_a_100000_row_csv_is_refused_at_the_row_limit(store):
    problem = only_problem(plan_in_worker("long.csv", long_csv(), Snapshot.of(store), Limits()))
    assert problem.reason == "the file has more than 5000 rows (the limit); split it"
    assert "5000" in problem.message


def test_a_file_over_the_size_limit_is_refused(store):
    problem = only_problem(plan_in_worker("long.csv", long_csv(20_000), Snapshot.of(store), Limits(import_mb=1)))
    assert "over the 1 MB limit" in problem.reason and problem.message == "Tệp quá lớn (tối đa 1 MB)."


def test_the_time_budget_stops_the_worker(store):
    problem = only_problem(plan_in_worker("long.csv", long_csv(4000), Snapshot.of(store),
                                          Limits(import_seconds=0.05)))
    assert "took more than 0.05 s" in problem.reason and problem.message == TIME_MESSAGE


def test_the_memory_budget_stops_the_worker(store):
    three_million_records = b"[" + b"{}," * 3_000_000 + b"{}]"   # 9 MB that parse to ~250 MB
    problem = only_problem(plan_in_worker("many.json", three_million_records, Snapshot.of(store),
                                          Limits(import_memory_mb=128)))
    assert "more than 128 MB" in problem.reason and problem.message == MEMORY_MESSAGE


def test_a_legal_file_plans_against_the_snapshot(store):
    plan = plan_in_worker("ok.csv", long_csv(50), Snapshot.of(store), Limits())
    assert plan.ok and len(plan.of("new")) == 50 and plan.basis == {f"9.{i:06d}": None for i in range(50)}


def where_the_worker_runs(_name: str) -> tuple[int, int, int]:
    import os
    import resource
    return os.getppid(), os.nice(0), resource.getrlimit(resource.RLIMIT_AS)[0]


def test_workers_fork_from_one_long_lived_low_priority_process_within_their_budget():
    """No Python start-up per file: each worker is forked by the same forkserver, not by us."""
    limits = Limits(import_memory_mb=700)
    first, second = (import_worker._run(where_the_worker_runs, ("x.csv",), limits) for _ in range(2))
    assert first[0] == second[0] != os.getpid()
    assert first[1] >= import_worker.NICENESS and first[2] == 700 * 1024 * 1024
