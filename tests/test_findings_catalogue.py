"""One catalogue of every finding id (issue 17): MS (validate), TX (check-taxonomy), COV (gaps) — and `minestd rules`
to look one up."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from minestd.findings import COVERAGE_RULES, TAXONOMY_RULES, rule_catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "minestd"


def _ids_in_source(pattern: str) -> set[str]:
    return {m for path in SRC.rglob("*.py") if path.name != "findings.py"
            for m in re.findall(pattern, path.read_text(encoding="utf-8"))}


def test_every_id_the_code_reports_is_in_the_catalogue():
    """A new TX or COV finding without its catalogue entry (or an entry no code reports) fails here."""
    from minestd.validate import register_builtin_extensions

    ids = {e.id for e in rule_catalogue()}
    assert _ids_in_source(r'"(COV\d{3})"') == set(COVERAGE_RULES)
    assert _ids_in_source(r'"(TX\d{3})"') == set(TAXONOMY_RULES)
    assert ids == set(COVERAGE_RULES) | set(TAXONOMY_RULES) | set(register_builtin_extensions())
    assert [e.family for e in rule_catalogue()] == sorted((e.family for e in rule_catalogue()),
                                                          key=["MS", "TX", "COV"].index)


def test_titles_and_fixes_are_chinese_and_english():
    from minestd.language import one_language

    for e in rule_catalogue("TX") + rule_catalogue("COV"):
        for text in filter(None, (e.title, e.fix)):
            zh, en = one_language(text, "zh"), one_language(text, "en")
            assert zh != text and en != text and re.search(r"[\u4e00-\u9fff]", zh) and re.search("[a-z]{3}", en), text


def test_taxonomy_rules_of_integrity_come_from_the_catalogue():
    from minestd.integrity import RULES

    assert set(RULES) == set(TAXONOMY_RULES)
    assert RULES["TX003"] == "depth at most 3 (subsystem, category, sub-category)"


def test_selection_by_prefix_and_argument_checks():
    assert [e.id for e in rule_catalogue("cov00")] == ["COV001", "COV002", "COV003", "COV004", "COV005"]
    assert [e.id for e in rule_catalogue(["MS501", "TX013"])] == ["MS501", "TX013"]
    assert rule_catalogue("nothing") == ()
    with pytest.raises(TypeError, match="select"):
        rule_catalogue(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="each rule id"):
        rule_catalogue(s for s in ("COV", 5))  # type: ignore[misc]   # a generator is checked too
    assert [e.id for e in rule_catalogue(s for s in ("TX013",))] == ["TX013"]


def test_rules_command_looks_an_id_up(invoke):
    both = invoke("rules", "COV005")
    assert both.exit_code == 0 and both.stdout.splitlines() == [
        "COV005  warning  gaps / report   未放入体系，只按全体系较高阈值匹配 / not placed in the system: matched across "
        "the whole tree at the higher threshold only",
        "                                修改 / fix: 填写体系编号，或让 minestd 推断位置（不加 --no-place） / add its "
        "node id, or run without --no-place"]
    en = invoke("rules", "COV005", "--lang", "en").stdout.splitlines()
    assert en[1].strip() == "fix: add its node id, or run without --no-place"
    data = json.loads(invoke("rules", "TX", "--format", "json").stdout)
    assert len(data) == 19 and set(data[0]) == {"id", "family", "severity", "title", "command", "fix", "doc"}
    rows = list(csv.DictReader(io.StringIO(invoke("rules", "MS501", "--format", "csv", "--lang", "zh").stdout)))
    assert rows[0]["id"] == "MS501" and rows[0]["command"] == "validate"
    bad = invoke("rules", "XY")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == ("错误 / error: 没有以 'XY' 开头的规则编号 / no rule id starts with 'XY' — 运行 "
                                  "'minestd rules' 查看列表（MS…、TX…、COV…） / run 'minestd rules' for the list (MS…, "
                                  "TX…, COV…)")
