"""Reading and writing catalogs: encodings, Chinese headers, XLSX/JSON/YAML, --columns, round trips."""
from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minestd.entry import FIELDS, LIST_FIELDS, Catalog, Entry
from minestd.errors import InputError, MinestdError
from minestd.io.catalog import catalog_rows, header_field, parse_columns, read_catalog, write_catalog

from conftest import FIXTURES

CATALOGS = FIXTURES / "catalogs"


def core(entry: Entry) -> tuple:
    """What every format of the good fixture must agree on (statuses are 现行 in the Chinese files)."""
    return (entry.row, entry.designation, entry.title, entry.nodes, entry.priorities, entry.mine_scope,
            entry.published, entry.effective, entry.replaces, entry.replaced_by, entry.status_code)


@pytest.fixture(scope="module")
def good() -> Catalog:
    return read_catalog(CATALOGS / "good.csv")


def test_reads_english_csv_with_rows_and_lists(good):
    assert [e.row for e in good.entries] == [2, 3, 4, 5, 6, 7]
    first = good.entries[0]
    assert first.designation == "AQ/T 9901-2022"
    assert first.nodes == ("05.02.01",) and first.priorities == ("05.02-p01",)
    assert first.replaces == ("AQ/T 9901-2012",)
    assert good.entries[4].mine_scope == "coal;metal-nonmetal"
    assert good.columns[:3] == ("designation", "title", "status")
    assert good.format == "csv" and good.encoding == "utf-8" and good.header_row == 1


@pytest.mark.parametrize("name, encoding", [("gb18030.csv", "gb18030"), ("utf8-bom.csv", "utf-8-sig")])
def test_detects_csv_encoding_and_chinese_headers(good, name, encoding):
    catalog = read_catalog(CATALOGS / name)
    assert catalog.encoding == encoding
    assert [core(e) for e in catalog.entries] == [core(e) for e in good.entries]
    assert dict(catalog.mapping)["标准号"] == "designation"
    assert dict(catalog.mapping)["负责单位"] == ""
    assert catalog.entries[0].extra == (("负责单位", "单位1"),)
    assert catalog.entries[0].status == "现行" and catalog.entries[0].status_code == "current"


def test_reads_xlsx_dates_sheets_and_unknown_column(good):
    catalog = read_catalog(CATALOGS / "chinese-headers.xlsx")
    assert catalog.sheet == "明细表"
    assert [core(e) for e in catalog.entries] == [core(e) for e in good.entries]
    assert catalog.entries[0].published == "2022-03-01"     # an Excel date cell
    assert catalog.columns[-1] == "负责单位"
    assert read_catalog(CATALOGS / "chinese-headers.xlsx", sheet="1").entries == catalog.entries


def test_unknown_sheet_names_the_sheets():
    with pytest.raises(InputError) as err:
        read_catalog(CATALOGS / "chinese-headers.xlsx", sheet="附表")
    assert str(err.value).endswith("没有名为 '附表' 的工作表 / no sheet named '附表' — --sheet 可用：明细表, 说明"
                                   "（或从 1 起的序号） / use --sheet with one of: 明细表, 说明 (or a 1-based number)")


def test_title_rows_above_the_header_keep_real_row_numbers():
    catalog = read_catalog(CATALOGS / "title-row.xlsx")
    assert catalog.header_row == 3
    assert catalog.entries[0].row == 4 and catalog.entries[0].designation == "AQ/T 9901-2022"


@pytest.mark.parametrize("name", ["good.json", "good.yaml"])
def test_reads_json_and_yaml(good, name):
    catalog = read_catalog(CATALOGS / name)
    assert [core(e) for e in catalog.entries] == [core(e) for e in good.entries]


