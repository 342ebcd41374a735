"""Benchmark: all 16 figures to SVG (opt-in: --benchmarks or MINESTD_BENCH=1).

Target (issue 5): under 5 s for the 16 Chinese figures, DOT building and Graphviz layout included, in a fresh
process state (the taxonomy is loaded first and not counted). The numbers are printed and written to
tests/benchmarks/results/diagram.json so they can be compared between runs.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark


def test_all_sixteen_figures_to_svg(tx, tmp_path):
    pytest.importorskip("pygraphviz")
    from minestd.render.dot import figure_dot, figures
    from minestd.render.figures import choose_renderer, render, write_figures

    renderer = choose_renderer("auto")
    start = time.perf_counter()
    written = write_figures(tx, None, output_dir=tmp_path / "zh", formats=["svg"], langs=["zh"])
    seconds_zh = time.perf_counter() - start

    start = time.perf_counter()
    dots = [figure_dot(tx, f.node, lang="en") for f in figures(tx)]
    seconds_dot = time.perf_counter() - start
    start = time.perf_counter()
    for source in dots:
        render(source, "svg")
    seconds_en_layout = time.perf_counter() - start

    start = time.perf_counter()
    write_figures(tx, ["root"], output_dir=tmp_path / "deep", formats=["svg"], depth=3)
    seconds_whole_tree = time.perf_counter() - start

    result = {"figures": len(written), "renderer": renderer, "svg_zh_seconds": round(seconds_zh, 2),
              "dot_only_en_seconds": round(seconds_dot, 3), "svg_en_layout_seconds": round(seconds_en_layout, 2),
              "figure1_depth3_svg_seconds": round(seconds_whole_tree, 2), "date": dt.date.today().isoformat()}
    print("\ndiagram benchmark:", json.dumps(result))
    out = Path(__file__).parent / "results" / "diagram.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    assert len(written) == 16
    assert seconds_zh < 5, f"16 figures to SVG took {seconds_zh:.1f} s (target < 5 s)"
