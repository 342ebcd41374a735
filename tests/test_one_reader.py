"""classify --input reads with the catalog reader, like every other command: the same formats (JSON Lines and YAML
too), the same errors, and its own choice of the title column on top."""
from __future__ import annotations

import json

import pytest

from minestd.data import load_catalog
from minestd.io.catalog import read_catalog, write_catalog

TITLES = ["煤矿用自动隔爆装置安全技术要求", "尾矿库安全规程"]


def test_classify_reads_a_yaml_catalog(invoke, tmp_path):
    path = tmp_path / "目录.yaml"
    path.write_text("".join(f"- 序号: {i}\n  标准名称: {t}\n" for i, t in enumerate(TITLES, 1)), encoding="utf-8")
    out = tmp_path / "placed.jsonl"
    result = invoke("classify", "--input", str(path), "--output", str(out), "--top", "1")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["序号"] for line in lines] == [1, 2]              # the items keep their own value types
    assert [line["suggestions"][0]["id"] for line in lines] == ["12.02.01", "01.02"]


def test_the_only_column_is_the_title_column_whatever_its_header(invoke, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Standards\n" + "\n".join(TITLES) + "\n", encoding="utf-8")
    result = invoke("classify", "--input", str(path), "--format", "jsonl", "--top", "1")
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == TITLES


def test_no_title_column_among_several_is_named(invoke, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("A,B\nx,y\n", encoding="utf-8")
    result = invoke("classify", "--input", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"错误 / error: {path}: 找不到标题列 / no title column — 用 --column 指定（可选：A, "
                                     "B） / name it with --column (one of: A, B)")


def test_blank_rows_are_not_titles_and_columns_are_kept(invoke, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(f"序号,标准名称\n1,{TITLES[0]}\n,\n2,{TITLES[1]}\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert invoke("classify", "--input", str(path), "--output", str(out), "--top", "1").exit_code == 0
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert [r.split(",")[:3] for r in rows[1:]] == [["1", TITLES[0], "12.02.01"], ["2", TITLES[1], "01.02"]]


def test_json_lines_catalogs_for_every_command(invoke, tmp_path):
    catalog = load_catalog()
    path = tmp_path / "目录.jsonl"
    write_catalog(catalog, path)
    again = read_catalog(path)
    assert [e.model_dump(exclude={"row"}) for e in again.entries] == \
        [e.model_dump(exclude={"row"}) for e in catalog.entries]
    assert [e.row for e in again.entries] == list(range(1, len(catalog) + 1))   # a JSON Lines row is its line
    assert invoke("validate", str(path), "--format", "json").exit_code in (0, 1)


def test_json_lines_findings_name_the_line_a_user_opens(invoke, tmp_path):
    """Blank lines are counted: the finding of the item on line 3 says row 3, and so does an item that is no object."""
    path = tmp_path / "目录.jsonl"
    path.write_text('{"designation": "AQ 1029-2019", "title": "煤矿安全监控系统及检测仪器使用管理规范"}\n\n'
                    '{"designation": "GB/T 99999-20x", "title": "矿山安全术语"}\n', encoding="utf-8")
    assert [e.row for e in read_catalog(path).entries] == [1, 3]
    report = json.loads(invoke("validate", str(path), "--format", "json").stdout)
    assert {f["row"] for f in report["findings"] if f["rule"] == "MS103"} == {3}
    path.write_text('{"title": "矿山安全术语"}\n\n\n7\n', encoding="utf-8")
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert result.output == (f"错误 / error: {path}, row 4: 第 4 行不是对象 / line 4 is a number, not an object — "
                             '每一项都应是对象 / make every item an object such as {"designation": ..., "title": ...}\n')


def test_a_broken_json_line_is_named_for_every_command(invoke, tmp_path):
    path = tmp_path / "目录.jsonl"
    path.write_text('{"designation": "AQ 1029-2019", "title": "x"}\n{"title": \n', encoding="utf-8")
    for args in (["validate", str(path)], ["classify", "--input", str(path)]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"错误 / error: {path}: 第 2 行不是有效的 JSON / line 2 is not valid JSON"), \
            result.stderr


@pytest.mark.parametrize("text", ['["a title"]', "- just a title\n"])
def test_items_that_are_not_objects_are_refused_alike(invoke, tmp_path, text):
    path = tmp_path / ("x.json" if text.startswith("[") else "x.yaml")
    path.write_text(text, encoding="utf-8")
    outs = [invoke(*args) for args in (["validate", str(path)], ["classify", "--input", str(path)])]
    assert [r.exit_code for r in outs] == [2, 2]
    assert outs[0].stderr == outs[1].stderr and "item 1 is a string, not an object" in outs[0].stderr


@pytest.mark.parametrize("text", ["", "\n  \n"])
def test_an_empty_json_lines_file_is_named(invoke, tmp_path, text):
    path = tmp_path / "目录.jsonl"
    path.write_text(text, encoding="utf-8")
    for args in (["validate", str(path)], ["classify", "--input", str(path)]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert result.stderr.strip() == (f"错误 / error: {path}: 文件是空的 / the file is empty — 每行写一个 JSON 对象 / "
                                         'write one JSON object per line, e.g. {"designation": "AQ 1029-2019", '
                                         '"title": "..."}')


@pytest.mark.parametrize("text", [
    '{"designation": "AQ 1029-2019", "title": "a"}\n{"designation": "AQ 1018-2006", "title": "b"}\n',   # JSON Lines
    '[{"designation": "AQ 1029-2019", "title": "a"}, {"designation": "AQ 1018-2006", "title": "b"}]',  # JSON
    '{"entries": [{"designation": "AQ 1029-2019", "title": "a"}, {"designation": "AQ 1018-2006", "title": "b"}]}',
    '{\n "entries": [{"designation": "AQ 1029-2019", "title": "a"},\n {"designation": "AQ 1018-2006", "title": "b"}]}',
])
def test_standard_input_tells_json_lines_from_json(invoke, text):
    result = invoke("validate", "-", "--format", "json", input=text)
    assert result.exit_code in (0, 1), result.stderr
    assert json.loads(result.stdout)["entries"] == 2


def test_an_annotated_copy_of_json_lines_puts_each_finding_beside_its_item(invoke, tmp_path):
    """The copy is a fresh sheet, one item per row under the header: a finding of line 1 is on sheet row 2, never on
    the header (a JSON Lines item's row is its line)."""
    from openpyxl import load_workbook

    path, out = tmp_path / "目录.jsonl", tmp_path / "checked.xlsx"
    path.write_text('{"designation": "GB/T 99999-20x", "title": "甲"}\n\n{"designation": "AQ 1018-2006", '
                    '"title": "矿井瓦斯涌出量预测方法", "status": "现行", "nodes": "05.02.02"}\n', encoding="utf-8")
    assert invoke("validate", str(path), "--annotate", "--output", str(out)).exit_code == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("问题 / findings", "级别 / severity")
    assert rows[1][:2] == ("GB/T 99999-20x", "甲") and "[MS103]" in rows[1][-2] and rows[1][-1] == "错误 error"
    assert rows[2][1] == "矿井瓦斯涌出量预测方法" and "[MS103]" not in (rows[2][-2] or "")
