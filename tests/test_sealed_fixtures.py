"""The sealed test titles (tests/fixtures/classify/sealed) are well formed — checked without running any classifier
(this module must not import minestd.classify: the titles are kept unmeasured until the next classifier change)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import FIXTURES

SEALED = FIXTURES / "classify" / "sealed"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _titles(path: Path) -> set[str]:
    return {r["title"].strip() for r in _rows(path)}


BATCHES = sorted(p.stem.removeprefix("batch-") for p in SEALED.glob("batch-*.csv") if not p.stem.endswith("-second"))


@pytest.mark.parametrize("batch", BATCHES)
def test_sealed_batch_is_placed_in_the_tree_and_new(tx, batch):
    first, second = _rows(SEALED / f"batch-{batch}.csv"), _rows(SEALED / f"batch-{batch}-second.csv")
    assert len(first) == len(second) >= 10
    assert {r["title"] for r in first} == {r["title"] for r in second}
    for row in first + second:
        nodes = row["nodes"].split(";")
        assert 1 <= len(nodes) <= 2 and all(tx.get(n) is not None for n in nodes), row
    for row in first:
        assert row["source"].startswith("http") and row["notes"].startswith(f"batch {batch.upper()} (sealed)"), row
    seen = (_titles(FIXTURES / "classify" / "heldout.csv") | _titles(FIXTURES / "classify" / "tuning.csv")
            | _titles(FIXTURES / "classify" / "second-annotation.csv")
            | _titles(Path(__file__).resolve().parents[1] / "taxonomy" / "catalog" / "sample-catalog.csv"))
    assert not {r["title"] for r in first} & seen
    assert (SEALED / f"batch-{batch}-rationale.md").is_file()


def test_sealed_batches_do_not_overlap():
    titles = [_titles(SEALED / f"batch-{b}.csv") for b in BATCHES]
    assert sum(map(len, titles)) == len(set().union(*titles))


def test_this_module_does_not_load_the_classifier():
    import ast

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    modules = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    modules += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert modules and not [m for m in modules if m.startswith("minestd.classify")]
