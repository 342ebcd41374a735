"""`validate --fix` and `convert` keep the user's file: every sheet, title row, style, row number and untouched cell.

The committee workbook is built here with openpyxl (cover sheet first, a merged title row above Chinese headers,
styles, widths, a formula, a notes sheet), then the copies are read back with openpyxl and compared cell by cell.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minestd.entry import respell_list, spell_scope, spell_status
from minestd.io.catalog import read_catalog
from minestd.io.copies import source_table, write_converted_copy, write_fixed_copy
from minestd.validate import cell_fixes

HEADER = ["序号", "标准号", "标准名称", "状态", "体系编号", "适用矿山", "发布日期", "负责单位"]
ROWS = [
    [1, "ＡＱ／Ｔ 1029—2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行有效", "5.02；12.01", "煤炭", "2019年5月1日", "甲"],
    [2, "GB/T 15259-2008", "矿山安全术语", "现行", "02.01", "通用", dt.datetime(2008, 7, 1), "乙"],
    [3, "AQ 1044-2007", "矿井密闭防灭火技术规范", "即将实施", "06.03", "coal", "2007-04-01", "丙"],
    [4, "MT/T 423", "空气中甲烷校准气体技术条件", None, "05.02", "Coal", None, " 丁 "],
]
FORMULA_ROW = 7        # row of ROWS[3]; its status cell is a formula whose saved value is 现行有效


def committee_workbook(path):
    """封面 (cover) · 明细表 (title row merged over the header, styled header, widths) · 说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    cover = wb.active
    cover.title = "封面"
    cover["B2"] = "某矿山安全标准化技术委员会 标准目录"
    cover.merge_cells("B2:F2")
    ws = wb.create_sheet("明细表")
    ws["A1"] = "矿山安全标准明细表（2026 年）"
    ws.merge_cells("A1:H1")
    ws["A1"].font = Font(bold=True, size=16)
    ws.append([])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.fill = PatternFill(start_color="DDEBF7", end_color="DDEBF7", fill_type="solid")
    for row in ROWS:
        ws.append(row)
    ws.cell(row=FORMULA_ROW, column=4).value = '=IF(1,"现行有效","")'
    ws.column_dimensions["C"].width = 48
    ws.freeze_panes = "A4"
    wb.create_sheet("说明")["A1"] = "状态按国家标准平台填写"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(_with_saved_formula_value(buffer.getvalue(), "D7", "现行有效"))
    return path


