"""Entries without node ids (a committee's real catalog): placed by the classifier, recorded as inferred and
shown apart in every format; --no-place leaves them unplaced as visible findings, never a silent all-gap report.
The rows of tests/fixtures/coverage/no-nodes.csv are real standards of the sample catalog (sources there)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import FIXTURES
from minestd.coverage import analyse
from minestd.entry import Entry
from minestd.gaps import gap_report
from minestd.io.catalog import read_catalog
from minestd.placement import place

NO_NODES = FIXTURES / "coverage" / "no-nodes.csv"


@pytest.fixture(scope="module")
def catalog():
    return read_catalog(NO_NODES)


def test_place_gives_each_unplaced_current_entry_a_node_with_score_and_words(tx, catalog):
    placements = place(catalog.entries, tx)
    by_row = {p.row: p for p in placements}
    assert sorted(by_row) == [2, 3, 4, 5, 6]            # row 7 is 废止: not placed, never counted
    assert by_row[4].node == "05.01" and "瓦斯地质图编制" in by_row[4].matched and not by_row[4].review
    assert by_row[5].node.startswith("06.02") and 0 < by_row[5].score <= 1
    assert by_row[2].node == "13.04.01" and by_row[2].review        # 0.44 < 0.5: flagged for review
    assert all(p.classifier == "hybrid" for p in placements)


def test_placed_entries_are_matched_and_every_link_says_placement_inferred(tx, catalog):
    report = gap_report(tx, catalog)
    s = report.summary
    assert (s.inferred_placements, s.placements_to_review, s.unplaced) == (5, 2, 1)
    covered = {p.id: p for p in report.priorities if p.status == "covered"}
    assert {"05.01-p02", "05.02-p08", "06.02-p01"} <= set(covered)
    assert all(lk.placement == "inferred" for p in covered.values() for lk in p.standards)
    assert {e.row: e.placement for e in report.entries if e.nodes}[4] == "inferred"


def test_without_placement_each_unplaced_entry_is_a_finding_not_a_silent_gap(tx, catalog):
    report = gap_report(tx, catalog, place_entries=False)
    assert report.summary.inferred_placements == 0
    assert [(f.rule, f.row) for f in report.findings] == [("COV005", r) for r in (2, 3, 4, 5, 6)]
    assert report.findings[0].message == ("未放入体系，只按全体系较高阈值匹配 / not placed in the system: its title is "
                                          "matched only across the whole tree, at the higher threshold 0.75")
    # only what the whole tree's index finds at 0.75: 矿井瓦斯涌出量预测方法 (1.0), not 瓦斯地质图 (0.58)
    assert [p.id for p in report.priorities if p.status == "covered"] == ["05.02-p08"]


def test_catalog_nodes_are_never_overridden(tx):
    entries = [Entry(row=2, title="煤矿矿井瓦斯地质图编制方法", status="current", nodes=("12.01",))]
    assert place(entries, tx) == ()
    report = gap_report(tx, entries)
    assert report.placements == () and report.entries[0].placement == "catalog"


def test_only_the_best_place_is_the_entrys_node(tx):
    entries = [Entry(row=2, title="煤矿矿井瓦斯地质图编制方法", status="current")]
    placed = place(entries, tx)[0]
    report = analyse(tx, entries, placements=[placed.model_copy(update={"node": "09.02", "alternatives": ("05.01",)})])
    assert report.entries[0].nodes == ("09.02",)
    assert report.priority("05.01-p02").status == "gap"        # 0.58: enough in its own category, not across
    report = analyse(tx, entries, placements=[placed])
    assert report.priority("05.01-p02").status == "covered"


def test_bad_review_line_is_refused(tx, catalog):
    with pytest.raises(ValueError, match="low must be between 0 and 1"):
        place(catalog.entries, tx, low=2)


@pytest.mark.parametrize("fmt", ["text", "md", "json", "csv", "html"])
def test_every_format_shows_the_inferred_placements_apart(invoke, tmp_path, fmt):
    out = tmp_path / f"gaps.{fmt}"
    result = invoke("gaps", str(NO_NODES), "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8-sig")
    marker = {"text": "5 条无体系编号的标准由归类器推断位置（2 条需复核）", "md": "## 推断的体系位置（目录未填体系编号的标准）",
              "json": '"inferred_placements": 5', "csv": "位置为推断", "html": 'id="placements-table"'}[fmt]
    assert marker in text
    if fmt == "json":
        data = json.loads(text)
        assert [p["row"] for p in data["placements"]] == [2, 3, 4, 5, 6]
        assert {lk["placement"] for p in data["priorities"] for lk in p["standards"]} == {"inferred"}
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert any("位置为推断" in r["standards"] for r in rows if r["id"] == "05.01-p02")


def test_xlsx_has_a_placements_sheet_and_marks_the_catalog_sheet(invoke, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "gaps.xlsx"
    assert invoke("gaps", str(NO_NODES), "--format", "xlsx", "--output", str(out)).exit_code == 0
    wb = load_workbook(out)
    assert wb.sheetnames[-1] == "推断位置"
    rows = list(wb["推断位置"].iter_rows(values_only=True))
    assert rows[0][:4] == ("行", "标准号", "标准名称", "推断位置") and len(rows) == 6
    standards = list(wb["标准"].iter_rows(values_only=True))
    nodes = standards[0].index("归类节点")
    assert standards[0][-1] == "位置来源" and {r[-1] for r in standards[1:] if r[nodes]} == {"推断"}


def test_no_place_option_and_unknown_classifier(invoke):
    result = invoke("gaps", str(NO_NODES), "--no-place", "--format", "json")
    data = json.loads(result.stdout)
    assert data["summary"]["unplaced"] == 6 and data["placements"] == []
    assert sum(f["rule"] == "COV005" for f in data["findings"]) == 5
    bad = invoke("gaps", str(NO_NODES), "--classifier", "magic")
    assert bad.exit_code == 2 and bad.stderr.startswith("错误 / error: 未知的归类器 'magic' / unknown --classifier "
                                                        "'magic' — 可选：")
    assert "hybrid, lexical, trained" in bad.stderr and bad.stderr.count("\n") == 1


def test_graphml_export_carries_the_placements(invoke, tmp_path):
    import networkx as nx

    out = tmp_path / "g.graphml"
    assert invoke("export", "--format", "graphml", "--catalog", str(NO_NODES), "--output", str(out)).exit_code == 0
    g = nx.read_graphml(out)
    placed = [(a, b, d) for a, b, d in g.edges(data=True) if d.get("type") == "classified_as"]
    assert placed and all(d.get("placement") == "inferred" for _, _, d in placed)
    assert any(d.get("type") == "covers" and d.get("link") == "inferred" for _, _, d in g.edges(data=True))


@pytest.mark.parametrize("fmt, words", [
    ("text", "1 条标准未放入体系（其中现行和在编的只按全体系较高阈值匹配，COV005）"),
    ("md", "1 条标准没有有效的体系编号且未推断位置；其中现行和在编的只按全体系较高阈值匹配（见问题 COV005）。"),
    ("html", "1 条标准没有有效的体系编号且未推断位置；其中现行和在编的只按全体系较高阈值匹配（问题 COV005）。"),
])
def test_the_unplaced_count_says_which_entries_the_wide_match_applies_to(invoke, tmp_path, fmt, words):
    """GB 6722-2014 is withdrawn (废止): not placed, counted as unplaced, but no COV005 — the wording says so."""
    out = tmp_path / f"gaps.{fmt}"
    result = invoke("gaps", str(NO_NODES), "--format", fmt, "--output", str(out), "--no-figures")
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert words in text
    if fmt == "text":                                # one line in the file, never broken mid-sentence
        assert any(line.endswith(words) for line in text.splitlines())