def test_blank_rows_are_skipped_but_rows_keep_their_numbers(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("标准号,标准名称,备注\nAQ 1029-2019,煤矿安全监控系统,\n,,\n,标题缺标准号,\n\n", encoding="utf-8")
    catalog = read_catalog(path)
    assert [(e.row, e.designation, e.title) for e in catalog.entries] == [
        (2, "AQ 1029-2019", "煤矿安全监控系统"), (4, "", "标题缺标准号")]


def test_cells_beyond_the_header_are_kept(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("designation,title\nAQ 1029-2019,煤矿安全监控系统\nAQ 1018-2006,煤矿安全规程,多出的值\n",
                    encoding="utf-8")
    catalog = read_catalog(path)
    assert catalog.columns == ("designation", "title", "column3")
    assert [e.extra for e in catalog.entries] == [(("column3", ""),), (("column3", "多出的值"),)]


def test_header_aliases():
    assert header_field("标准编号") == "designation"
    assert header_field("体系编号(多个用;分隔)") == "nodes"
    assert header_field("Replaced By") == "replaced_by"
    assert header_field("中国标准分类号") == "ccs"
    assert header_field("负责单位") is None


def test_columns_mapping(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("No.,Standard Title,Where\nAQ 1029-2019,煤矿安全监控系统,05.02\n", encoding="utf-8")
    catalog = read_catalog(path, columns=parse_columns("No.=designation, Standard Title=title,Where=nodes"))
    assert catalog.entries[0].designation == "AQ 1029-2019" and catalog.entries[0].nodes == ("05.02",)


def test_columns_naming_a_missing_header(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("编号,名称\nAQ 1029-2019,煤矿安全监控系统\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_catalog(path, columns={"代号": "designation"})
    assert str(err.value) == (f"{path}: 文件无此列 / --columns names a column that is not in the file: 代号 — "
                              "表头为：编号, 名称 / the headers are: 编号, 名称")


@pytest.mark.parametrize("text, message", [
    ("编号", "--columns 项格式不对 / bad --columns item '编号': expected HEADER=FIELD"),
    ("编号=code", "未知字段 'code' / unknown field 'code' in --columns item '编号=code'"),
])
def test_parse_columns_errors(text, message):
    with pytest.raises(MinestdError) as err:
        parse_columns(text)
    assert err.value.message == message


def test_parse_columns_keeps_extra():
    assert parse_columns("编号=designation;备注2=extra") == {"编号": "designation", "备注2": ""}


@pytest.mark.parametrize("name, message", [
    ("missing.csv", "文件不存在 / file not found — 检查路径 / check the path"),
    ("not-a-workbook.xlsx", "不是可读取的 .xlsx 工作簿 / not a readable .xlsx workbook (BadZipFile) — 用 Excel 或 "
                            "LibreOffice 打开并重新另存为 .xlsx / open it in Excel or LibreOffice and save "
                            "it again as .xlsx"),
    ("bad-encoding.csv", "无法按 utf-8 或 gb18030 编码解码文件 / cannot decode the file as utf-8 or gb18030 — save "
                         "it as CSV UTF-8 (Excel: 另存为 → CSV UTF-8) or as .xlsx"),
    ("no-designation.csv", "缺少必需的列 / no designation (标准号) column found; headers are: 名称, 状态 — 把表头改为 "
                           "标准号/designation, 标准名称/title，或用 --columns 映射列名 / rename the header "
                           "(标准号/designation, 标准名称/title) or map it with --columns \"编号=designation,名称=title\""),
])
def test_unreadable_inputs(name, message):
    with pytest.raises(InputError) as err:
        read_catalog(CATALOGS / name)
    assert str(err.value) == f"{CATALOGS / name}: {message}"


def test_unsupported_formats(tmp_path):
    with pytest.raises(InputError, match=r"old Excel .xls files are not supported — 另存为 .xlsx / open it in Excel"):
        read_catalog(tmp_path / "a.xls")
    with pytest.raises(InputError, match=r"unknown catalog format '.doc'"):
        read_catalog(tmp_path / "a.doc")


def test_json_must_be_a_list_of_objects(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"designation": "AQ 1029-2019"}', encoding="utf-8")
    with pytest.raises(InputError, match="expected a list of objects"):
        read_catalog(path)
    path.write_text('[{"designation": "AQ 1029-2019", "title": "x"}, 3]', encoding="utf-8")
    with pytest.raises(InputError, match="row 3: 第 2 项不是对象 / item 2 is a number, not an object"):
        read_catalog(path)
    path.write_text('[{"designation": "AQ 1029-2019",', encoding="utf-8")
    with pytest.raises(InputError, match="invalid JSON at line 1"):
        read_catalog(path)


@pytest.mark.parametrize("source", ["good.csv", "gb18030.csv", "chinese-headers.xlsx", "title-row.xlsx",
                                    "good.json", "good.yaml"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json", ".jsonl", ".yaml"])
def test_write_read_round_trip_keeps_columns_and_entries(tmp_path, source, suffix):
    catalog = read_catalog(CATALOGS / source)
    out = write_catalog(catalog, tmp_path / f"out{suffix}")
    again = read_catalog(out)
    assert again.columns == catalog.columns
    if suffix in (".csv", ".xlsx") and catalog.header_row == 1:
        assert again.entries == catalog.entries          # same rows, too
    else:
        assert [e.model_copy(update={"row": None}) for e in again.entries] == \
               [e.model_copy(update={"row": None}) for e in catalog.entries]


def test_csv_is_written_back_in_its_encoding(tmp_path):
    catalog = read_catalog(CATALOGS / "gb18030.csv")
    out = write_catalog(catalog, tmp_path / "out.csv")
    assert out.read_bytes().decode("gb18030").startswith("标准号,标准名称")
    assert read_catalog(out).encoding == "gb18030"


def test_blank_rows_are_put_back_on_write(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("designation,title\nAQ 1029-2019,a\n,\nAQ 1018-2006,b\n", encoding="utf-8")
    catalog = read_catalog(path)
    assert catalog_rows(catalog) == [["designation", "title"], ["AQ 1029-2019", "a"], ["", ""], ["AQ 1018-2006", "b"]]


def test_write_refuses_to_overwrite_the_input(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("designation,title\nAQ 1029-2019,a\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(MinestdError, match="refusing to overwrite the input file"):
        write_catalog(read_catalog(path), path, inputs=[path])
    assert path.read_bytes() == before


def test_entries_without_a_catalog_get_the_standard_columns(tmp_path):
    entries = [Entry(designation="AQ 1029-2019", title="煤矿安全监控系统", nodes=("05.02",), extra=(("负责", "x"),))]
    out = write_catalog(entries, tmp_path / "e.csv")
    catalog = read_catalog(out)
    assert catalog.columns == (*FIELDS, "负责")
    assert catalog.entries[0].model_copy(update={"row": None}) == entries[0]


def test_load_catalog_default_is_the_sample(monkeypatch, tmp_path):
    from minestd import data

    sample = tmp_path / "sample.csv"
    sample.write_text("designation,title\nAQ 1029-2019,煤矿安全监控系统\n", encoding="utf-8")
    monkeypatch.setattr(data, "sample_catalog_path", lambda: sample)
    assert data.load_catalog().entries[0].designation == "AQ 1029-2019"
    assert data.load_catalog(CATALOGS / "good.csv").source == str(CATALOGS / "good.csv")


# --------------------------------------------------------------------------- hypothesis round trip

_CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                       exclude_characters="\ufeff\u0085"), max_size=12).map(str.strip)
_ITEM = st.text(alphabet=string.ascii_letters + string.digits + ".-/ 煤矿标准", min_size=1, max_size=10) \
    .map(str.strip).filter(bool)


@st.composite
def _entries(draw) -> list[Entry]:
    n = draw(st.integers(min_value=1, max_value=6))
    extra_names = draw(st.lists(st.sampled_from(["负责单位", "备注2", "x"]), unique=True, max_size=2))
    result = []
    for _ in range(n):
        values = {f: (tuple(draw(st.lists(_ITEM, max_size=3))) if f in LIST_FIELDS else draw(_CELL)) for f in FIELDS}
        values["designation"] = draw(_ITEM)      # never an entirely blank row
        extra = tuple((name, draw(_CELL)) for name in extra_names)
        result.append(Entry(**values, extra=extra))
    return [e.model_copy(update={"row": i + 2}) for i, e in enumerate(result)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=_entries())
def test_round_trip_random_entries(tmp_path, suffix, entries):
    out = write_catalog(entries, tmp_path / f"r{suffix}")
    if suffix == ".jsonl":   # a JSON Lines entry's row is its line
        entries = [e.model_copy(update={"row": e.row - 1}) for e in entries]
    assert list(read_catalog(out).entries) == entries


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_blank_rows_and_formula_like_text_survive_a_round_trip(tmp_path, suffix):
    path = tmp_path / "c.csv"
    path.write_text("designation,title,负责\nAQ 1029-2019,a,=1+1\n,,\n\nAQ 1018-2006,b,\n", encoding="utf-8")
    catalog = read_catalog(path)
    again = read_catalog(write_catalog(catalog, tmp_path / f"out{suffix}"))
    assert again.entries == catalog.entries
    assert [e.row for e in again.entries] == [2, 5]
    assert again.entries[0].extra == (("负责", "=1+1"),)


def test_an_unclosed_quote_is_an_error_naming_its_row_not_a_swallowed_catalog(invoke, tmp_path):
    from minestd.errors import MinestdError
    from minestd.io.catalog import read_catalog

    path = tmp_path / "quote.csv"
    path.write_text('designation,title,status\nAQ 1-2020,正常,current\nAQ 2-2020,"未闭合的引号,current\n'
                    'AQ 3-2020,第三行,current\nAQ 4-2020,第四行,current\n', encoding="utf-8")
    with pytest.raises(MinestdError) as err:
        read_catalog(path)
    assert "row 3: a quote (\") opened in this row is never closed" in str(err.value)
    result = invoke("validate", str(path))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "row 3: a quote" in result.stderr
    # stray quotes inside a cell and a quoted cell over two lines are still read, row by row
    ok = tmp_path / "ok.csv"
    ok.write_text('designation,title,status\nAQ 1-2020,"ab"cd,current\nAQ 2-2020,"两行\n标题",current\n'
                  'AQ 3-2020,三,current\n', encoding="utf-8")
    assert [e.row for e in read_catalog(ok).entries] == [2, 3, 4]       # spreadsheet rows: one per record


@pytest.mark.parametrize("name, content, message", [
    ("deep.json", "[" * 100_000 + "]" * 100_000,
     "JSON 嵌套过深，不是标准目录 / JSON nested too deeply to be a catalog"),
    ("bigint.json", '[{"designation": ' + "9" * 5000 + ', "title": "x"}]',
     "JSON 数值超出范围 / JSON value out of range"),
    ("aliases.yaml", '- &a {designation: "AQ 1-2020", title: x}\n' + "- *a\n" * 120,
     "YAML 用了超过 100 个别名（*name），可能无限展开，拒绝读取 / the YAML uses more than 100 aliases (*name)"),
])
def test_hostile_json_and_yaml_are_one_line_errors(invoke, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"错误 / error: {path}: {message}")


def test_output_errors_are_one_line_errors_and_write_nothing(invoke, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    r = invoke("gaps", "--format", "json", "--output", str(folder))
    assert r.exit_code == 2 and r.stderr == f"错误 / error: {folder}: 是文件夹，不是文件 / {folder}: is a folder, " \
                                           "not a file — 给出文件名，如 --output gaps.json / give a file name, " \
                                           "e.g. --output gaps.json\n"
    plain = tmp_path / "plain-file"
    plain.write_text("x", encoding="utf-8")
    r = invoke("report", "--output", str(plain), "--no-figures")
    assert r.exit_code == 2 and "is a file, not a folder" in r.stderr and plain.read_text(encoding="utf-8") == "x"
    out = tmp_path / "rep"
    (out / "report.md").mkdir(parents=True)           # one target collides: nothing is written
    r = invoke("report", "--output", str(out), "--no-figures")
    assert r.exit_code == 2 and "report.md: is a folder, not a file" in r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.md"]


def test_a_path_with_rich_markup_is_printed_as_it_is(invoke, tmp_path):
    folder = tmp_path / "a[" / "]b"        # the path reads a[/]b: rich markup if printed unescaped
    folder.mkdir(parents=True)
    path = folder / "c.csv"
    path.write_text("designation,title,status\nAQ 1,x,current\n", encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 0 and "internal error" not in result.output


def test_a_damaged_sheet_and_an_over_long_csv_cell_are_one_line_errors(invoke, tmp_path):
    import zipfile

    source = zipfile.ZipFile(CATALOGS / "chinese-headers.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    r = invoke("validate", str(damaged))
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "sheet '明细表' is damaged and cannot be read" in r.stderr
    long = tmp_path / "long.csv"
    long.write_text("title\n" + "煤" * 140_000 + "\n", encoding="utf-8")
    r = invoke("classify", "--input", str(long), "--output", str(tmp_path / "out.csv"))
    assert r.exit_code == 2 and "field larger than field limit (131072)" in r.stderr and r.stderr.count("\n") == 1


def test_a_cell_too_long_for_xlsx_is_an_error_not_a_cut(invoke, tmp_path):
    source = tmp_path / "long-notes.csv"
    source.write_text("designation,title,status,notes\nAQ 1-2020,标题,current," + "长" * 40_000 + "\n", encoding="utf-8")
    out = tmp_path / "copy.xlsx"
    r = invoke("convert", str(source), str(out))
    assert r.exit_code == 2 and not out.exists()
    assert r.stderr == (f"错误 / error: {out}: 第 2 行 notes 列：单元格有 40,000 个字符，超出 .xlsx 上限（32,767），"
                        "未写入任何内容 / row 2, column notes: a cell of 40,000 characters does not fit in an "
                        ".xlsx cell (at most 32,767); nothing was written — 改为写出 .csv、.json 或 .yaml 副本，或缩短"
                        "该单元格 / write a .csv, .json or .yaml copy instead, or shorten the cell\n")
    assert invoke("convert", str(source), str(tmp_path / "copy.json")).exit_code == 0


def test_report_cells_longer_than_xlsx_allows_are_cut_visibly():
    from minestd.io.cells import XLSX_CELL_LIMIT, fit_cell

    long = "标" * 40_000
    cut = fit_cell(long)
    assert len(cut) <= XLSX_CELL_LIMIT and cut.endswith("字未显示，见 JSON 或 CSV）") and "7,2" not in cut
    assert fit_cell(long, "en").endswith("more characters: see the JSON or CSV)") and fit_cell("短") == "短"


def test_a_file_mixing_utf8_and_gbk_lines_names_the_first_odd_line(invoke, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("designation,title,status\nAQ 1-2020,煤矿安全,current\n".encode("utf-8")
                     + "AQ 2-2020,煤矿通风,current\n".encode("gbk"))
    r = invoke("validate", str(path))
    assert r.exit_code == 2 and r.stderr == (f"错误 / error: {path}: 第 3 行不是 UTF-8，而另有 1 行是：文件混用了"
                                             "两种编码 / line 3: this line is not UTF-8 while 1 other "
                                             "line(s) are — the file mixes two encodings — save the whole file as CSV "
                                             "UTF-8 (Excel: 另存为 → CSV UTF-8) or as .xlsx\n")
    assert invoke("validate", str(CATALOGS / "gb18030.csv")).exit_code == 0      # a whole GB18030 file is fine


def test_yaml_keys_that_collide_as_text_are_an_error(invoke, tmp_path):
    path = tmp_path / "keys.yaml"
    path.write_text("- designation: AQ 1-2020\n  title: x\n  1: a\n  '1': b\n", encoding="utf-8")
    r = invoke("validate", str(path))
    assert r.exit_code == 2 and r.stderr == (f"错误 / error: {path}, row 2: 键 '1' 重复 / item 1 has the key '1' "
                                             "twice (e.g. 1 and "
                                             "'1'): one value would be lost — give every key of an item a different "
                                             "name\n")


def test_a_temporary_file_left_by_a_killed_run_is_removed_by_the_next_write(tmp_path):
    import os
    import time

    from minestd.io.atomic import STALE_AFTER_S, write_text

    target = tmp_path / "gaps.json"
    stale = tmp_path / ".gaps.json.k1ll3d.tmp"
    fresh = tmp_path / ".gaps.json.wr1t1ng.tmp"        # another run writing right now: left alone
    for path in (stale, fresh):
        path.write_text("half", encoding="utf-8")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(stale, (old, old))
    write_text(target, "{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n" and not stale.exists() and fresh.exists()


def test_a_catalog_can_be_piped_in(runner, tmp_path):
    """FILE = - reads standard input: CSV, an .xlsx (a zip) or JSON, named <stdin> in messages."""
    import json

    from minestd.cli import app

    csv_text = (FIXTURES / "catalogs" / "good.csv").read_bytes()
    result = runner.invoke(app, ["validate", "-", "--format", "json", "--today", "2025-06-30"], input=csv_text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["source"] == "<stdin>"
    xlsx = (FIXTURES / "catalogs" / "title-row.xlsx").read_bytes()
    gaps = runner.invoke(app, ["gaps", "-", "--format", "json", "--date", "2026-12-06"], input=xlsx)
    assert gaps.exit_code == 0 and json.loads(gaps.stdout)["summary"]["entries"] == 6
    empty = runner.invoke(app, ["validate", "-"], input=b"")
    assert empty.exit_code == 2
    assert empty.stderr.strip() == ("错误 / error: <stdin>: 标准输入为空 / standard input is empty — pipe a catalog "
                                    "in, e.g. cat 目录.csv | minestd validate -")
    bad = runner.invoke(app, ["validate", "-"], input=b"a,b\n1,2\n")
    assert bad.exit_code == 2 and bad.stderr.startswith("错误 / error: <stdin>: 缺少必需的列 / no designation")
