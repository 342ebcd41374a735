"""Golden Markdown and JSON coverage reports on the fixture catalog (tests/fixtures/coverage/catalog.csv).

After an intended change, regenerate with:  MINESTD_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py
and review the diff of tests/golden/reports/ like code.
"""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from conftest import FIXTURES, ROOT

GOLDEN = ROOT / "tests" / "golden" / "reports"
CATALOG = FIXTURES / "coverage" / "catalog.csv"
TODAY = dt.date(2025, 6, 1)
UPDATE = os.environ.get("MINESTD_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing golden file {path}; create it with MINESTD_UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file; if intended: MINESTD_UPDATE_GOLDEN=1 pytest {__file__}"


@pytest.fixture(scope="module")
def report(tx):
    from minestd.coverage import analyse
    from minestd.data import load_catalog

    return analyse(tx, load_catalog(CATALOG), today=TODAY, catalog_name="catalog.csv")


def test_golden_markdown_zh(report, tx):
    from minestd.report.markdown import render_markdown

    check_golden("gaps.zh.md", render_markdown(report, tx, "zh"))


def test_golden_markdown_en_node(tx):
    from minestd.coverage import analyse
    from minestd.data import load_catalog
    from minestd.report.markdown import render_markdown

    r = analyse(tx, load_catalog(CATALOG), today=TODAY, catalog_name="catalog.csv", node="05")
    check_golden("gaps-05.en.md", render_markdown(r, tx, "en"))


def test_golden_json(report):
    from minestd.report.data import report_json

    text = report_json(report)
    check_golden("gaps.json", text)
    data = json.loads(text)
    # the CLI contract (DESIGN.md): these keys, at least
    assert {"summary", "nodes", "priorities"} <= set(data)
    assert {"id", "name", "total", "covered", "in_progress", "revision_pending", "gap", "coverage"} <= set(data["nodes"][0])
    item = next(p for p in data["priorities"] if p["standards"])
    assert {"id", "node", "text", "status", "reason", "standards"} <= set(item)
    assert {"designation", "title", "status", "link", "score"} <= set(item["standards"][0])


def test_cli_markdown_matches_the_golden_file(invoke):
    result = invoke("gaps", str(CATALOG), "--format", "md", "--date", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (GOLDEN / "gaps.zh.md").read_text(encoding="utf-8")


def test_cli_json_matches_the_golden_file(invoke):
    result = invoke("gaps", str(CATALOG), "--format", "json", "--date", "2025-06-01")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == json.loads((GOLDEN / "gaps.json").read_text(encoding="utf-8"))