def _with_saved_formula_value(data: bytes, ref: str, value: str) -> bytes:
    """openpyxl saves formulas without a value; give the cell the value Excel would have saved."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                body, n = re.subn(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>'.encode(),
                                  rf'<c r="{ref}"\1 t="str"><f>\2</f><v>{value}</v>'.encode(), body)
                assert n == 1
            dst.writestr(item, body)
    return out.getvalue()


def values(ws):
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


@pytest.fixture()
def workbook(tmp_path):
    return committee_workbook(tmp_path / "目录.xlsx")


# --------------------------------------------------------------------------- words keep their language

@pytest.mark.parametrize("word, spelled", [("现行有效", "现行"), ("现行", "现行"), ("即将实施", "即将实施"),
                                           ("Current", "current"), ("作废", "被代替"), ("废止", "废止"),
                                           ("现形", None)])
def test_status_keeps_its_language(word, spelled):
    assert spell_status(word) == spelled


@pytest.mark.parametrize("word, spelled", [("煤炭", "煤矿"), ("非煤", "金属非金属矿山"), ("Coal", "coal"),
                                           ("通用", "通用"), ("井下", None)])
def test_mine_scope_keeps_its_language(word, spelled):
    assert spell_scope(word) == spelled


@pytest.mark.parametrize("cell, out", [("5.02；12.01", "05.02；12.01"), ("5.02, 5.02", "05.02"),
                                       (" 5.02 ;\n12.01", " 05.02 ;\n12.01"), ("", "")])
def test_list_cell_keeps_its_separators(cell, out):
    assert respell_list(cell, lambda v: "05.02" if v == "5.02" else v) == out


# --------------------------------------------------------------------------- --fix on the committee workbook

def test_fix_copies_the_whole_workbook_changing_only_fixed_cells(workbook, tmp_path, tx):
    from openpyxl import load_workbook

    before_bytes = workbook.read_bytes()
    catalog = read_catalog(workbook)
    assert (catalog.sheet, catalog.header_row) == ("明细表", 3)
    done = write_fixed_copy(catalog, cell_fixes(catalog, tx), tmp_path / "目录-规范化.xlsx", inputs=(workbook,))
    assert workbook.read_bytes() == before_bytes
    assert (done.whole_file, done.rows_kept, done.skipped) == (True, True, ("D7",))
    src, out = load_workbook(workbook), load_workbook(tmp_path / "目录-规范化.xlsx")
    assert out.sheetnames == src.sheetnames == ["封面", "明细表", "说明"]
    for name in ("封面", "说明"):
        assert values(out[name]) == values(src[name])
    a, b = src["明细表"], out["明细表"]
    assert [str(r) for r in b.merged_cells.ranges] == ["A1:H1"]
    assert b["A1"].font.bold and b["A1"].font.size == 16
    assert b["D3"].fill.start_color.rgb == "00DDEBF7"
    assert b.column_dimensions["C"].width == 48 and b.freeze_panes == "A4"
    changed = {"B4": "AQ/T 1029-2019", "D4": "现行", "E4": "05.02；12.01", "F4": "煤矿",
               "G4": "2019-05-01", "F7": "coal"}
    assert {k: v for k, v in values(b).items() if values(a).get(k) != v} == changed
    assert set(values(a)) == set(values(b))
    assert b["D4"].fill.start_color.rgb == a["D4"].fill.start_color.rgb and b["E4"].style_id == a["E4"].style_id
    assert b["D7"].value == '=IF(1,"现行有效","")'        # a formula is never overwritten
    with zipfile.ZipFile(workbook) as x, zipfile.ZipFile(tmp_path / "目录-规范化.xlsx") as y:
        assert x.namelist() == y.namelist()
        assert [n for n in x.namelist() if x.read(n) != y.read(n)] == ["xl/worksheets/sheet2.xml"]
    assert done.cells == 6 and done.rows == 2
    again = read_catalog(tmp_path / "目录-规范化.xlsx")
    assert [e.row for e in again.entries] == [e.row for e in catalog.entries] == [4, 5, 6, 7]


def test_fix_cli_names_what_it_kept(invoke, workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "目录.xlsx", "--fix", "--output", "目录-规范化.xlsx", "--today", "2026-12-06")
    assert result.exit_code == 1                  # the report is about the input: 5.02 is no node id (MS201)
    assert result.stderr.splitlines()[-2:] == [
        "已写入规范化副本 / wrote a normalised copy: 目录-规范化.xlsx (6 个单元格修改，涉及 2 行 / 6 cells changed in 2 "
        "rows)，保留全部工作表、格式和行号 / every sheet, style and row number kept",
        "注意 / note: 含公式的单元格未修改 / cells holding a formula were left as they are: D7"]
    again = invoke("validate", "目录-规范化.xlsx", "--today", "2026-12-06", "--format", "json")
    assert again.exit_code == 0 and "MS201" not in again.stdout and "MS106" not in again.stdout


def test_fix_into_csv_keeps_title_rows_and_row_numbers(workbook, tmp_path, tx):
    catalog = read_catalog(workbook)
    out = tmp_path / "fixed.csv"
    done = write_fixed_copy(catalog, cell_fixes(catalog, tx), out)
    assert done.rows_kept and not done.whole_file
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")          # UTF-8 with BOM: Excel on Chinese Windows reads it right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "矿山安全标准明细表（2026 年）" and rows[2] == HEADER
    assert rows[3][1:7] == ["AQ/T 1029-2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行", "05.02；12.01", "煤矿",
                            "2019-05-01"]
    assert rows[6][7] == " 丁 "                     # untouched cells stay as read, spaces included
    assert [e.row for e in read_catalog(out).entries] == [4, 5, 6, 7]


def test_fix_of_a_csv_keeps_its_encoding_and_every_other_byte(tmp_path, tx):
    text = "目录（测试）\r\n\r\n标准号,标准名称,状态,体系编号\r\nAQ 1044-2007,矿井密闭防灭火技术规范,现行有效,5.02；06.03\r\n" \
           "GB/T 15259-2008,矿山安全术语,现行,02.01\r\n"
    src = tmp_path / "gbk.csv"
    src.write_bytes(text.encode("gb18030"))
    catalog = read_catalog(src)
    write_fixed_copy(catalog, cell_fixes(catalog, tx), tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == text.replace("现行有效,5.02；", "现行,05.02；").encode("gb18030")
    write_fixed_copy(catalog, cell_fixes(catalog, tx), tmp_path / "utf8.csv", encoding="utf-8")
    assert (tmp_path / "utf8.csv").read_bytes().decode("utf-8").startswith("目录（测试）")


def test_fix_refuses_to_write_over_the_input(workbook, tx):
    from minestd.errors import MinestdError

    catalog = read_catalog(workbook)
    with pytest.raises(MinestdError, match="refusing to overwrite"):
        write_fixed_copy(catalog, cell_fixes(catalog, tx), workbook, inputs=(workbook,))


# --------------------------------------------------------------------------- convert keeps every row and cell

def test_convert_keeps_title_rows_and_cells_as_written(invoke, workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("convert", "目录.xlsx", "目录.csv")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "已写入 / wrote 目录.csv (4 条 / entries)，保留全部行和行号 / every row " \
                                             "and row number kept"
    rows = list(csv.reader(io.StringIO((tmp_path / "目录.csv").read_text(encoding="utf-8-sig"))))
    assert rows[3][:6] == ["1", "ＡＱ／Ｔ 1029—2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行有效", "5.02；12.01",
                           "煤炭"]                  # nothing normalised: that is --fix
    assert rows[6][7] == " 丁 "
    back = invoke("convert", "目录.csv", "再转.xlsx")
    assert back.exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "再转.xlsx").active
    assert ws["A1"].value == "矿山安全标准明细表（2026 年）" and ws["B3"].value == "标准号" and ws["B3"].font.bold
    assert ws.freeze_panes == "A4"
    assert [e.row for e in read_catalog(tmp_path / "再转.xlsx").entries] == [4, 5, 6, 7]


def test_convert_encoding_option(invoke, workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("convert", "目录.xlsx", "gbk.csv", "--encoding", "gb18030").exit_code == 0
    assert (tmp_path / "gbk.csv").read_bytes().decode("gb18030").startswith("矿山安全标准明细表")
    bad = invoke("convert", "目录.xlsx", "x.csv", "--encoding", "latin-1")
    assert bad.exit_code == 2 and "latin-1" in bad.stderr


# --------------------------------------------------------------------------- dirty tables: nothing lost

_CELL = st.one_of(st.sampled_from(["", " ", "现行有效", "现行", "Current", "即将实施", "作废", "5.02；12.01", "05.02",
                                   "ＡＱ／Ｔ 1029—2019", "GB/T 15259-2008", "2019年5月1日", "煤炭", "=SUM(A1)", "a,b",
                                   '含"引号"', "多\n行", "11.01-p10"]),
                  st.text(alphabet="矿山煤 ;；,、-/.0123456789ABQ", max_size=8))


def _write_input(folder, table, kind):
    src = folder / f"in.{kind}"
    if kind == "csv":
        buffer = io.StringIO(newline="")
        csv.writer(buffer, lineterminator="\r\n").writerows(table)
        src.write_text(buffer.getvalue(), encoding="utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        for row in table:
            wb.active.append([c if c else None for c in row])
        for row in wb.active.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        wb.save(src)
    return src


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title_rows=st.integers(0, 2), kind=st.sampled_from(["csv", "xlsx"]),
       body=st.lists(st.lists(_CELL, min_size=5, max_size=5), min_size=1, max_size=8))
def test_dirty_catalogs_keep_every_row_and_untouched_cell(tmp_path_factory, tx, title_rows, kind, body):
    """Dirty catalogs, as CSV or XLSX: every data row is an entry, and --fix and convert copies keep every row and
    every cell they do not mean to change."""
    folder = tmp_path_factory.mktemp("dirty")
    header = ["标准号", "标准名称", "状态", "体系编号", "建设重点"]
    table = [["目录"] + [""] * 4] * title_rows + [header] + [[c for c in row] for row in body]
    catalog = read_catalog(_write_input(folder, table, kind))
    assert len(catalog.entries) == sum(1 for row in body if any(c.strip() for c in row))   # no row dropped
    original = source_table(catalog)
    fixes = cell_fixes(catalog, tx)
    touched = {(f.row, 1 + [f for _, f in catalog.mapping].index(f.field)) for f in fixes}
    for suffix in (".csv", ".xlsx"):
        out = folder / f"out{suffix}"
        write_fixed_copy(catalog, fixes, out)
        copy = read_catalog(out)
        assert [e.row for e in copy.entries] == [e.row for e in catalog.entries]
        got = source_table(copy)
        assert len(got) == len(original)
        for r, row in enumerate(original, start=1):
            for c, cell in enumerate(row, start=1):
                if (r, c) not in touched:
                    assert (got[r - 1] + [""] * 5)[c - 1] == cell, (kind, suffix, r, c)
        converted = folder / f"conv{suffix}"
        write_converted_copy(catalog, converted)
        width = max(len(row) for row in original)
        assert [row + [""] * (width - len(row)) for row in source_table(read_catalog(converted))] == \
            [row + [""] * (width - len(row)) for row in original]
# --------------------------------------------------------------------------- the in-place sheet edit

def test_sheet_patch_replaces_inserts_and_skips_formulas():
    from minestd.io.sheetpatch import _patch_xml

    xml = (b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1" spans="1:3"><x:c r="A1" s="2" t="s"><x:v>0</x:v>'
           b'</x:c><x:c r="C1" s="3"><x:f>SUM(B2)</x:f><x:v>4</x:v></x:c></x:row><x:row r="2"/></x:sheetData>'
           b'</x:worksheet>')
    skipped: list[str] = []
    out = _patch_xml(xml, {1: {1: "现行 & <新>", 2: "插入", 3: "x"}, 2: {2: "b"}}, skipped)
    assert out == (b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1" spans="1:3">'
                   b'<x:c r="A1" s="2" t="inlineStr"><x:is><x:t xml:space="preserve">\xe7\x8e\xb0\xe8\xa1\x8c &amp; '
                   b'&lt;\xe6\x96\xb0&gt;</x:t></x:is></x:c>'
                   b'<x:c r="B1" t="inlineStr"><x:is><x:t xml:space="preserve">\xe6\x8f\x92\xe5\x85\xa5</x:t></x:is></x:c>'
                   b'<x:c r="C1" s="3"><x:f>SUM(B2)</x:f><x:v>4</x:v></x:c></x:row>'
                   b'<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t xml:space="preserve">b</x:t></x:is></x:c>'
                   b'</x:row></x:sheetData></x:worksheet>')
    assert skipped == ["C1"]


def test_sheet_patch_refuses_what_it_cannot_edit_safely():
    from minestd.io.sheetpatch import Unpatchable, _patch_xml

    with pytest.raises(Unpatchable, match="no reference"):
        _patch_xml(b'<row r="1"><c><v>1</v></c></row>', {1: {1: "x"}}, [])
    with pytest.raises(Unpatchable, match="row 5 is not in the sheet"):
        _patch_xml(b'<row r="1"></row>', {5: {1: "x"}}, [])


def test_glued_title_moves_into_the_empty_cell_of_the_workbook(tmp_path, tx):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["标准号", "标准名称", "状态"])
    ws.append(["AQ 1029-2019 煤矿安全监控系统及检查仪器使用管理规范", None, "现行"])
    wb.save(tmp_path / "glued.xlsx")
    catalog = read_catalog(tmp_path / "glued.xlsx")
    done = write_fixed_copy(catalog, cell_fixes(catalog, tx), tmp_path / "out.xlsx")
    assert (done.cells, done.rows) == (2, 1)
    out = load_workbook(tmp_path / "out.xlsx").active
    assert [c.value for c in out[2]] == ["AQ 1029-2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行"]


def test_semicolon_csv_is_read_and_its_fixed_copy_keeps_the_shape(tmp_path, tx):
    src = tmp_path / "semi.csv"
    src.write_bytes("标准号;标准名称;状态;体系编号\nAQ 1029-2019;煤矿安全监控系统;现行有效;5.02\n".encode("utf-8"))
    catalog = read_catalog(src)
    assert [(e.designation, e.status, e.nodes) for e in catalog.entries] == [("AQ 1029-2019", "现行有效", ("5.02",))]
    write_fixed_copy(catalog, cell_fixes(catalog, tx), tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == \
        "标准号;标准名称;状态;体系编号\nAQ 1029-2019;煤矿安全监控系统;现行;05.02\n".encode("utf-8")


@pytest.mark.parametrize("text, delimiter", [("a,b;c\n", ","), ("a;b;c\n1;2;3\n", ";"), ("a\tb\tc,d\n", "\t"),
                                             ("标准明细表\n\na;b\n", ";"), ("", ",")])
def test_delimiter_sniffing(text, delimiter):
    from minestd.io.textfiles import sniff_delimiter

    assert sniff_delimiter(text) == delimiter


# --------------------------------------------------------------------------- --annotate in place

def test_annotate_keeps_the_workbook_and_marks_cells(workbook, tmp_path, tx):
    from xml.etree import ElementTree

    from openpyxl import load_workbook

    from minestd.io.annotate import FILLS, FINDINGS_HEADER, annotate_xlsx
    from minestd.validate import validate

    catalog = read_catalog(workbook)
    report = validate(catalog.entries, tx, today=dt.date(2026, 12, 6))
    out = tmp_path / "批注.xlsx"
    annotate_xlsx(catalog, report.findings, out, inputs=(workbook,))
    with zipfile.ZipFile(workbook) as x, zipfile.ZipFile(out) as y:
        assert x.namelist() == y.namelist()
        assert sorted(n for n in x.namelist() if x.read(n) != y.read(n)) == ["xl/styles.xml",
                                                                              "xl/worksheets/sheet2.xml"]
        for name in ("xl/styles.xml", "xl/worksheets/sheet2.xml"):
            ElementTree.fromstring(y.read(name))                     # well-formed
    again = read_catalog(out)                                        # saved formula values kept: readable again
    assert [e.row for e in again.entries] == [4, 5, 6, 7] and again.entries[3].status == "现行有效"
    ws = load_workbook(out)["明细表"]
    assert ws["I3"].value == FINDINGS_HEADER and ws.column_dimensions["I"].width == 80
    assert ws["I3"].style_id == ws["H3"].style_id == ws["J3"].style_id           # the header's own look
    b4 = ws["B4"]                                                     # the full-width designation (MS106, info)
    assert b4.value == "ＡＱ／Ｔ 1029—2019" and b4.fill.fgColor.rgb == "FF" + FILLS["info"]
    assert ws["E4"].fill.fgColor.rgb == "FF" + FILLS["error"]         # 5.02 is no node id (MS201)
    assert "[MS201]" in ws["I4"].value and ws["I4"].alignment.wrap_text
    assert ws["J4"].value == "错误 error" and ws["J4"].fill.fgColor.rgb == "FF" + FILLS["error"]
    assert ws["A1"].font.bold and [str(r) for r in ws.merged_cells.ranges] == ["A1:H1"]
    assert ws["D7"].value == '=IF(1,"现行有效","")'


def test_libreoffice_opens_the_workbooks_edited_in_place(workbook, tmp_path, tx):
    """A real spreadsheet program (LibreOffice, headless) opens the --fix and --annotate copies and reads the new cells.
    Skipped without it — except under CI (CI=true), where it is a failure (.ci/run installs libreoffice-calc-nogui)."""
    import os
    import shutil
    import subprocess

    from minestd.io.annotate import annotate_xlsx
    from minestd.validate import validate

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("LibreOffice is required under CI: apt-get install -y libreoffice-calc-nogui")
        pytest.skip("LibreOffice not installed (apt-get install -y libreoffice-calc-nogui)")
    catalog = read_catalog(workbook)
    fixed, annotated = tmp_path / "fixed.xlsx", tmp_path / "annotated.xlsx"
    write_fixed_copy(catalog, cell_fixes(catalog, tx), fixed)
    annotate_xlsx(catalog, validate(catalog.entries, tx, today=dt.date(2026, 12, 6)).findings, annotated)
    rows = {}
    for path in (fixed, annotated):
        result = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                                 "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
                                 "false,false,2", "--outdir", str(tmp_path / "out"), str(path)],
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-1000:]
        out = tmp_path / "out" / f"{path.stem}-明细表.csv"
        rows[path.stem] = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows["fixed"][3][1:7] == ["AQ/T 1029-2019", "煤矿安全监控系统及检查仪器使用管理规范", "现行", "05.02；12.01",
                                     "煤矿", "2019-05-01"]
    assert rows["annotated"][2][8:10] == ["问题 / findings", "级别 / severity"]
    assert rows["annotated"][3][1] == "ＡＱ／Ｔ 1029—2019" and "[MS201]" in rows["annotated"][3][8]


def test_a_control_character_is_named_not_dropped(invoke, tmp_path, monkeypatch):
    """An .xlsx cell cannot hold U+000B; the copy is refused naming the cell (it used to vanish silently)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ctrl.csv").write_bytes("标准号,标准名称\nAQ 1029-2019,煤矿安全\x0b监控\n".encode("utf-8"))
    bad = invoke("convert", "ctrl.csv", "ctrl.xlsx")
    assert bad.exit_code == 2 and not (tmp_path / "ctrl.xlsx").exists()
    assert bad.stderr.strip() == ("错误 / error: ctrl.xlsx: 第 2 行 标准名称 列：单元格含 .xlsx 无法保存的控制字符"
                                  "（U+000B），未写入任何内容 / row 2, column 标准名称: the cell holds a control "
                                  "character (U+000B) that an .xlsx cell cannot store; nothing was written — "
                                  "删除该字符，或改为写出 .csv、.json 或 .yaml 副本 / remove the "
                                  "character, or write a .csv, .json or .yaml copy instead")
    assert invoke("convert", "ctrl.csv", "ctrl.json").exit_code == 0
    import json

    assert json.loads((tmp_path / "ctrl.json").read_text(encoding="utf-8"))[0]["标准名称"] == "煤矿安全\x0b监控"
