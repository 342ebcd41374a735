"""--sheet on every command that reads a catalog: a committee workbook often has a cover sheet first."""
from __future__ import annotations

import pytest

ROWS = [("标准号", "标准名称", "状态", "体系编号"),
        ("AQ 1018-2006", "矿井瓦斯涌出量预测方法", "现行", "05.02.02"),
        ("GB/T 20104-2006", "煤自燃倾向性色谱吸氧鉴定法", "现行", "06.02.01"),
        ("AQ 1050-2008", "保护层开采技术规范", "现行", "05.04.01"),
        ("GB/T 15259-2008", "矿山安全术语", "现行", "01.01.01")]      # real standards of the sample catalog


@pytest.fixture
def workbook(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover.append(["本单位矿山安全标准目录（2025 年版）"])
    sheet = wb.create_sheet("明细表")
    for row in ROWS:
        sheet.append(list(row))
    path = tmp_path / "目录.xlsx"
    wb.save(path)
    return path


COMMANDS = {
    "diagram": lambda f, out: ["diagram", "--catalog", f, "-f", "dot", "--output", str(out / "d")],
    "train": lambda f, out: ["train", f, "--output", str(out / "m.json"), "--iterations", "50"],
    "evaluate": lambda f, out: ["evaluate", f],
    "export": lambda f, out: ["export", "--format", "graphml", "--catalog", f, "--output", str(out / "g.graphml")],
    "classify": lambda f, out: ["classify", "--input", f, "--column", "标准名称", "--output", str(out / "c.csv")],
    "gaps": lambda f, out: ["gaps", f, "--format", "json"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_sheet_by_name_and_the_cover_sheet_is_not_taken_for_the_catalog(invoke, workbook, tmp_path, command):
    args = COMMANDS[command](str(workbook), tmp_path)
    first = invoke(*args)                                      # the cover sheet has no header: 明细表 is read
    assert first.exit_code == 0, first.stderr
    assert "已读取工作表 '明细表'" in first.stderr
    result = invoke(*args, "--sheet", "明细表")
    assert result.exit_code == 0, result.stderr
    assert invoke(*args, "--sheet", "2").exit_code == 0         # or by number
