"""Shared fixtures: the embedded taxonomy, a CLI runner, paths."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GUIDE_TXT = ROOT / "taxonomy" / "guide-2024" / "source" / "guide.txt"


def pytest_addoption(parser):
    parser.addoption("--benchmarks", action="store_true", default=False,
                     help="run the opt-in benchmarks in tests/benchmarks (also MINESTD_BENCH=1)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--benchmarks") or os.environ.get("MINESTD_BENCH") == "1":
        return
    skip = pytest.mark.skip(reason="benchmark: opt-in with --benchmarks or MINESTD_BENCH=1")
    for item in items:
        if "benchmark" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def tx():
    from minestd.data import default_taxonomy

    return default_taxonomy()


@pytest.fixture()
def runner():
    from typer.testing import CliRunner

    return CliRunner()


_COMMAND: list = []


def _command():
    """The click command of the CLI, built once per test session as `minestd` builds it once per process (building
    it takes ~30 ms: a thousand invocations would spend half a minute on it)."""
    if not _COMMAND:
        from typer.main import get_command

        from minestd.cli import app

        _COMMAND.append(get_command(app))
    return _COMMAND[0]


@pytest.fixture()
def invoke(runner):
    """invoke("tree", "--depth", "1") -> Result with .exit_code, .stdout, .stderr"""
    from click.testing import CliRunner as ClickRunner

    def run(*args: str, input: str | None = None):
        return ClickRunner.invoke(runner, _command(), list(args), input=input)

    return run


_TRAINED: dict[tuple, dict] = {}


def trained_model(entries, tx) -> dict:
    """``minestd.classify.trained.train(entries, tx)``, learned once per set of (title, nodes) in this test
    session: learning takes seconds and is deterministic whatever the order of the entries
    (test_classify_trained.test_model_is_versioned_json_and_deterministic)."""
    from minestd.classify.trained import train

    key = (id(tx), tuple(sorted((e.title, tuple(e.nodes)) for e in entries)))
    if key not in _TRAINED:
        _TRAINED[key] = train(entries, tx)
    return _TRAINED[key]
