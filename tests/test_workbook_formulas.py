"""Formula cells in a catalog workbook: a saved (cached) value is read as the cell's text; a formula that was never
computed (the file was written by a program, not saved by Excel) is a one-line error naming the cell — reading it
as an empty cell would silently lose a title or a designation."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from minestd.errors import InputError
from minestd.io.catalog import read_catalog

TITLE = "煤矿安全监控系统及检测仪器使用管理规范"   # AQ 1029-2019, as published


def _workbook(path: Path, formula_cell: str) -> Path:
    """A catalog whose B3 holds ``=B2`` written as ``formula_cell`` (the raw sheet XML of that cell)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "目录"
    ws.append(["标准号", "标准名称", "状态"])
    ws.append(["AQ 1029-2019", TITLE, "现行"])
    ws.append(["AQ 1029-2019", "=B2", "现行"])
    buffer = io.BytesIO()
    wb.save(buffer)
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                start = data.index(b'<c r="B3"')
                data = data[:start] + formula_cell.encode() + data[data.index(b"</c>", start) + 4:]
            out.writestr(item, data)
    return path


@pytest.mark.parametrize("cell", [
    '<c r="B3"><f>B2</f></c>',
    '<c r="B3"><f>B2</f><v /></c>',
    '<c r="B3" t="str"><f>B2</f><v></v></c>',
])
def test_a_formula_with_no_saved_value_is_an_error_naming_the_cell(tmp_path, cell):
    path = _workbook(tmp_path / "目录.xlsx", cell)
    with pytest.raises(InputError) as caught:
        read_catalog(path)
    assert str(caught.value) == (
        f"{path}, row 3: 工作表 '目录' 的单元格 B3 是未保存计算结果的公式（会读成空值） / sheet '目录', cell B3 holds "
        "a formula with no saved value (it would read as empty) — 用 Excel 或 LibreOffice 打开工作簿并保存以计算公式，"
        "或将该列粘贴为数值 / open "
        "the workbook in Excel or LibreOffice and save it, so formulas are computed, or paste the column as values")


def test_a_formula_with_its_saved_value_reads_as_that_value(tmp_path):
    path = _workbook(tmp_path / "目录.xlsx", f'<c r="B3" t="str"><f>B2</f><v>{TITLE}</v></c>')
    assert [e.title for e in read_catalog(path).entries] == [TITLE, TITLE]


def test_the_cli_says_it_in_one_line(tmp_path, invoke):
    path = _workbook(tmp_path / "目录.xlsx", '<c r="B3"><f>B2</f></c>')
    for args in (["validate", str(path)], ["gaps", str(path)], ["classify", "--input", str(path)]):
        result = invoke(*args)
        assert result.exit_code == 2, args
        assert "cell B3 holds a formula with no saved value" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
