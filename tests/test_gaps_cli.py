"""`minestd gaps` and `minestd report` from the command line: formats, filters, files, one-line errors."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES

CATALOG = FIXTURES / "coverage" / "catalog.csv"
DATE = ("--date", "2025-06-01")


def test_gaps_runs_on_the_embedded_sample(invoke):
    result = invoke("gaps")
    assert result.exit_code == 0, result.stderr
    assert "矿山安全标准体系建设重点覆盖情况报告" in result.stdout
    assert "sample-catalog.csv" in result.stdout and "★ 瓦斯防治" in result.stdout


def test_gaps_json_contract(invoke):
    result = invoke("gaps", str(CATALOG), "--format", "json", *DATE)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    s = data["summary"]
    assert (s["total"], s["covered"], s["in_progress"], s["revision_pending"], s["gap"]) == (370, 5, 3, 1, 361)
    assert s["catalog"] == "catalog.csv" and s["date"] == "2025-06-01" and s["highlighted"] == ["05", "06", "07", "08"]
    assert [n["id"] for n in data["nodes"]][:3] == ["01", "01.01", "01.02"]
    p = next(p for p in data["priorities"] if p["id"] == "05.02-p06")
    assert p["status"] == "in_progress" and p["standards"][0]["link"] == "explicit"
    assert "statistics" in data and data["statistics"]["total"]["total"] == 18
    assert {f["rule"] for f in data["findings"]} == {"COV001", "COV002", "COV003"}


def test_status_and_node_filters(invoke):
    result = invoke("gaps", str(CATALOG), "--format", "json", "--status", "gap,revision_pending", "--node", "05", *DATE)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["scope"] == "05" and data["summary"]["total"] == 18
    assert {p["status"] for p in data["priorities"]} == {"gap"}
    assert all(p["id"].startswith("05.") for p in data["priorities"]) and len(data["priorities"]) == 13
    assert {n["id"] for n in data["nodes"]} == {"05", "05.01", "05.02", "05.03", "05.04"}


def test_text_lists_items_when_filtered(invoke):
    result = invoke("gaps", str(CATALOG), "--status", "revision_pending", *DATE)
    assert result.exit_code == 0, result.stderr
    assert "01.01-p01" in result.stdout and "05.02-p04" not in result.stdout


def test_threshold_option(invoke):
    loose = json.loads(invoke("gaps", str(CATALOG), "--format", "json", "-t", "0.5", *DATE).stdout)
    strict = json.loads(invoke("gaps", str(CATALOG), "--format", "json", "-t", "0.95", *DATE).stdout)
    assert strict["summary"]["threshold"] == 0.95
    assert strict["summary"]["covered"] < loose["summary"]["covered"]


def test_csv_to_stdout_and_to_a_file_with_bom(invoke, tmp_path):
    result = invoke("gaps", str(CATALOG), "--format", "csv", *DATE)
    assert result.exit_code == 0 and result.stdout.startswith("id,subsystem,")
    assert len(result.stdout.strip().splitlines()) == 371
    out = tmp_path / "gaps.csv"
    assert invoke("gaps", str(CATALOG), "--format", "csv", "-o", str(out), *DATE).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,subsystem,")


def test_xlsx_and_html_files(invoke, tmp_path):
    from openpyxl import load_workbook

    xlsx = tmp_path / "gaps.xlsx"
    result = invoke("gaps", str(CATALOG), "--format", "xlsx", "--output", str(xlsx), *DATE)
    assert result.exit_code == 0, result.stderr
    assert load_workbook(xlsx).sheetnames[:4] == ["汇总", "明细", "统计", "标准"]
    html = tmp_path / "gaps.html"
    result = invoke("gaps", str(CATALOG), "--format", "html", "-o", str(html), "--no-figures", "--lang", "en", *DATE)
    assert result.exit_code == 0, result.stderr
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'data-lang="en"' in text and "<svg" not in text


@pytest.mark.parametrize(("args", "message"), [
    (("--status", "bogus"), "错误 / error: --status 中有未知状态 'bogus' / unknown status 'bogus' in --status — 使用 "
                            "gap,revision_pending,in_progress,covered 中的一个或多个（用逗号分隔） / use one or more "
                            "of gap,revision_pending,in_progress,covered (comma-separated)\n"),
    (("--format", "xlsx"), "错误 / error: --format xlsx 需要 --output / --format xlsx needs --output — 加上 --output "
                           "gaps.xlsx / add --output gaps.xlsx\n"),
    (("--node", "5.2"), "错误 / error: 未知体系编号 '5.2' / unknown id '5.2'; did you mean 05.02? — 用 'minestd tree' "
                        "列出编号，或用 'minestd search TEXT' 查找 / list ids with 'minestd tree' or "
                        "find one with 'minestd search TEXT'\n"),
    (("--date", "2025-13-01"), "错误 / error: --date 日期无效 '2025-13-01' / bad --date '2025-13-01' — 日期写作 "
                               "YYYY-MM-DD，如 2025-06-30 / write the date as YYYY-MM-DD, e.g. 2025-06-30\n"),
])
def test_one_line_errors(invoke, args, message):
    result = invoke("gaps", *args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_missing_catalog_file(invoke, tmp_path):
    result = invoke("gaps", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert result.stderr == f"错误 / error: {tmp_path / 'nope.csv'}: 文件不存在 / file not found — 检查路径 / check " \
                            "the path\n"


def test_never_overwrites_the_input(invoke, tmp_path):
    catalog = tmp_path / "catalog.csv"
    shutil.copy(CATALOG, catalog)
    before = catalog.read_bytes()
    result = invoke("gaps", str(catalog), "--format", "csv", "--output", str(catalog))
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.stderr
    assert catalog.read_bytes() == before


def test_report_writes_the_folder_and_prints_the_summary(invoke, tmp_path):
    out = tmp_path / "minestd-report"
    result = invoke("report", str(CATALOG), "--output", str(out), *DATE)
    assert result.exit_code == 0, result.stderr
    for name in ("report.html", "report.xlsx", "report.md", "gaps.json", "gaps.csv"):
        assert (out / name).stat().st_size > 0, name
    assert "矿山安全标准体系建设重点覆盖情况报告" in result.stdout and "覆盖率" in result.stdout
    assert json.loads((out / "gaps.json").read_text(encoding="utf-8"))["summary"]["covered"] == 5
    svgs = sorted(p.name for p in (out / "figures").glob("*.svg")) if (out / "figures").exists() else []
    if svgs:   # the diagrams, coloured by coverage (needs pygraphviz)
        assert len(svgs) == 16 and svgs[0] == "fig01-system.svg"
        assert (out / "report.html").read_text(encoding="utf-8").count("<svg") == 32   # zh and en
    assert "wrote" in result.stderr


def test_report_defaults_to_the_sample_catalog(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("report", "--no-figures", *DATE)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "minestd-report" / "report.html").exists()
    assert "sample-catalog.csv" in (tmp_path / "minestd-report" / "report.md").read_text(encoding="utf-8")


def test_source_date_epoch(invoke, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")   # 2025-01-01
    data = json.loads(invoke("gaps", str(CATALOG), "--format", "json").stdout)
    assert data["summary"]["date"] == "2025-01-01"


def test_help_has_examples(invoke):
    for command in ("gaps", "report"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Examples:" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "md", "json", "csv", "html"])
def test_every_format_for_a_subcategory_scope(invoke, fmt):
    result = invoke("gaps", str(CATALOG), "--node", "12.02.01", "--format", fmt, "--no-figures", *DATE)
    assert result.exit_code == 0, result.stderr
    assert "12.02.01-p01" in result.stdout


def test_output_suffix_decides_the_format_and_a_mismatch_is_an_error(invoke, tmp_path):
    import json

    out = tmp_path / "gaps.json"
    assert invoke("gaps", "-o", str(out), "--date", "2026-12-06").exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["total"] == 370      # JSON, from the suffix
    bad = invoke("gaps", "--format", "json", "-o", str(tmp_path / "out.xlsx"))
    assert bad.exit_code == 2 and not (tmp_path / "out.xlsx").exists()
    assert bad.stderr.strip() == ("错误 / error: --format json 与输出文件 out.xlsx（xlsx）不符 / --format json does "
                                  "not match the output file out.xlsx (xlsx) — 去掉 --format（由后缀决定），或让文件名"
                                  "用 json 的后缀 / drop "
                                  "--format (the suffix decides) or name the file with a suffix for json")
    plain = tmp_path / "gaps.report"                   # a suffix that names no format: --format (default text)
    assert invoke("gaps", "-o", str(plain), "--date", "2026-12-06").exit_code == 0
    assert plain.read_text(encoding="utf-8").startswith("矿山安全标准体系建设重点覆盖情况报告")


def test_verbose_says_what_each_step_read_decided_and_wrote(runner, tmp_path):
    import re

    from minestd.cli import app

    out = tmp_path / "gaps.json"
    quiet = runner.invoke(app, ["gaps", "--format", "json", "-o", str(out)])
    assert quiet.exit_code == 0 and quiet.stderr == f"已写入 / wrote {out}\n"
    loud = runner.invoke(app, ["--verbose", "gaps", "--format", "json", "-o", str(out)])
    assert loud.exit_code == 0, loud.stderr
    lines = loud.stderr.splitlines()
    assert all(re.match(r"\[ *\d+\.\d\d s\] ", line) for line in lines[:-1]) and lines[-1] == f"已写入 / wrote {out}"
    steps = [re.sub(r"^\[ *\d+\.\d\d s\] ", "", line) for line in lines[:-1]]
    assert steps[0] == "体系 / taxonomy: guide-2024 (矿安〔2024〕144号), 370 priority items, from the embedded edition"
    assert steps[1].startswith("目录 / catalog: ") and steps[1].endswith("sample-catalog.csv: 179 rows")
    assert re.fullmatch(r"分析 / analysed: 179 entries, 0 placed by the classifier, \d+ links; \d+ covered, .* gaps of "
                        r"370 items", steps[2])
    assert steps[3] == f"写出 / wrote {out}: {out.stat().st_size} bytes"
    env = runner.invoke(app, ["gaps", "--format", "json", "-o", str(out)], env={"MINESTD_VERBOSE": "1"})
    assert env.stderr.count(" s] ") == 4
