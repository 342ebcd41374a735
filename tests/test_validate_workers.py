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
