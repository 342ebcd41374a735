"""Opt-in benchmark: a national-scale catalog of 1,000,000 rows, read from CSV, validated and analysed.

Run: MINESTD_BENCH=1 pytest tests/benchmarks/test_million_bench.py -s   (or --benchmarks)
Target (issue 18): 1,000,000-row catalogs validate and analyse in <= 4 GB. One fresh interpreter does it all, as
`minestd validate` then `minestd gaps` would: generate the rows (the validate benchmark's generator, from the sample
catalog and the guide's words), write them as CSV, read the CSV, validate (default rules, one process), analyse (the
rows carry node ids, as in a national catalog). The peak RSS (VmHWM) after each stage is recorded with the times in
tests/benchmarks/results/million.json.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

N = 1_000_000
TARGET_MEMORY_MB = 4096
RESULTS = Path(__file__).resolve().parent / "results" / "million.json"

_CHILD = """
import json, sys, time, tempfile, os, gc
sys.path[:0] = {paths!r}
from test_validate_bench import generate, TODAY

def peak():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024

out = {{}}
t = time.perf_counter()
entries = generate({n})
from minestd.io.catalog import read_catalog, write_catalog
folder = tempfile.mkdtemp()
path = os.path.join(folder, "national.csv")
write_catalog(entries, path)
del entries
gc.collect()
out["generate_and_write_s"] = round(time.perf_counter() - t, 1)
out["csv_mb"] = round(os.path.getsize(path) / 2**20)
t = time.perf_counter()
catalog = read_catalog(path)
out["read_s"], out["rows"], out["peak_after_read_mb"] = round(time.perf_counter() - t, 1), len(catalog.entries), peak()
from minestd.data import default_taxonomy
from minestd.validate import validate
tx = default_taxonomy()
t = time.perf_counter()
report = validate(catalog.entries, tx, today=TODAY, workers=1)
out["validate_s"], out["findings"], out["peak_after_validate_mb"] = round(time.perf_counter() - t, 1), \\
    len(report.findings), peak()
del report
gc.collect()
from minestd.coverage import analyse
t = time.perf_counter()
coverage = analyse(tx, catalog, today=TODAY)
out["analyse_s"], out["covered"], out["peak_after_analyse_mb"] = round(time.perf_counter() - t, 1), \\
    coverage.summary.covered, peak()
os.remove(path)
print(json.dumps(out))
"""


@pytest.mark.benchmark
def test_million_rows_validate_and_analyse():
    here = Path(__file__).resolve().parent
    code = _CHILD.format(paths=[str(here), str(here.parent)], n=N)
    run = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    result.update({"entries": N, "target_peak_mb": TARGET_MEMORY_MB, "cpus": os.cpu_count(),
                   "python": sys.version.split()[0], "date": dt.date.today().isoformat()})
    result["target_met"] = max(result["peak_after_validate_mb"], result["peak_after_analyse_mb"]) <= TARGET_MEMORY_MB
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n1,000,000 rows: {json.dumps(result, ensure_ascii=False)}")
    assert result["rows"] == N
    assert result["target_met"], result
