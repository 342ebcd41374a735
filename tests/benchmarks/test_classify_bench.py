"""Benchmark: classifier throughput and cold start (opt-in: --benchmarks or MINESTD_BENCH=1).

Targets (issue 6): >= 5,000 titles/s in batch on one core (a batch of 10,000 generated titles, which takes the
evidence-matrix path, and the few hundred real titles both title by title and through that path); a single ``minestd classify TITLE`` under 1 s
cold. Throughput is measured as CPU time of this process (``time.process_time``), so other work on the
machine does not distort it; wall time is printed too. The numbers are printed and written to
tests/benchmarks/results/classify.json so they can be compared between runs.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

N_TITLES = int(os.environ.get("MINESTD_BENCH_TITLES", "10000"))
PREFIXES = ("", "煤矿", "金属非金属矿山", "矿井", "露天矿山", "地下矿山", "矿用")
SUFFIXES = ("", "技术规范", "测定方法", "技术要求", "安全规程", "通用技术条件", " 第1部分：总则", "管理规范")
COLD_TITLE = "煤矿用自动隔爆装置安全技术要求"


def make_titles(tx, n: int, seed: int = 6) -> list[str]:
    """Distinct titles in the guide's style: a priority's subject with a prefix, a suffix and a number."""
    from minestd.classify.features import core_term

    rng = random.Random(seed)
    subjects = [core_term(p.text) for p in tx.priorities()] + [node.name for node in tx.nodes()]
    return [f"{rng.choice(PREFIXES)}{rng.choice(subjects)}{rng.choice(SUFFIXES)}{i}" for i in range(n)]


def fresh(tx, name: str):
    """A new classifier (nothing cached): ``hybrid`` (the default), ``lexical`` or ``trained`` (the built-in
    model)."""
    from minestd.classify.hybrid import HybridClassifier
    from minestd.classify.lexical import LexicalClassifier
    from minestd.classify.trained import TrainedClassifier
    from minestd.data import sample_model, subsystem_model

    if name == "trained":
        return TrainedClassifier(tx, sample_model(tx))
    return HybridClassifier(tx, subsystem_model(tx)) if name == "hybrid" else LexicalClassifier(tx)


def measure(tx, titles: list[str], explain: bool, name: str = "hybrid") -> dict[str, float]:
    clf = fresh(tx, name)                  # fresh: no cached titles
    cpu, wall = time.process_time(), time.perf_counter()
    results = clf.classify(titles, top=5, level="subcategory", explain=explain)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    assert len(results) == len(titles)
    return {"titles_per_cpu_second": round(len(titles) / cpu), "titles_per_wall_second": round(len(titles) / wall)}


def real_titles() -> list[str]:
    """The distinct real titles of the classifier fixtures and the sample catalog (a few hundred)."""
    import csv

    from minestd.classify.base import normalise_title

    root = Path(__file__).resolve().parents[2]
    files = [root / "tests" / "fixtures" / "classify" / name for name in ("heldout.csv", "tuning.csv")]
    files.append(root / "taxonomy" / "catalog" / "sample-catalog.csv")
    seen: dict[str, None] = {}
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                title = normalise_title(row["title"])
                if title:
                    seen.setdefault(title, None)
    return list(seen)


def measure_real(tx, titles: list[str], explain: bool, runs: int = 20, name: str = "hybrid") -> dict[str, float]:
    """Real titles repeat fewer phrases than the generated ones, so the explanation caches help less. A few
    hundred titles take milliseconds: best of ``runs``, each with a fresh classifier (nothing cached)."""
    best = float("inf")
    for _ in range(runs):
        clf = fresh(tx, name)
        cpu = time.process_time()
        clf.classify(titles, top=5, level="subcategory", explain=explain)
        best = min(best, time.process_time() - cpu)
    return {"titles": len(titles), "titles_per_cpu_second_best_of_runs": round(len(titles) / best), "runs": runs}


def measure_real_batch_path(tx, titles: list[str], explain: bool, runs: int = 20,
                            name: str = "hybrid") -> dict[str, float]:
    """The real titles through the path a large batch takes (evidence from the evidence matrix, see
    ``lexical.MATRIX_BATCH``): the matrix is built before the clock starts — a large batch pays for it once
    (``matrix_build_cpu_seconds``) — and nothing else is cached. Best of ``runs``."""
    from minestd.classify import lexical

    saved = lexical.MATRIX_BATCH
    lexical.MATRIX_BATCH = 1
    best, build = float("inf"), float("inf")
    try:
        for _ in range(runs):
            clf = fresh(tx, name)
            cpu = time.process_time()
            clf.evidence_matrix()
            build = min(build, time.process_time() - cpu)
            cpu = time.process_time()
            clf.classify(titles, top=5, level="subcategory", explain=explain)
            best = min(best, time.process_time() - cpu)
    finally:
        lexical.MATRIX_BATCH = saved
    return {"titles": len(titles), "titles_per_cpu_second_best_of_runs": round(len(titles) / best), "runs": runs,
            "matrix_build_cpu_seconds": round(build, 3)}


def cold_start(runs: int = 5, *options: str) -> dict[str, float]:
    exe = shutil.which("minestd") or str(Path(sys.executable).with_name("minestd"))
    walls, cpus = [], []
    for _ in range(runs):
        before = os.times()
        start = time.perf_counter()
        subprocess.run([exe, "classify", *options, COLD_TITLE], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    return {"cold_wall_seconds_median": round(statistics.median(walls), 3), "cold_wall_seconds_min": round(min(walls), 3),
            "cold_cpu_seconds_median": round(statistics.median(cpus), 3)}


def throughput(tx, name: str) -> dict:
    titles = make_titles(tx, N_TITLES)
    real = real_titles()
    return {"titles": len(titles), "ranking_only": measure(tx, titles, False, name),
            "with_explanations": measure(tx, titles, True, name),
            "real_titles_ranking_only": measure_real(tx, real, False, name=name),
            "real_titles_with_explanations": measure_real(tx, real, True, name=name),
            "real_titles_batch_path_ranking_only": measure_real_batch_path(tx, real, False, name=name),
            "real_titles_batch_path_with_explanations": measure_real_batch_path(tx, real, True, name=name)}


def test_classify_throughput_and_cold_start(tx):
    default, lexical, trained = throughput(tx, "hybrid"), throughput(tx, "lexical"), throughput(tx, "trained")
    cold = cold_start()
    cold_trained = cold_start(5, "--classifier", "trained")
    result = {"hybrid (default)": default, "lexical": lexical, "trained (built-in model)": trained, **cold,
              "trained_cold": cold_trained, "load_average": os.getloadavg()[0], "date": dt.date.today().isoformat()}
    print("\nclassify benchmark:", json.dumps(result, ensure_ascii=False))
    out = Path(__file__).parent / "results" / "classify.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, figures in (("hybrid", default), ("lexical", lexical), ("trained", trained)):
        rate = figures["ranking_only"]["titles_per_cpu_second"]
        assert rate >= 5000, f"{name}: {rate} titles/s (target 5,000)"
    assert cold["cold_wall_seconds_min"] < 1.0, f"cold start {cold['cold_wall_seconds_min']} s (target < 1 s)"
    assert cold_trained["cold_wall_seconds_min"] < 1.0, f"trained cold start {cold_trained['cold_wall_seconds_min']} s"
