"""`minestd validate` / `minestd convert`: exit codes, exact error lines, JSON contract, --fix, --annotate.

Golden reports live in tests/fixtures/catalogs/golden/; regenerate with MINESTD_UPDATE_GOLDEN=1.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil

import pytest

from conftest import FIXTURES

CATALOGS = FIXTURES / "catalogs"
GOLDEN = CATALOGS / "golden"
TODAY = "2025-06-30"
OWN = ("--select", "MS1,MS2,MS4,MS5")      # MS3xx (classifier) is tested with the classifier


@pytest.fixture()
def work(tmp_path, monkeypatch):
    """A scratch folder holding copies of the fixtures, as the current directory (stable relative paths)."""
    for item in CATALOGS.iterdir():
        if item.is_file():
            shutil.copy(item, tmp_path / item.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("MINESTD_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; MINESTD_UPDATE_GOLDEN=1 to accept"


# --------------------------------------------------------------------------- exact error lines (exit 2)

@pytest.mark.parametrize("args, line", [
    (["missing.csv"], "错误 / error: missing.csv: 文件不存在 / file not found — 检查路径 / check the path"),
    (["not-a-workbook.xlsx"], "错误 / error: not-a-workbook.xlsx: 不是可读取的 .xlsx 工作簿 / not a readable .xlsx "
                              "workbook (BadZipFile) — 用 Excel 或 LibreOffice 打开并重新另存为 .xlsx / open it in "
                              "Excel or LibreOffice and save it again as .xlsx"),
    (["no-designation.csv"], "错误 / error: no-designation.csv: 缺少必需的列 / no designation (标准号) column found; "
                             "headers are: 名称, 状态 — 把表头改为 标准号/designation, 标准名称/title，或用 --columns "
                             "映射列名 / rename the header (标准号/designation, 标准名称/title) or map it with "
                             "--columns \"编号=designation,名称=title\""),
    (["good.csv", "--columns", "编号"], "错误 / error: --columns 项格式不对 / bad --columns item '编号': expected "
                                       "HEADER=FIELD — 参照示例书写 / write it like --columns "
                                       "\"编号=designation,名称=title\"; fields: designation, title, "
                                       "status, nodes, priorities, mine_scope, published, effective, replaces, "
                                       "replaced_by, ics, ccs, notes, source"),
    (["good.csv", "--columns", "名称=name"], "错误 / error: 未知字段 'name' / unknown field 'name' in --columns item "
                                            "'名称=name' — 改用下列字段 / use "
                                            "one of: designation, title, status, nodes, priorities, mine_scope, "
                                            "published, effective, replaces, replaced_by, ics, ccs, notes, source "
                                            "(or 'extra' to keep the column as is)"),
    (["good.csv", "--fix", "--output", "good.csv"], "错误 / error: 拒绝覆盖输入文件 good.csv / refusing to overwrite "
                                                    "the input file good.csv — 另选 --output 路径；minestd 从不修改输入"
                                                    "文件 / choose another --output path; minestd never modifies its "
                                                    "input"),
    (["good.csv", "--format", "json", "--output", "good.csv"],
     "错误 / error: 拒绝覆盖输入文件 good.csv / refusing to overwrite the input file good.csv — 另选 --output 路径；"
     "minestd 从不修改输入文件 / choose another --output path; minestd never modifies its input"),
    (["good.csv", "--fix"], "错误 / error: --fix 需要 --output / --fix needs --output — 加上 --output NEW.csv（不会"
                            "修改输入文件） / add --output NEW.csv (the input file is never modified)"),
    (["good.csv", "--annotate", "--output", "x.csv"], "错误 / error: x.csv: --annotate 写出的是 Excel 工作簿 / "
                                                      "--annotate writes an Excel workbook — 给出以 .xlsx 结尾的 "
                                                      "--output 路径 / give an --output path ending in .xlsx"),
    (["good.csv", "--sheet", "2"], "错误 / error: good.csv: --sheet 只用于 .xlsx 文件 / --sheet only applies to .xlsx "
                                   "files — drop --sheet"),
    (["good.csv", "--today", "30/06/2025"], "错误 / error: --today 日期无效 '30/06/2025' / bad --today '30/06/2025' "
                                            "— 日期写作 YYYY-MM-DD，如 2025-06-30 / write the date as YYYY-MM-DD, "
                                            "e.g. 2025-06-30"),
])
def test_exact_error_lines(invoke, work, args, line):
    before = {p.name: digest(p) for p in work.iterdir()}
    result = invoke("validate", *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == line
    assert result.stdout == ""
    assert {p.name: digest(p) for p in work.iterdir() if p.name in before} == before


def test_bad_format_is_a_usage_error(invoke, work):
    result = invoke("validate", "good.csv", "--format", "xml")
    assert result.exit_code == 2 and result.stderr.startswith("错误 / error: ")
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- reports and exit codes

def test_json_contract_and_golden(invoke, work):
    result = invoke("validate", "broken.csv", "--format", "json", "--today", TODAY, *OWN)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data)[:4] == ["entries", "errors", "warnings", "findings"]
    assert data["entries"] == 39
    assert all(list(f) == ["rule", "severity", "row", "field", "value", "message", "fix"] for f in data["findings"])
    check_golden("broken.report.json", result.stdout)


def test_text_report_to_a_file_is_golden(invoke, work):
    result = invoke("validate", "broken.csv", "--today", TODAY, "--output", "report.txt", *OWN)
    assert result.exit_code == 1
    check_golden("broken.report.txt", (work / "report.txt").read_text(encoding="utf-8"))


def test_csv_report(invoke, work):
    result = invoke("validate", "broken.csv", "--format", "csv", "--today", TODAY)
    lines = result.stdout.splitlines()
    assert lines[0] == "rule,severity,row,field,value,message,fix"
    assert lines[1].startswith("MS101,error,2,designation,,")


def test_clean_catalog_exits_zero_with_a_summary(invoke, work):
    result = invoke("validate", "chinese-headers.xlsx", "--today", TODAY, *OWN)
    assert result.exit_code == 0
    assert "no problems found" in result.stdout
    assert "6 条 / entries · 错误 / errors 0 · 警告 / warnings 0 · 提示 / info 0" in result.stdout


def test_fail_on_warning(invoke, work):
    (work / "w.csv").write_text("designation,title,status,nodes\nAQ/T 9901-2024,测试,current,04\n", encoding="utf-8")
    assert invoke("validate", "w.csv", "--today", TODAY, *OWN).exit_code == 0
    assert invoke("validate", "w.csv", "--today", TODAY, "--fail-on", "warning", *OWN).exit_code == 1


def test_select_rules(invoke, work):
    result = invoke("validate", "broken.csv", "--format", "json", "--today", TODAY, "--select", "MS5")
    assert {f["rule"][:3] for f in json.loads(result.stdout)["findings"]} == {"MS5"}


def test_columns_option(invoke, work):
    (work / "c.csv").write_text("No.,Name,Where\nAQ/T 9901-2024,测试,04.02\n", encoding="utf-8")
    result = invoke("validate", "c.csv", "--columns", "No.=designation,Name=title,Where=nodes", "--today", TODAY,
                    "--format", "json")
    assert json.loads(result.stdout)["entries"] == 1


def test_sheet_option(invoke, work):
    result = invoke("validate", "chinese-headers.xlsx", "--sheet", "说明")
    assert result.exit_code == 2
    assert "no designation (标准号) and no title (标准名称) column found" in result.stderr


def test_rules_listing(invoke):
    result = invoke("validate", "--rules", "--format", "json")
    assert result.exit_code == 0
    rules = json.loads(result.stdout)
    assert [r["id"] for r in rules][:3] == ["MS101", "MS102", "MS103"]
    assert all(r["severity"] in ("error", "warning", "info") and r["fix"] for r in rules)
    text = invoke("validate", "--rules")
    assert "MS505" in text.stdout


def test_help_has_examples(invoke):
    result = invoke("validate", "--help")
    assert "Examples:" in result.stdout and "--annotate" in result.stdout


# --------------------------------------------------------------------------- --fix and --annotate

def test_fix_writes_a_normalised_copy(invoke, work):
    from minestd.io.catalog import read_catalog

    before = digest(work / "broken.csv")
    result = invoke("validate", "broken.csv", "--fix", "--output", "fixed.csv", "--today", TODAY)
    assert result.exit_code == 1                   # the report is still about the input
    assert digest(work / "broken.csv") == before
    original, fixed = read_catalog(work / "broken.csv"), read_catalog(work / "fixed.csv")
    assert fixed.columns == original.columns
    assert [e.row for e in fixed.entries] == [e.row for e in original.entries]
    assert [e.extra for e in fixed.entries] == [e.extra for e in original.entries]
    by_row = {e.row: e for e in fixed.entries}
    assert by_row[7].designation == "AQ/T 9806-2023"
    assert by_row[18].status == "现形"                 # unknown words are left alone
    assert by_row[40].priorities == ("11.01-p22",)    # a retired id with one successor (MS207)
    assert all(e.status in ("current", "superseded", "withdrawn", "", "现形") for e in fixed.entries)
    assert result.stderr.splitlines()[-1] == ("已写入规范化副本 / wrote a normalised copy: fixed.csv (2 个单元格修改，涉及 "
                                              "2 行 / 2 cells changed in 2 rows)，保留全部行和行号 / every row and row "
                                              "number kept")
    raw = [line.split(",") for line in (work / "broken.csv").read_text(encoding="utf-8-sig").splitlines()]
    out = [line.split(",") for line in (work / "fixed.csv").read_text(encoding="utf-8-sig").splitlines()]
    assert len(raw) == len(out)
    assert sum(a != b for x, y in zip(raw, out) for a, b in zip(x, y)) == 2     # only the two fixed cells differ


def test_fix_keeps_the_format_of_the_output(invoke, work):
    result = invoke("validate", "gb18030.csv", "--fix", "--output", "fixed.xlsx", "--today", TODAY)
    assert result.exit_code == 0
    from minestd.io.catalog import read_catalog

    fixed = read_catalog(work / "fixed.xlsx")
    assert fixed.entries[0].status == "现行" and fixed.columns[-1] == "负责单位"    # a Chinese catalog stays Chinese


def test_annotate_xlsx_input(invoke, work):
    from openpyxl import load_workbook

    from minestd.io.catalog import read_catalog, write_catalog

    write_catalog(read_catalog(work / "broken.csv"), work / "broken.xlsx")
    before = digest(work / "broken.xlsx")
    result = invoke("validate", "broken.xlsx", "--annotate", "--output", "checked.xlsx", "--today", TODAY, *OWN)
    assert result.exit_code == 1
    assert digest(work / "broken.xlsx") == before
    ws = load_workbook(work / "checked.xlsx").active
    header = [c.value for c in ws[1]]
    assert header[-2:] == ["问题 / findings", "级别 / severity"]
    find_col, sev_col = len(header) - 1, len(header)
    assert ws.cell(row=2, column=find_col).value.startswith("[MS101] 缺少标准号 / designation is missing — ")
    assert ws.cell(row=2, column=sev_col).value == "错误 error"
    assert ws.cell(row=2, column=1).fill.start_color.rgb.endswith("FFC7CE")      # designation cell, error
    assert ws.cell(row=12, column=4).fill.start_color.rgb.endswith("FFEB9C")     # nodes '04', warning
    assert ws.cell(row=3, column=find_col).value.startswith("[MS102]")
    assert ws.cell(row=36, column=find_col).value is None                       # a clean row


def test_annotate_csv_input_and_title_rows(invoke, work):
    from openpyxl import load_workbook

    result = invoke("validate", "title-row.xlsx", "--annotate", "--output", "checked.xlsx", "--today", "2040-01-01",
                    *OWN)
    assert result.exit_code == 0
    ws = load_workbook(work / "checked.xlsx").active
    assert ws.cell(row=1, column=1).value == "矿山安全标准明细表(测试)"             # the user's sheet, kept
    assert ws.cell(row=3, column=16).value == "问题 / findings"
    assert ws.cell(row=4, column=16).value.startswith("[MS407]")                  # first entry, sheet row 4
    result = invoke("validate", "broken.csv", "--annotate", "--output", "from-csv.xlsx", "--today", TODAY)
    ws = load_workbook(work / "from-csv.xlsx").active
    assert ws.cell(row=9, column=12).value.startswith("[MS108]")


def test_convert(invoke, work):
    from minestd.io.catalog import read_catalog

    result = invoke("convert", "chinese-headers.xlsx", "out.json")
    assert result.exit_code == 0
    assert read_catalog(work / "out.json").columns == read_catalog(work / "chinese-headers.xlsx").columns
    result = invoke("convert", "good.csv", "good.csv")
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.stderr


def test_select_is_case_insensitive_and_rejects_unknown_rules(invoke, work):
    lower = invoke("validate", "broken.csv", "--format", "json", "--today", TODAY, "--select", "ms5")
    assert {f["rule"][:3] for f in json.loads(lower.stdout)["findings"]} == {"MS5"}
    typo = invoke("validate", "broken.csv", "--select", "MS999")
    assert typo.exit_code == 2 and typo.stderr == ("错误 / error: --select: 没有名为 'MS999' 的规则 / --select: no "
                                                   "rule is called 'MS999' — 使用规则编号（如 MS501）或前缀（如 "
                                                   "MS5），见 'minestd validate --rules' / use rule ids "
                                                   "such as MS501 or prefixes such as MS5 (see 'minestd validate "
                                                   "--rules')\n")
    malformed = invoke("validate", "broken.csv", "--select", "M S1")
    assert malformed.exit_code == 2 and "malformed rule id or prefix 'M S1'" in malformed.stderr


def test_quiet_prints_no_report_and_keeps_the_exit_code(invoke, work):
    broken = invoke("validate", "broken.csv", "--quiet", "--today", TODAY)
    assert (broken.exit_code, broken.stdout) == (1, "")
    good = invoke("validate", "good.csv", "-q", "--today", TODAY, *OWN)
    assert (good.exit_code, good.stdout) == (0, "")
    to_file = invoke("validate", "broken.csv", "-q", "--format", "json", "-o", "report.json", "--today", TODAY)
    assert to_file.exit_code == 1 and to_file.stdout == ""
    assert json.loads((work / "report.json").read_text(encoding="utf-8"))["errors"] > 0


def test_rules_as_csv_has_the_json_columns(invoke):
    result = invoke("validate", "--rules", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "severity", "title", "message", "fix", "doc"]
    assert rows[0]["id"] == "MS101" and len(rows) == len(json.loads(invoke("validate", "--rules", "-f", "json").stdout))


@pytest.mark.parametrize("text, zh, en", [
    ("缺少标准号 / designation is missing", "缺少标准号", "designation is missing"),
    ("核对其复审结论（继续有效 / 修订 / 废止）并记录 / check its review (继续有效 / 修订 / 废止)",
     "核对其复审结论（继续有效 / 修订 / 废止）并记录", "check its review (继续有效 / 修订 / 废止)"),
    ("enter the title as published", "enter the title as published", "enter the title as published"),
    ("缺失", "缺失", "缺失"),
])
def test_one_language_cuts_at_the_bilingual_seam_only(text, zh, en):
    from minestd.language import one_language

    assert (one_language(text, "zh"), one_language(text, "en"), one_language(text, "both")) == (zh, en, text)
    with pytest.raises(ValueError, match="lang must be one of both, zh, en"):
        one_language(text, "fr")


def test_validate_lang_shows_one_language_in_text_and_csv_only(invoke, work, runner):
    from minestd.cli import app

    zh = invoke("validate", "broken.csv", "--lang", "zh", "--format", "csv", "--today", TODAY)
    assert zh.stdout.splitlines()[1] == "MS101,error,2,designation,,缺少标准号,按发布文本填写标准号，如 'GB/T 15259-2008'"
    en = runner.invoke(app, ["validate", "broken.csv", "--summary", "--today", TODAY], env={"MINESTD_LANG": "en"})
    assert "MS412  error         2  supersession cycle" in en.stdout
    both = json.loads(invoke("validate", "broken.csv", "--lang", "en", "--format", "json", "--today", TODAY).stdout)
    assert both["findings"][0]["message"] == "缺少标准号 / designation is missing"     # JSON keeps both


def test_big_or_piped_reports_are_plain_lines(invoke, work, monkeypatch):
    """Not a terminal (a pipe, a file) or more than TABLE_MAX findings: one plain line per finding, streamed — a rich
    table of 100,000 findings took minutes and gigabytes (now 3.6 s and 481 MB for 100,000 entries)."""
    result = invoke("validate", "broken.csv", "--today", TODAY)
    lines = result.stdout.splitlines()
    assert lines[0] == "row 2:" and lines[1].startswith("  MS101 error [designation] 缺少标准号 / designation is missing")
    assert lines[-1].startswith("39 条 / entries · 错误 / errors")
    assert "┃" not in result.stdout and "│" not in result.stdout


def test_quiet_fix_says_nothing(invoke, work):
    result = invoke("validate", "broken.csv", "--fix", "-o", "fixed.csv", "-q", "--today", TODAY)
    assert result.exit_code == 1 and result.stdout == "" and result.stderr == ""
    assert (work / "fixed.csv").exists()
