"""Opt-in benchmark: validate 100,000 entries generated from the sample catalog.

Run: MINESTD_BENCH=1 pytest tests/benchmarks/test_validate_bench.py -s   (or --benchmarks)
Target (issue 3): >= 20,000 entries/s and < 1 GB peak memory. Figures are recorded in docs/validate.md.

Entries are generated from the embedded sample catalog: each generated entry copies a sample entry's status,
placement, priorities, scope and dates, gets a distinct designation in the same code family, and a title
made of 3-6 random phrases cut from the guide's text plus a real title ending (标准名称 of 100,000 real
standards are mostly distinct). 1 % are exact duplicates and 1 % coal / metal-nonmetal twins, so the
duplicate and overlap rules have work to do.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from conftest import GUIDE_TXT

N = 100_000
TODAY = dt.date(2025, 6, 30)


def generate(n: int = N, seed: int = 144) -> list:
    from minestd.data import load_catalog
    from minestd.designation import parse

    rng = random.Random(seed)
    sample = [e for e in load_catalog().entries if e.designation and e.title]
    phrases = [p for p in re.split(r"[^\u4e00-\u9fff]+", GUIDE_TXT.read_text(encoding="utf-8")) if len(p) >= 2]
    words = sorted({p[k:k + size] for p in phrases for size in (2, 3, 4) for k in range(0, len(p) - size + 1, size)})
    endings = sorted({e.title[-4:] for e in sample if len(e.title) >= 6})
    entries = []
    for i in range(n):
        t = sample[i % len(sample)]
        d = parse(t.designation).designation
        code = d.code if d is not None else "AQ/T"
        year = d.year if d is not None and d.year else 2020
        title = "".join(rng.sample(words, rng.randint(3, 6))) + rng.choice(endings)
        roll = rng.random()
        if roll < 0.01 and entries:                       # duplicate designation
            designation = entries[rng.randrange(len(entries))].designation
        else:
            designation = f"{code} {10000 + i}-{year}"
        if 0.01 <= roll < 0.02:                           # coal / metal-nonmetal twin of a recent entry
            title = "金属非金属矿山" + entries[-1].title.removeprefix("煤矿") if entries else title
        elif roll < 0.2:
            title = "煤矿" + title
        entries.append(t.model_copy(update={"row": i + 2, "designation": designation, "title": title,
                                            "replaces": (), "replaced_by": ()}))
    return entries


BUILTIN = ["MS1", "MS2", "MS4", "MS5"]     # this module's rules; MS3xx belongs to the classifier
RESULTS = Path(__file__).resolve().parent / "results" / "validate.json"

_CHILD = """
import datetime as dt, json, resource, sys, time
sys.path[:0] = {paths!r}
from test_validate_bench import generate, TODAY
from minestd.data import default_taxonomy
from minestd.designation import parse
from minestd.validate import validate
tx = default_taxonomy()
entries = generate({n})
validate(entries[:100], tx, today=TODAY)
start = time.perf_counter()
report = validate(entries, tx, today=TODAY, rules={rules!r})
seconds = time.perf_counter() - start
try:   # VmHWM: this process's peak RSS (ru_maxrss can carry the parent's peak over fork + exec on Linux)
    maxrss_mb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
except OSError:
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
parse.__globals__["_parse_cached"].cache_clear()
start = time.perf_counter()
for e in entries:
    parse(e.designation, today=TODAY)
parse_seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "parse_seconds": parse_seconds, "findings": len(report.findings),
                  "by_rule": report.by_rule(), "maxrss_mb": maxrss_mb}}))
"""


def run_child(n: int, rules: list[str] | None) -> dict:
    """Generate + validate in a fresh interpreter, so max RSS is this run's alone (entries included)."""
    here = Path(__file__).resolve().parent
    code = _CHILD.format(paths=[str(here), str(here.parent)], n=n, rules=rules)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.benchmark
def test_validate_100k(tx):
    from minestd.validate import validate

    entries = generate()
    tracemalloc.start()
    report = validate(entries, tx, today=TODAY, rules=BUILTIN)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.entries == N
    assert {"MS501", "MS504"} <= set(report.by_rule())

    builtin = run_child(N, BUILTIN)
    everything = run_child(N, None)
    result = {
        "entries": N,
        "builtin_rules": {"seconds": round(builtin["seconds"], 2), "entries_per_s": round(N / builtin["seconds"]),
                          "findings": builtin["findings"], "max_rss_mb": round(builtin["maxrss_mb"]),
                          "tracemalloc_peak_mb": round(peak / 2**20)},
        "all_registered_rules": {"seconds": round(everything["seconds"], 2),
                                 "entries_per_s": round(N / everything["seconds"]),
                                 "findings": everything["findings"], "max_rss_mb": round(everything["maxrss_mb"])},
        "designation_parse_seconds": round(builtin["parse_seconds"], 2),
        "by_rule": everything["by_rule"],
        "cpus": os.cpu_count(),
        "date": dt.date.today().isoformat(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nvalidate {N:,} entries: built-in rules (MS1/2/4/5) {builtin['seconds']:.1f} s = "
          f"{N / builtin['seconds']:,.0f} entries/s (parsing the designations alone: {builtin['parse_seconds']:.1f} s), "
          f"max RSS {builtin['maxrss_mb']:,.0f} MiB, tracemalloc peak {peak / 2**20:,.0f} MiB; "
          f"all registered rules {everything['seconds']:.1f} s = {N / everything['seconds']:,.0f} entries/s, "
          f"max RSS {everything['maxrss_mb']:,.0f} MiB; by rule {everything['by_rule']}")
    assert builtin["maxrss_mb"] < 1024 and everything["maxrss_mb"] < 1024
