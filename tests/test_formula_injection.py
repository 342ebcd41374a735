"""CSV and XLSX outputs never turn a cell into a live formula (CSV injection): text starting with = + - @ tab CR is
written with a leading apostrophe in CSV and as a string in XLSX. Catalog conversions keep cells as read."""
from __future__ import annotations

import csv
import io

import pytest

HOSTILE = ['=HYPERLINK("http://example.invalid","点击")', "+cmd|' /C calc'!A0", "@SUM(1+1)瓦斯含量测定方法",
           "-2+3 瓦斯抽采半径测定方法"]


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.csv"
    rows = [["designation", "title", "status", "nodes"]]
    rows += [[f"AQ/T 99{k}1-2023", title, "current", "05.02.01"] for k, title in enumerate(HOSTILE)]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def _assert_neutral(cells: list[str]) -> None:
    starts = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert not starts, starts
    assert any(c.startswith("'=HYPERLINK(") for c in cells)


def test_validate_csv_report(invoke, hostile):
    result = invoke("validate", str(hostile), "--format", "csv", "--select", "MS1,MS5")
    cells = _cells(result.stdout)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_classify_csv_outputs(invoke, hostile, tmp_path):
    out = tmp_path / "classified.csv"
    assert invoke("classify", "--input", str(hostile), "--output", str(out)).exit_code == 0
    _assert_neutral(_cells(out.read_text(encoding="utf-8-sig")))
    long = invoke("classify", *HOSTILE[:1], "--format", "csv").stdout
    assert "'=HYPERLINK(" in long and "\n=HYPERLINK" not in long


def test_gaps_csv_and_review_files(invoke, hostile, tmp_path):
    from openpyxl import load_workbook

    text = invoke("gaps", str(hostile), "--format", "csv").stdout
    assert not [c for c in _cells(text) if c[:1] in ("=", "+", "@")]
    review_csv, review_xlsx = tmp_path / "r.csv", tmp_path / "r.xlsx"
    assert invoke("gaps", str(hostile), "--review", str(review_csv), "-f", "json").exit_code == 0
    assert invoke("gaps", str(hostile), "--review", str(review_xlsx), "-f", "json").exit_code == 0
    assert not [c for c in _cells(review_csv.read_text(encoding="utf-8-sig")) if c[:1] in ("=", "+", "@")]
    ws = load_workbook(review_xlsx).active
    formulas = [c.value for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_neutralise_keeps_numbers_and_plain_text():
    from minestd.io.cells import neutralise

    assert neutralise("=1+1") == "'=1+1" and neutralise("\tx") == "'\tx" and neutralise("瓦斯") == "瓦斯"
    assert neutralise(-3) == -3 and neutralise(None) is None


def test_convert_keeps_the_cells_as_read(invoke, hostile, tmp_path):
    out = tmp_path / "copy.csv"
    assert invoke("convert", str(hostile), str(out)).exit_code == 0
    assert HOSTILE[0] in _cells(out.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("args", [
    ["validate", "{catalog}", "--format", "csv", "--output", "{out}"],
    ["priorities", "--format", "csv", "--output", "{out}"],
    ["priorities", "--retired", "--format", "csv", "--output", "{out}"],
    ["export", "--format", "csv", "--output", "{out}"],
    ["classify", "--input", "{catalog}", "--output", "{out}"],
])
def test_csv_files_start_with_a_bom_for_excel(invoke, hostile, tmp_path, args):
    out = tmp_path / "out.csv"
    result = invoke(*[a.format(catalog=hostile, out=out) for a in args])
    assert result.exit_code in (0, 1), result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    stdout = invoke(*[a.format(catalog=hostile, out=out) for a in args if a not in ("--output", "{out}")])
    assert not stdout.stdout.startswith("\ufeff")
