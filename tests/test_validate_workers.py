"""validate(workers=2): a forked worker runs the parse-free checks (MS301) — same report."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from minestd import validate as V
from minestd.data import load_catalog
from minestd.model import Finding

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from test_validate_bench import TODAY, generate  # noqa: E402


@pytest.fixture(scope="module")
def big():
    return generate(V.PARALLEL_MIN + 500)


def test_two_processes_give_the_same_report(tx, big):
    one = V.validate(big, tx, today=TODAY, workers=1)
    two = V.validate(big, tx, today=TODAY, workers=2)
    assert two == one
    assert {"MS301", "MS505", "MS501", "MS407"} <= set(two.by_rule())


def test_rule_selection_applies_to_the_worker_too(tx, big):
    report = V.validate(big, tx, today=TODAY, rules=["MS505"], workers=2)
    assert set(report.by_rule()) == {"MS505"}
    assert report == V.validate(big, tx, today=TODAY, rules=["MS505"], workers=1)


def test_a_failing_worker_leaves_the_work_to_this_process(tx, big, monkeypatch):
    parent = os.getpid()

    def fussy(ctx):              # fails in the worker only
        if os.getpid() != parent:
            raise RuntimeError("worker trouble")
        yield Finding(rule="MS999", severity="info", message="m", fix="f", row=2)

    fussy.parse_free = True
    registered = (frozenset({"MS999"}), fussy)
    V.CHECKS.append(registered)        # the registry list the engine and the worker share
    try:
        report = V.validate(big, tx, today=TODAY, workers=2)
    finally:
        V.CHECKS.remove(registered)
    assert report.by_rule()["MS999"] == 1
    assert report.by_rule()["MS301"] == V.validate(big, tx, today=TODAY, workers=1).by_rule()["MS301"]


def test_small_catalogs_stay_in_one_process(tx, monkeypatch):
    monkeypatch.setattr(V._Worker, "start", classmethod(lambda *a, **k: pytest.fail("forked for a small catalog")))
    entries = load_catalog().entries
    assert V.validate(entries, tx, workers=2) == V.validate(entries, tx, workers=1)


def _pid_check(parent):
    """A parse-free check that reports the process it ran in (one finding)."""
    def where(ctx):
        yield Finding(rule="MS998", severity="info", message=str(os.getpid() != parent), fix="f", row=2)

    where.parse_free = True
    return (frozenset({"MS998"}), where)


def _ran_elsewhere(report) -> bool:
    [finding] = [f for f in report.findings if f.rule == "MS998"]
    return finding.message == "True"


def test_workers_2_run_the_parse_free_checks_in_another_process(tx, big):
    registered = _pid_check(os.getpid())
    V.CHECKS.append(registered)
    try:
        two = V.validate(big, tx, today=TODAY, workers=2)
        one = V.validate(big, tx, today=TODAY, workers=1)
    finally:
        V.CHECKS.remove(registered)
    assert _ran_elsewhere(two) and not _ran_elsewhere(one)
    assert [f for f in two.findings if f.rule != "MS998"] == [f for f in one.findings if f.rule != "MS998"]


def test_an_executor_passed_in_is_used_and_a_stale_one_falls_back(tx, big):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    one = V.validate(big, tx, today=TODAY, workers=1)
    with ThreadPoolExecutor(1) as threads:
        assert V.validate(big, tx, today=TODAY, executor=threads) == one
    # a pool whose worker was forked before the call cannot see the catalog: this process does the work
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as stale:
        stale.submit(int).result()
        registered = _pid_check(os.getpid())
        V.CHECKS.append(registered)
        try:
            report = V.validate(big, tx, today=TODAY, executor=stale)
        finally:
            V.CHECKS.remove(registered)
    assert not _ran_elsewhere(report)
    assert [f for f in report.findings if f.rule != "MS998"] == list(one.findings)


def test_the_process_pool_comes_from_the_supplier(tx, big, monkeypatch):
    import contextlib

    from minestd import resources

    used = []

    @contextlib.contextmanager
    def none_here():
        used.append(True)
        yield None                       # e.g. a platform without fork: one process

    monkeypatch.setitem(resources.SUPPLIERS, "process_pool", none_here)
    assert V.validate(big, tx, today=TODAY, workers=2) == V.validate(big, tx, today=TODAY, workers=1)
    assert used == [True]
