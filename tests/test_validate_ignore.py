"""--ignore / ignore=: leave rules out of a run (after --select), with the same selector forms and errors."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from minestd.data import load_catalog
from minestd.validate import validate

DAY = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def sample():
    return load_catalog()


def test_ignore_removes_exactly_those_rules(tx, sample):
    every = validate(sample.entries, tx, today=DAY)
    rules = {f.rule for f in every.findings}
    assert {"MS301"} <= rules and len(rules) > 1        # the sample has MS301 findings and others
    kept = validate(sample.entries, tx, today=DAY, ignore="MS3")
    assert kept.findings == tuple(f for f in every.findings if not f.rule.startswith("MS3"))


def test_ignore_applies_after_rules(tx, sample):
    chosen = validate(sample.entries, tx, today=DAY, rules=["MS3", "MS4"])
    both = validate(sample.entries, tx, today=DAY, rules=["MS3", "MS4"], ignore=["ms301"])
    assert both.findings == tuple(f for f in chosen.findings if f.rule != "MS301")


def test_ignore_is_checked_like_rules(tx):
    with pytest.raises(ValueError, match="ignore: malformed rule id or prefix 'XX1'"):
        validate([], tx, ignore="XX1")
    with pytest.raises(TypeError, match="ignore must be a list of rule ids"):
        validate([], tx, ignore=5)


def test_cli_ignore(invoke):
    every = json.loads(invoke("validate", "--format", "json", "--today", "2025-06-30").stdout)
    kept = json.loads(invoke("validate", "--format", "json", "--today", "2025-06-30", "--ignore", "MS301").stdout)
    assert kept["findings"] == [f for f in every["findings"] if f["rule"] != "MS301"]
    bad = invoke("validate", "--ignore", "MS9")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == ("错误 / error: --ignore: 没有名为 'MS9' 的规则 / --ignore: no rule is called 'MS9' "
                                  "— 使用规则编号（如 MS501）或前缀（如 MS5），见 'minestd validate --rules' / use "
                                  "rule ids such as MS501 or prefixes such as MS5 (see 'minestd validate --rules')")


def test_summary_counts_findings_by_rule(invoke):
    every = json.loads(invoke("validate", "--format", "json", "--today", "2025-06-30").stdout)
    text = invoke("validate", "--summary", "--today", "2025-06-30")
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "规则 rule  级别 severity  条数 findings  名称 title"
    counted = {line.split()[0]: int(line.split()[2]) for line in lines[1:-1]}
    assert counted == every["by_rule"]
    assert lines[1].startswith("MS407  info")                       # most findings first
    assert lines[-1].startswith("179 条 / entries · 错误 / errors 0 · 警告 / warnings")
    table = invoke("validate", "--summary", "--format", "csv", "--today", "2025-06-30").stdout.splitlines()
    assert table[0] == "rule,severity,findings,title"
    assert {row.split(",")[0]: int(row.split(",")[2]) for row in table[1:]} == every["by_rule"]


def test_summary_of_a_clean_run(invoke):
    result = invoke("validate", "--summary", "--select", "MS101")
    assert result.stdout.splitlines()[0] == "✓ 未发现问题 / no problems found"


def test_min_severity_shows_only_findings_at_or_above_it(invoke):
    every = json.loads(invoke("validate", "--format", "json", "--today", "2025-06-30").stdout)
    shown = json.loads(invoke("validate", "--format", "json", "--today", "2025-06-30",
                              "--min-severity", "warning").stdout)
    assert shown["findings"] == [f for f in every["findings"] if f["severity"] in ("warning", "error")]
    assert shown["warnings"] == every["warnings"] > 0 and shown["infos"] == 0 < every["infos"]


def test_min_severity_does_not_hide_the_exit_code(invoke):
    """Hidden warnings still fail a --fail-on warning run: the exit code counts every finding."""
    result = invoke("validate", "--today", "2025-06-30", "--min-severity", "error", "--fail-on", "warning",
                    "--format", "json")
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 1
