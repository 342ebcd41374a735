"""Progress between two reports (`minestd report CATALOG --compare PREVIOUS`): the comparison, the files, the errors."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from minestd.entry import Entry
from minestd.gaps import gap_report
from minestd.progress import compare, previous_items
from minestd.report.data import report_dict

DAY = dt.date(2026, 12, 6)


def entry(row, designation, title, status, priorities, nodes=("05.02.01",)):
    return Entry(row=row, designation=designation, title=title, status=status, nodes=nodes, priorities=priorities)


BEFORE = [entry(2, "AQ/T 1047-2007", "煤矿井下煤层瓦斯压力的直接测定方法", "计划", ("05.02-p01",)),
          entry(3, "", "钻屑量测定方法", "现行", ("05.02-p06",))]
AFTER = [entry(2, "AQ/T 1047-2007", "煤矿井下煤层瓦斯压力的直接测定方法", "现行", ("05.02-p01",)),
         entry(3, "", "钻屑量测定方法", "废止", ("05.02-p06",)),
         entry(4, "", "瓦斯抽采半径测定方法", "征求意见稿", ("05.02-p03",), ("05.02",))]


@pytest.fixture(scope="module")
def reports(tx):
    previous = report_dict(gap_report(tx, BEFORE, today=dt.date(2025, 12, 1), catalog_name="2025.csv"))
    current = gap_report(tx, AFTER, today=DAY, previous=previous, previous_name="2025/gaps.json")
    return previous, current


def test_each_item_says_how_it_changed(reports):
    _, current = reports
    kinds = {i.id: (i.before, i.after, i.kind) for i in current.progress.items}
    assert kinds["05.02-p01"] == ("in_progress", "covered", "newly_covered")
    assert kinds["05.02-p06"] == ("covered", "gap", "regressed")          # its only standard was withdrawn
    assert kinds["05.02-p03"] == ("gap", "in_progress", "newly_in_progress")
    assert kinds["05.02-p02"] == ("gap", "gap", "still_gap")
    counts = current.progress.counts()
    assert counts["newly_covered"] == 1 and counts["regressed"] == 1 and counts["newly_in_progress"] == 1
    assert sum(counts.values()) == 370
    assert (current.progress.previous, current.progress.previous_date, current.progress.previous_catalog) == \
        ("2025/gaps.json", "2025-12-01", "2025.csv")


def test_links_added_and_removed_and_subsystem_counts(reports):
    _, current = reports
    links = {(lk.priority, lk.standard, lk.kind) for lk in current.progress.links}
    assert ("05.02-p03", "瓦斯抽采半径测定方法", "added") in links
    assert not any(lk.priority == "05.02-p01" for lk in current.progress.links)   # same standard, same link
    s05 = next(s for s in current.progress.subsystems if s.subsystem == "05")
    assert (s05.before["covered"], s05.after["covered"]) == (1, 1)
    assert (s05.before["in_progress"], s05.after["in_progress"]) == (1, 1)
    assert sum(s05.before.values()) == sum(s05.after.values()) == 18


def test_items_of_another_edition_are_listed_never_guessed(reports, tx):
    previous, _ = reports
    changed = json.loads(json.dumps(previous))
    changed["priorities"] = [p for p in changed["priorities"] if p["id"] != "01.01-p01"]
    changed["priorities"].append({"id": "99.01-p01", "status": "gap", "text": "另一版指南的条目", "subsystem": "99"})
    progress = compare(gap_report(tx, AFTER, today=DAY), changed)
    kinds = {i.id: i.kind for i in progress.items}
    assert kinds["01.01-p01"] == "new_item" and kinds["99.01-p01"] == "dropped_item"


@pytest.mark.parametrize("bad, error", [
    ([], (TypeError, "previous must be the JSON object of a gap report, not list")),
    ({"summary": {}}, (ValueError, "the previous report has no 'priorities' list")),
    ({"priorities": [{"id": "05.02-p01", "status": "done"}]}, (ValueError, r"priorities\[0\] has no id or no known")),
])
def test_previous_of_another_shape_is_refused(bad, error):
    with pytest.raises(error[0], match=error[1]):
        previous_items(bad)


# --------------------------------------------------------------------------- every format

def test_report_folder_with_compare(invoke, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    rows = "designation,title,status,nodes,priorities\n" + "".join(
        f"{e.designation},{e.title},{e.status},{';'.join(e.nodes)},{';'.join(e.priorities)}\n" for e in BEFORE)
    (tmp_path / "2025.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "2026.csv").write_text(rows.replace("计划", "现行").replace("现行,05.02.01,05.02-p06", "废止,05.02.01,"
                                                                                               "05.02-p06"),
                                       encoding="utf-8")
    first = invoke("report", "2025.csv", "-o", "上期", "--no-figures", "--no-place", "--date", "2025-12-01")
    assert first.exit_code == 0, first.stderr
    result = invoke("report", "2026.csv", "-o", "本期", "--no-figures", "--no-place", "--date", "2026-12-06",
                    "--compare", "上期")
    assert result.exit_code == 0, result.stderr
    assert "与上期报告（2025-12-01，上期/gaps.json）相比：新覆盖 1 项，新进入制修订 0 项，新列为待修订 0 项，倒退 1 项，仍缺失" \
        in result.stdout
    data = json.loads((tmp_path / "本期" / "gaps.json").read_text(encoding="utf-8"))
    assert data["progress"]["counts"]["newly_covered"] == 1
    assert {i["id"]: i["kind"] for i in data["progress"]["items"]} == {"05.02-p01": "newly_covered",
                                                                       "05.02-p06": "regressed"}
    table = list(csv.DictReader(io.StringIO((tmp_path / "本期" / "gaps.csv").read_text(encoding="utf-8-sig"))))
    p01 = next(r for r in table if r["id"] == "05.02-p01")
    assert (p01["previous_status"], p01["change"], p01["change_label"]) == ("in_progress", "newly_covered", "新覆盖")
    wb = load_workbook(tmp_path / "本期" / "report.xlsx")
    assert wb.sheetnames[-3:] == ["进展", "进展-子体系", "进展-关联"]
    assert [c.value for c in wb["进展"][2]] == ["新覆盖", "05.02-p01", "05", "瓦斯压力测定方法", "制修订中", "已覆盖"]
    assert wb["进展"].freeze_panes == "A2" and wb["进展"].auto_filter.ref
    md = (tmp_path / "本期" / "report.md").read_text(encoding="utf-8")
    assert "## 与上期报告相比的进展" in md and "| 新覆盖 | 05.02-p01 |" in md
    html = (tmp_path / "本期" / "report.html").read_text(encoding="utf-8")
    assert '<section id="progress">' in html and 'id="progress-items"' in html


def test_no_compare_no_progress_key(invoke):
    result = invoke("gaps", "--format", "json", "--date", "2026-12-06")
    assert result.exit_code == 0 and "progress" not in json.loads(result.stdout)


@pytest.mark.parametrize("make, line", [
    (lambda p: p.mkdir(), "错误 / error: prev: 此文件夹中没有 gaps.json / no gaps.json in this folder — 给出先前 "
                          "'minestd report' 文件夹中的 gaps.json（或该文件夹），或 'minestd gaps --format json' 的输出 "
                          "/ give the gaps.json of an earlier 'minestd "
                          "report' folder (or the folder), or 'minestd gaps --format json' output"),
    (lambda p: p.write_text("{", encoding="utf-8"), "错误 / error: prev: JSON 语法错误（第 1 行第 2 列） / invalid "
                                                    "JSON at line 1 column 2: Expecting "
                                                    "property name enclosed in double quotes — 给出先前 'minestd "
                                                    "report' 文件夹中的 gaps.json（或该文件夹），或 'minestd gaps "
                                                    "--format json' 的输出 / give the gaps.json of an "
                                                    "earlier 'minestd report' folder (or the folder), or 'minestd gaps "
                                                    "--format json' output"),
    (lambda p: p.write_text('{"entries": []}', encoding="utf-8"),
     "错误 / error: prev: 不是缺口分析报告 / not a gap report: the previous report has no 'priorities' list (is it "
     "gaps.json of minestd gaps/report?) — 给出先前 'minestd report' 文件夹中的 gaps.json（或该文件夹），或 'minestd "
     "gaps --format json' 的输出 / give the gaps.json of an earlier 'minestd report' folder (or the folder), or "
     "'minestd gaps --format json' output"),
    (lambda p: None, "错误 / error: prev: 文件不存在 / file not found — 给出先前 'minestd report' 文件夹中的 gaps.json"
                     "（或该文件夹），或 'minestd gaps --format json' 的输出 / give the gaps.json of an earlier "
                     "'minestd report' folder (or "
                     "the folder), or 'minestd gaps --format json' output"),
])
def test_bad_previous_report_is_one_line(invoke, tmp_path, monkeypatch, make, line):
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "prev")
    result = invoke("gaps", "--compare", "prev")
    assert result.exit_code == 2
    assert result.stderr.strip() == line
