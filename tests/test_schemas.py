"""The published JSON Schemas (minestd schema NAME) hold for real outputs of every JSON-writing command."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from minestd.schemas import SCHEMAS, schema


def check(name: str, data) -> None:
    validator = Draft202012Validator(schema(name))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name):
    Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize("args", [
    ("gaps", "--format", "json", "--date", "2026-12-06"),                                     # the sample catalog
    ("gaps", "tests/fixtures/coverage/no-nodes.csv", "--format", "json", "--date", "2026-12-06"),   # placements
    ("gaps", "tests/fixtures/coverage/catalog.csv", "--format", "json", "--date", "2026-12-06"),    # findings
])
def test_gap_reports_match_their_schema(invoke, args, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    check("gaps", json.loads(result.stdout))


def test_gap_report_with_progress_matches(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("gaps", "--format", "json", "-o", "old.json", "--date", "2025-12-01").exit_code == 0
    result = invoke("gaps", "--format", "json", "--compare", "old.json", "--date", "2026-12-06")
    data = json.loads(result.stdout)
    assert "progress" in data
    check("gaps", data)


def test_validate_classify_and_system_table_match(invoke, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    broken = invoke("validate", "tests/fixtures/catalogs/broken.csv", "--format", "json", "--today", "2025-06-30")
    check("validate", json.loads(broken.stdout))
    check("classify", json.loads(invoke("classify", "煤矿瓦斯抽采规范", "矿井通风", "--format", "json").stdout))
    check("system-table", json.loads(invoke("system-table", "--format", "json", "--date", "2026-12-06").stdout))


def test_a_broken_output_fails_its_schema():
    """The schemas can fail: a gap report without priorities, or with an unknown status, is refused."""
    with pytest.raises(AssertionError):
        check("gaps", {"summary": {}, "nodes": [], "statistics": {}, "findings": [], "placements": []})
    with pytest.raises(AssertionError):
        check("validate", {"entries": 1, "errors": 0, "warnings": 0, "infos": 0, "by_rule": {}, "source": "",
                           "findings": [{"rule": "MS101", "severity": "fatal", "message": "", "fix": "", "row": 2,
                                         "field": None, "value": None}]})


def test_schema_command(invoke):
    listed = invoke("schema")
    assert listed.exit_code == 0 and listed.stdout.split()[0::1][:1] == ["gaps"]
    assert json.loads(invoke("schema", "validate").stdout)["title"] == "minestd validate --format json"
    bad = invoke("schema", "nope")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == ("错误 / error: 未知的 schema 'nope' / unknown schema 'nope': use one of gaps, "
                                  "validate, classify, system-table — 运行 'minestd schema' 查看列表 / run 'minestd "
                                  "schema' for the list")
