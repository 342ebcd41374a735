"""Opt-in benchmark: a national-scale catalog of 1,000,000 rows, read from CSV, validated and analysed.

Run: MINESTD_BENCH=1 pytest tests/benchmarks/test_million_bench.py -s   (or --benchmarks)
Target (issue 18): 1,000,000-row catalogs validate and analyse in <= 4 GB. One fresh interpreter does it all, as
`minestd validate` then `minestd gaps` would: generate the rows (the validate benchmark's generator, from the sample
catalog and the guide's words, 100,000 at a time, distinct designations), write them as CSV; then a fresh
interpreter reads the CSV, validates (default rules, one process) and analyses (the rows carry node ids, as in a
national catalog). Its peak RSS (VmHWM) after each stage is recorded with the times in
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

_WRITE = """
import csv, re, sys
sys.path[:0] = {paths!r}
from test_validate_bench import generate
from minestd.io.catalog import catalog_rows
number = re.compile(r"(\\d+)-(\\d{{4}})$")
with open({path!r}, "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f)
    for k in range({n} // 100_000):     # 100,000 at a time: the generator's objects never pile up
        chunk = [e.model_copy(update={{"row": e.row + k * 100_000, "designation": number.sub(
                     lambda m: f"{{int(m[1]) + k * 100_000}}-{{m[2]}}", e.designation)}})
                 for e in generate(100_000, seed=144 + k)]
        rows = catalog_rows(chunk)
        writer.writerows(rows if k == 0 else rows[1:])
"""

_MEASURE = """
import json, sys, time, gc
sys.path[:0] = {paths!r}
from test_validate_bench import TODAY

def peak():
    return round(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024)

out = {{"peak_at_start_mb": peak()}}
from minestd.io.catalog import read_catalog
t = time.perf_counter()
catalog = read_catalog({path!r})
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
print(json.dumps(out))
"""


@pytest.mark.benchmark
def test_million_rows_validate_and_analyse(tmp_path):
    here = Path(__file__).resolve().parent
    paths = [str(here), str(here.parent)]
    csv_path = str(tmp_path / "national.csv")
    subprocess.run([sys.executable, "-c", _WRITE.format(paths=paths, path=csv_path, n=N)], check=True)
    run = subprocess.run([sys.executable, "-c", _MEASURE.format(paths=paths, path=csv_path)], check=True,
                         capture_output=True, text=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    result["csv_mb"] = round(Path(csv_path).stat().st_size / 2**20)
    result.update({"entries": N, "target_peak_mb": TARGET_MEMORY_MB, "cpus": os.cpu_count(),
                   "python": sys.version.split()[0], "date": dt.date.today().isoformat()})
    result["target_met"] = max(result["peak_after_validate_mb"], result["peak_after_analyse_mb"]) <= TARGET_MEMORY_MB
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n1,000,000 rows: {json.dumps(result, ensure_ascii=False)}")
    assert result["rows"] == N
    assert result["target_met"], result
