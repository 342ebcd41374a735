"""A committee workbook often starts with a cover sheet: without --sheet, the catalog is read from the first sheet
that has the header, and the user is told which; when no sheet has it, the error lists the sheets and --sheet."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from minestd.errors import InputError
from minestd.io.catalog import read_catalog

ROWS = [["标准号", "标准名称", "状态", "体系编号"],
        ["AQ 1029-2019", "煤矿安全监控系统及检测仪器使用管理规范", "现行", "05.03"]]   # as published
NOTE = ("注意 / note: 第一个工作表 '封面' 没有表头，已读取工作表 '明细表' / the first sheet '封面' has no header row; "
        "read sheet '明细表' (choose another with --sheet)")


def _workbook(path: Path, *, catalog_sheet: bool = True) -> Path:
    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover.append(["某矿山安全标准化技术委员会 标准目录"])
    cover.append(["编制日期", "2025-06"])
    if catalog_sheet:
        ws = wb.create_sheet("明细表")
        ws.append(["标准明细表"])
        for row in ROWS:
            ws.append(row)
    wb.save(path)
    return path


def test_the_sheet_with_the_header_is_read_and_named(tmp_path):
    cat = read_catalog(_workbook(tmp_path / "目录.xlsx"))
    assert cat.sheet == "明细表" and cat.header_row == 2
    assert [(e.row, e.designation) for e in cat.entries] == [(3, "AQ 1029-2019")]
    assert cat.notes == (NOTE.removeprefix("注意 / note: "),)


def test_an_explicit_sheet_is_never_second_guessed(tmp_path):
    path = _workbook(tmp_path / "目录.xlsx")
    with pytest.raises(InputError, match="no designation"):
        read_catalog(path, sheet="封面")
    assert read_catalog(path, sheet="明细表").notes == ()


def test_no_sheet_with_a_header_names_the_sheets_and_sheet_option(tmp_path):
    path = _workbook(tmp_path / "目录.xlsx", catalog_sheet=False)
    path2 = tmp_path / "two.xlsx"
    wb = Workbook()
    wb.active.title = "封面"
    wb.active.append(["说明"])
    wb.create_sheet("附录").append(["附录 A"])
    wb.save(path2)
    with pytest.raises(InputError) as one:
        read_catalog(path)
    assert "none of the sheets" not in str(one.value)       # one sheet: the error is the plain one
    with pytest.raises(InputError) as two:
        read_catalog(path2)
    assert "(in none of the sheets: 封面, 附录)" in str(two.value)
    assert str(two.value).endswith("choose the sheet with --sheet NAME")


@pytest.mark.parametrize("args", [["validate", "{f}", "--format", "json"], ["gaps", "{f}", "--format", "json"],
                                  ["export", "--format", "graphml", "--catalog", "{f}"],
                                  ["diagram", "05", "--catalog", "{f}", "--output", "{d}/d", "-f", "dot"],
                                  ["train", "{f}", "--output", "{d}/m.json", "--iterations", "50"]])
def test_every_catalog_command_tells_which_sheet_it_read(tmp_path, invoke, args):
    path = _workbook(tmp_path / "目录.xlsx")
    result = invoke(*[a.format(f=path, d=tmp_path) for a in args])
    assert result.exit_code in (0, 1), result.stderr
    assert NOTE in result.stderr.splitlines()


def test_classify_input_reads_the_sheet_that_names_the_title_column(tmp_path, invoke):
    path = _workbook(tmp_path / "目录.xlsx")
    result = invoke("classify", "--input", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    # classify --input reads with the catalog reader: the same note as every other command
    assert NOTE in result.stderr.splitlines()
    assert '"煤矿安全监控系统及检测仪器使用管理规范"' in result.stdout
