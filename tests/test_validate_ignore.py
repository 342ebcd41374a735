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
    assert bad.stderr.strip() == ("错误 / error: --ignore: no rule is called 'MS9' — use rule ids such as MS501 or "
                                  "prefixes such as MS5 (see 'minestd validate --rules')")
