"""The 标准体系表 (GB/T 13016): 明细表 ordered by 体系编号 with every catalog column, 统计表 with 应有数/现有数."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from minestd.entry import Catalog, Entry
from minestd.gaps import gap_report
from minestd.systemtable import system_table

DAY = dt.date(2026, 12, 6)
HEADER = ("标准号", "标准名称", "状态", "体系编号", "发布日期", "负责单位")
MAPPING = tuple(zip(HEADER, ("designation", "title", "status", "nodes", "published", "")))


def catalog(rows) -> Catalog:
    entries = tuple(Entry(row=k, designation=d, title=t, status=s, nodes=tuple(n.split(";")) if n else (),
                          published=p, extra=(("负责单位", u),)) for k, (d, t, s, n, p, u) in enumerate(rows, start=2))
    return Catalog(entries=entries, source="目录.csv", columns=HEADER, mapping=MAPPING, format="csv")


ROWS = [
    ("AQ 1029-2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行", "13.04.03", "2019-08-12", "甲"),
    ("GB/T 15259-2008", "矿山安全术语", "现行", "01.01.01", "2008-06-30", "乙"),
    ("AQ 1029-2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行", "13.04.03", "2019-08-12", "丙"),   # listed twice
    ("GB/T 15259-1994", "矿山安全术语", "被代替", "01.01.01", "1994-10-19", "丁"),
    ("", "瓦斯抽采半径测定方法", "征求意见稿", "05.02", "", "戊"),
    ("T/CCS 001-2023", "煤矿智能化术语", "现行", "01.01.01", "2023-01-01", "己"),
]


@pytest.fixture(scope="module")
def table(tx):
    cat = catalog(ROWS)
    return system_table(tx, cat, gap_report(tx, cat, today=DAY, place_entries=False))


def test_detail_is_ordered_by_node_then_level_and_keeps_every_column(table):
    assert [(r.node, r.designation) for r in table.rows] == [
        ("01.01.01", "GB/T 15259-1994"), ("01.01.01", "GB/T 15259-2008"), ("01.01.01", "T/CCS 001-2023"),
        ("05.02", ""), ("13.04.03", "AQ 1029-2019"), ("13.04.03", "AQ 1029-2019")]
    assert [r.number for r in table.rows] == [1, 2, 3, 4, 5, 6]
    assert table.columns == HEADER
    assert table.rows[0].cells == ("GB/T 15259-1994", "矿山安全术语", "被代替", "01.01.01", "1994-10-19", "丁")
    assert table.rows[0].path == "矿山安全基础通用 › 基础标准 › 术语标准" and table.rows[0].placement == "catalog"


def test_a_standard_listed_twice_counts_once(table):
    repeats = [(r.row, r.repeat_of) for r in table.rows if r.repeat_of is not None]
    assert repeats == [(4, 2)] and table.repeats == 1


def test_counts_existing_in_progress_open_and_due(table, tx):
    by_id = {c.id: c for c in table.counts}
    assert (by_id["01"].existing, by_id["01"].in_progress) == (2, 0)          # the 1994 edition is superseded
    assert (by_id["13"].existing, by_id["05"].in_progress) == (1, 1)          # AQ 1029 once; the draft
    assert by_id["01"].by_level["national"] == 1 and by_id["01"].by_level["group"] == 1
    report = gap_report(tx, catalog(ROWS), today=DAY, place_entries=False)
    gaps_05 = sum(1 for p in report.priorities if p.subsystem == "05" and p.status == "gap")
    assert by_id["05"].open_items == gaps_05 and by_id["05"].should == 0 + 1 + gaps_05
    assert by_id["05"].share == 0.0
    total = by_id["total"]
    assert total.existing == 3 and total.in_progress == 1              # AQ 1029 once, GB/T 15259-2008, T/CCS 001
    assert total.open_items == sum(1 for p in report.priorities if p.status == "gap")
    assert total.should == sum(c.should for c in table.counts if c.id != "total")


def test_catalog_must_be_a_catalog(tx):
    with pytest.raises(TypeError, match="catalog must be a Catalog"):
        system_table(tx, [Entry(title="x")], gap_report(tx, [], today=DAY))


# --------------------------------------------------------------------------- files and command

def write_csv(path, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_workbook(invoke, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "目录.csv", ROWS)
    result = invoke("system-table", "目录.csv", "-o", "体系表.xlsx", "--no-place", "--date", "2026-12-06")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "已写入 / wrote 体系表.xlsx (6 行 / rows)"
    wb = load_workbook(tmp_path / "体系表.xlsx")
    assert wb.sheetnames == ["明细表", "统计表", "结构图", "编制说明"]
    detail = wb["明细表"]
    assert [c.value for c in detail[1]] == ["序号", "体系编号", "体系位置", "位置来源", "级别", "对应建设重点", "重复",
                                            *HEADER]
    second = [c.value for c in detail[3]]
    assert second[:5] == [2, "01.01.01", "矿山安全基础通用 › 基础标准 › 术语标准", "目录", "国家标准"]
    assert second[11] == dt.datetime(2008, 6, 30) and detail.cell(3, 12).number_format == "yyyy-mm-dd"
    assert [c.value for c in detail[7]][6] == 2                                   # repeat of row 2
    stats = wb["统计表"]
    assert [c.value for c in stats[1]][:7] == ["子体系编号", "子体系", "现有数", "在编数", "待制定数", "应有数", "现有数/应有数"]
    last = [c.value for c in stats[stats.max_row]]
    assert last[1] == "合计" and last[2:4] == [3, 1] and stats.cell(stats.max_row, 1).font.b
    assert stats.cell(2, 7).number_format == "0.0%"
    assert detail.page_setup.paperSize == 9 and detail.freeze_panes == "A2"
    assert "目录中有 1 行重复列出已列过的标准，只计一次。" in [r[0] for r in wb["编制说明"].iter_rows(values_only=True)]


def test_csv_json_and_text(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "目录.csv", ROWS)
    base = ("system-table", "目录.csv", "--no-place", "--date", "2026-12-06")
    assert invoke(*base, "-o", "明细表.csv").exit_code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "明细表.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:8] == ["序号", "体系编号", "体系位置", "位置来源", "级别", "对应建设重点", "重复", "标准号"]
    assert len(rows) == 7
    data = json.loads(invoke(*base, "--format", "json").stdout)
    assert data["repeats"] == 1 and data["counts"][-1]["id"] == "total" and data["counts"][-1]["existing"] == 3
    assert set(data["counts"][0]) >= {"id", "name", "existing", "in_progress", "open_items", "should", "share",
                                      "by_level"}
    text = invoke(*base).stdout.splitlines()
    assert text[0].split() == ["子体系编号", "子体系", "现有数", "在编数", "待制定数", "应有数", "现有数/应有数"]
    assert text[-1].startswith("现有数/应有数；应有数 = 现有数 + 在编数 + 尚无标准对应的建设重点数。目录中有 1 行重复")


def test_xlsx_needs_output(invoke):
    result = invoke("system-table", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("错误 / error: --format xlsx 需要 --output / --format xlsx needs --output — add "
                                     "--output 体系表.xlsx")


def test_format_and_output_suffix_must_agree(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("system-table", "--format", "json", "-o", "体系表.xlsx")
    assert result.exit_code == 2 and not (tmp_path / "体系表.xlsx").exists()
    assert result.stderr.strip() == ("错误 / error: --format json 与输出文件 体系表.xlsx（xlsx）不符 / --format json "
                                     "does not match the output file 体系表.xlsx (xlsx) — 去掉 --format（由后缀决定），"
                                     "或让文件名用 json 的后缀 / "
                                     "drop --format (the suffix decides) or name the file with a suffix for json")
    assert invoke("system-table", "-o", "体系表.txt").exit_code == 0
    assert (tmp_path / "体系表.txt").read_text(encoding="utf-8").startswith("子体系编号")
    assert invoke("system-table", "--format", "csv", "-o", "体系表.csv").exit_code == 0


def test_report_folder_holds_the_system_table(invoke, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    result = invoke("report", "-o", "out", "--no-figures", "--date", "2026-12-06")
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(tmp_path / "out" / "体系表.xlsx")
    assert wb["明细表"].max_row == 180                      # the sample catalog's 179 rows + header
    assert wb["结构图"]["A2"].value.startswith("结构图见《矿山安全标准体系建设指南》图1–图16")
