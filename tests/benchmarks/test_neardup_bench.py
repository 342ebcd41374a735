"""Opt-in benchmark: 100,000 near-duplicate titles through `minestd validate` (issue 18: <= 1 GB and <= 30 s).

Run: MINESTD_BENCH=1 pytest tests/benchmarks/test_neardup_bench.py -s   (or --benchmarks)
The catalog is the worst case for the near-duplicate join (MS505): every title is one 17-character title with one
character changed and a part number (第N部分), so almost every pair is similar. `minestd validate` (default rules,
one process, --summary) runs in a child process; its wall time and peak RSS (ru_maxrss) are recorded in
tests/benchmarks/results/near-duplicates.json.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

N = 100_000
TARGET_MB, TARGET_S = 1024, 30
RESULTS = Path(__file__).resolve().parent / "results" / "near-duplicates.json"


@pytest.mark.benchmark
def test_near_duplicates_100k(tmp_path):
    rng = random.Random(1)
    base = "煤矿用隔爆型移动变电站安全技术要求"
    path = tmp_path / "near-duplicates.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["标准号", "标准名称", "状态", "体系编号"])
        for i in range(N):
            chars = list(base)
            chars[rng.randrange(len(chars))] = rng.choice("甲乙丙丁戊己庚辛壬癸")
            writer.writerow([f"MT {1000 + i}-2020", "".join(chars) + f"第{i % 50}部分", "现行", "12.02.04"])
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "minestd", "validate", str(path), "--summary", "--today",
                          "2026-12-06", "--jobs", "1", "--format", "csv"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    counts = {row["rule"]: int(row["findings"]) for row in csv.DictReader(run.stdout.splitlines())}
    result = {"entries": N, "wall_s": round(wall, 1), "peak_rss_mb": round(peak_mb), "findings_by_rule": counts,
              "target": {"peak_mb": TARGET_MB, "wall_s": TARGET_S},
              "target_met": peak_mb <= TARGET_MB and wall <= TARGET_S, "date": dt.date.today().isoformat()}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\n100,000 near-duplicate titles: {json.dumps(result, ensure_ascii=False)}")
    assert run.returncode == 0 and counts.get("MS505", 0) > N
    assert result["target_met"], result
