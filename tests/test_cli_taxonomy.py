"""The taxonomy commands through Typer's CliRunner: output shapes (the JSON contract) and error text."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import FIXTURES


def test_tree_json_contract(invoke):
    r = invoke("tree", "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data) == 15
    assert set(data[0]) == {"id", "kind", "name", "name_en", "children"}
    assert data[4]["name"] == "瓦斯防治" and data[4]["children"][1]["children"][0]["name"] == "瓦斯参数"


def test_tree_subtree_and_depth(invoke):
    data = json.loads(invoke("tree", "12", "--depth", "1", "--format", "json").stdout)
    assert [d["id"] for d in data] == ["12"] and data[0]["children"] == []
    data = json.loads(invoke("tree", "12", "--depth", "2", "--format", "json").stdout)
    assert [c["id"] for c in data[0]["children"]] == ["12.01", "12.02"]
    assert all(c["children"] == [] for c in data[0]["children"])


def test_tree_text_zh_and_en(invoke):
    zh = invoke("tree", "--depth", "1").stdout
    assert "05 瓦斯防治" in zh and "矿安〔2024〕144号" in zh
    en = invoke("tree", "05", "--lang", "en").stdout
    assert "05.02.01 Gas parameters" in en


def test_show_node_and_priority(invoke):
    r = invoke("show", "12.02.04")
    assert r.exit_code == 0
    assert "装载破碎装备" in r.stdout and "12.02.04-p01" in r.stdout
    data = json.loads(invoke("show", "05.02", "--format", "json").stdout)
    assert data["path"][0]["name"] == "瓦斯防治" and len(data["children"]) == 4
    assert data["priorities"][0]["id"] == "05.02-p01"
    p = json.loads(invoke("show", "01.01-p01", "--format", "json").stdout)
    assert p["action"] == "修订" and p["references"] == ["矿山安全术语"]
    shown = invoke("show", "13.04-p09").stdout
    assert "curated terms (the project's own; they propose review candidates): 安全监控系统、甲烷传感器" in \
        shown.replace("\n", "")


def test_search(invoke):
    r = invoke("search", "冲击地压", "--format", "json")
    ids = [h["id"] for h in json.loads(r.stdout)]
    assert "08.02" in ids
    assert "没有匹配 / no match for 'zzzz'" in invoke("search", "zzzz").stdout


def test_priorities_json_contract_and_csv(invoke):
    data = json.loads(invoke("priorities", "05", "--format", "json").stdout)
    assert set(data[0]) == {"id", "node", "text", "action", "source", "references", "designations", "note",
                            "curated_terms"}
    assert all(d["id"].startswith("05.") for d in data) and all(d["curated_terms"] for d in data)
    rows = list(csv.DictReader(io.StringIO(invoke("priorities", "--action", "修订", "--format", "csv").stdout)))
    assert rows and all(r["action"] == "修订" for r in rows)
    assert next(r for r in rows if r["id"] == "01.01-p01")["curated_terms"] == \
        ";".join(json.loads(invoke("priorities", "01.01", "--format", "json").stdout)[0]["curated_terms"])


def test_retired_ids_listed_with_their_successors(invoke):
    data = json.loads(invoke("priorities", "--retired", "--format", "json").stdout)
    assert len(data) == 83 and all(list(d)[:3] == ["id", "replaced_by", "reason"] for d in data)
    by_id = {d["id"]: d for d in data}
    assert by_id["11.01-p10"]["replaced_by"] == ["11.01-p22"] and by_id["11.01-p10"]["text"] == "赤泥库建设安全技术规范"
    assert [d["id"] for d in json.loads(invoke("priorities", "11", "--retired", "-f", "json").stdout)] == \
        [f"11.01-p{n}" for n in range(10, 22)]
    text = invoke("priorities", "15", "--retired").stdout
    assert text.startswith("15.01-p02    → 15.01-p01") and "13 个已退役编号 / retired ids (never reused)" in text
    shown = invoke("show", "10.03-p03")
    assert shown.exit_code == 0 and "由 / replaced by: 10.03-p01, 10.03-p02" in shown.stdout
    assert json.loads(invoke("show", "10.03-p03", "-f", "json").stdout)["replaced_by"] == ["10.03-p01", "10.03-p02"]


def test_actions_from_the_clause_wording(invoke):
    lines = invoke("priorities", "--action", "制定").stdout.splitlines()
    assert lines == ["01.01-p05    [制定] 矿山安全生产领域新技术、新设备、新材料术语规范", "— 1 项 / items"]
    revised = json.loads(invoke("priorities", "--action", "修订", "-f", "json").stdout)
    assert len(revised) == 9 and all(p["references"] for p in revised)


def test_priorities_to_file(invoke, tmp_path):
    out = tmp_path / "p.json"
    r = invoke("priorities", "--format", "json", "--output", str(out))
    assert r.exit_code == 0 and f"wrote {out}" in r.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))) >= 300


@pytest.mark.parametrize("args,message", [
    (["show", "99"], "错误 / error: 未知体系编号 '99' / unknown id '99' — 用 'minestd tree' 列出编号，或用 'minestd "
                     "search TEXT' 查找 / list ids with 'minestd tree' or find one with 'minestd search TEXT'\n"),
    (["tree", "05.9"], "错误 / error: 未知体系编号 '05.9' / unknown id '05.9'; did you mean 05? — 用 'minestd tree' "
                       "列出编号，或用 'minestd search TEXT' 查找 / list ids with 'minestd tree' "
                       "or find one with 'minestd search TEXT'\n"),
    (["show", "5.2"], "错误 / error: 未知体系编号 '5.2' / unknown id '5.2'; did you mean 05.02? — 用 'minestd tree' "
                      "列出编号，或用 'minestd search TEXT' 查找 / list ids with 'minestd tree' "
                      "or find one with 'minestd search TEXT'\n"),
    (["priorities", "--action", "写"], "错误 / error: 未知的 --action '写' / unknown --action '写' — 使用 制定, 修订, "
                                      "制修订, 提升, 未明确 / use 制定, 修订, 制修订, 提升, 未明确\n"),
])
def test_errors_are_one_line_exit_2(invoke, args, message):
    r = invoke(*args)
    assert r.exit_code == 2
    assert r.stderr == message
    assert "Traceback" not in r.output


def test_usage_error_is_one_line(invoke):
    r = invoke("tree", "--format", "xml")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("错误 / error: 参数值无效 / Invalid value for '--format'")
    zh = invoke("tree", "--nope")
    assert zh.stderr == "错误 / error: 没有此选项 / No such option '--nope'. (see 'minestd tree --help')\n"


def test_usage_errors_follow_the_message_language(runner):
    from minestd.cli import app

    zh = runner.invoke(app, ["gaps", "a", "b"], env={"MINESTD_LANG": "zh"})
    assert zh.exit_code == 2
    assert zh.stderr == "错误: 多余的参数：Got unexpected extra argument (b)（见 'minestd gaps --help'）\n"
    en = runner.invoke(app, ["nosuchcmd"], env={"MINESTD_LANG": "en"})
    assert en.stderr == "error: No such command 'nosuchcmd'. (see 'minestd --help')\n"


def test_check_taxonomy_exit_codes(invoke, tmp_path):
    assert invoke("check-taxonomy").exit_code == 0
    good = invoke("check-taxonomy", str(FIXTURES / "taxonomy" / "good"))
    assert good.exit_code == 0 and "无问题 / clean" in good.stdout
    bad = invoke("check-taxonomy", str(FIXTURES / "taxonomy" / "broken-TX013"))
    assert bad.exit_code == 1
    assert ("01-alpha.yaml, line 11, field action: TX013 error: 未知的建设行动 / unknown action '编写' in "
            "'01.01-p01' — use one of 制定, 修订, 制修订, 提升, 未明确") in bad.stdout
    assert invoke("check-taxonomy", str(tmp_path)).exit_code == 2
    data = json.loads(invoke("check-taxonomy", str(FIXTURES / "taxonomy" / "broken-TX001"), "--format", "json").stdout)
    assert data["findings"][0]["rule"] == "TX001"


def test_check_taxonomy_speaks_one_language_when_asked(invoke):
    folder = str(FIXTURES / "taxonomy" / "broken-TX013")
    en = invoke("check-taxonomy", folder, "--lang", "en")
    assert en.exit_code == 1 and en.stdout.splitlines() == [
        "01-alpha.yaml, line 11, field action: TX013 error: unknown action '编写' in '01.01-p01' — use one of 制定, "
        "修订, 制修订, 提升, 未明确", f"1 problem(s) in {folder}"]
    zh = invoke("check-taxonomy", folder, "--lang", "zh").stdout.splitlines()
    assert zh[0].startswith("01-alpha.yaml, line 11, field action: TX013 error: 未知的建设行动 — ")
    assert zh[1] == f"1 个问题：{folder}"
    assert invoke("check-taxonomy", str(FIXTURES / "taxonomy" / "good"), "--lang", "zh").stdout.startswith("无问题：")


def test_taxonomy_option_with_broken_folder(invoke):
    r = invoke("tree", "--taxonomy", str(FIXTURES / "taxonomy" / "broken-TX001"))
    assert r.exit_code == 2
    assert "has errors" in r.stderr and "minestd check-taxonomy" in r.stderr


def test_every_command_has_help_with_an_example(invoke):
    from minestd.cli import app
    from typer.main import get_command

    group = get_command(app)
    for name in group.commands:
        r = invoke(name, "--help")
        assert r.exit_code == 0, name
        assert "Example" in r.stdout, name


def test_version(invoke):
    from minestd import __version__

    assert invoke("--version").stdout.strip() == f"minestd {__version__}"


def test_every_command_is_documented_in_the_readme():
    from minestd.cli import app
    from typer.main import get_command

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in get_command(app).commands:
        assert f"minestd {name}" in readme, name


def test_minestd_lang_sets_the_default_language(runner):
    from minestd.cli import app

    english = runner.invoke(app, ["tree", "--depth", "1"], env={"MINESTD_LANG": "en"})
    assert english.exit_code == 0 and "02 Geological Exploration" in english.stdout
    chosen = runner.invoke(app, ["tree", "--depth", "1", "--lang", "zh"], env={"MINESTD_LANG": "en"})
    assert "02 地质勘探" in chosen.stdout                      # the option wins over the environment
    bad = runner.invoke(app, ["tree"], env={"MINESTD_LANG": "fr"})
    assert bad.exit_code == 2
    assert bad.stderr.strip() == ("错误 / error: 参数值无效 / Invalid value for '--lang' (env var: 'MINESTD_LANG'): 'fr' is not one "
                                  "of 'zh', 'en', 'both'. (see 'minestd tree --help')")


def test_minestd_lang_both_works_for_every_command(runner, tmp_path):
    """MINESTD_LANG=both (validate's bilingual messages) must not break the commands that write names: they show
    "中文 / English" where they can, Chinese reports, and both sets of figures."""
    from minestd.cli import app

    env = {"MINESTD_LANG": "both"}
    tree = runner.invoke(app, ["tree", "05.02"], env=env)
    assert tree.exit_code == 0 and "05.02.01 瓦斯参数 / Gas parameters" in tree.stdout
    assert tree.stdout.splitlines()[0] == "瓦斯防治 › 测试评估 / Gas Control › Testing and assessment  (矿安〔2024〕144号)"
    gaps = runner.invoke(app, ["gaps", "--format", "md"], env=env)
    assert gaps.exit_code == 0 and gaps.stdout.startswith("# 矿山安全标准体系建设重点覆盖情况报告")
    table = runner.invoke(app, ["system-table", "--format", "csv", "-o", str(tmp_path / "t.csv")], env=env)
    assert table.exit_code == 0, table.stderr
    figures = runner.invoke(app, ["diagram", "05", "--format", "dot", "--output", str(tmp_path / "d")], env=env)
    assert figures.exit_code == 0, figures.stderr
    assert [p.name for p in sorted((tmp_path / "d").iterdir())] == ["en", "zh"]
    validate = runner.invoke(app, ["validate"], env=env)
    assert validate.exit_code in (0, 1) and " / " in validate.stdout


def test_search_and_priorities_speak_the_language_asked_for(invoke):
    en = invoke("search", "冲击地压", "--lang", "en", "-n", "2").stdout.splitlines()
    assert en[1] == ("08.02        category    Coal burst (rock burst in coal mines) prevention  (Ground Pressure Hazard "
                     "Control › Coal burst (rock burst in coal mines) prevention)")
    both = invoke("search", "冲击地压", "--lang", "both", "-n", "1").stdout
    assert both.startswith("08           subsystem   地压灾害防治 / Ground Pressure Hazard Control  (地压灾害防治 / ")
    zh = invoke("search", "冲击地压", "-n", "1").stdout
    assert zh == "08           subsystem   地压灾害防治  (地压灾害防治)\n"
    assert invoke("priorities", "05.02", "--lang", "en").stdout.splitlines()[0] == "05.02-p01    [not stated] 瓦斯压力测定方法"
    revised = invoke("priorities", "--action", "修订", "--lang", "both").stdout.splitlines()[0]
    assert "[修订 / revise]" in revised
    assert invoke("priorities", "05.02").stdout.splitlines()[0] == "05.02-p01    [未明确] 瓦斯压力测定方法"


def test_show_prints_the_node_kind_and_both_names(invoke):
    zh = invoke("show", "05.02").stdout.splitlines()
    assert zh[0] == "05.02  测试评估  [category]" and "English: Testing and assessment" in zh
    both = invoke("show", "05.02", "--lang", "both").stdout.splitlines()
    assert both[0] == "05.02  测试评估 / Testing and assessment  [category]"
    assert not any(line.startswith(("English:", "中文:")) for line in both)
    assert invoke("show", "01.01-p01", "--lang", "en").stdout.splitlines()[0] == "01.01-p01  矿山安全术语  (revise)"
    assert invoke("show", "01.01-p01").stdout.splitlines()[0] == "01.01-p01  矿山安全术语  (修订)"


# --------------------------------------------------------------------------- --catalog: the user's catalog beside the guide

SAMPLE = "taxonomy/catalog/sample-catalog.csv"


def test_search_catalog_folds_case_width_and_spaces():
    from minestd.entry import Entry
    from minestd.lookup import search_catalog

    entries = [Entry(row=2, designation="AQ 1029-2019", title="煤矿安全监控系统及检查仪器使用管理规范"),
               Entry(row=3, designation="ＡＱ 1026-2006", title="煤矿瓦斯抽采基本指标")]
    assert [e.row for e in search_catalog(entries, "aq1029")] == [2]
    assert [e.row for e in search_catalog(entries, "aq 10")] == [2, 3]
    assert [e.row for e in search_catalog(entries, "瓦斯 抽采")] == [3]
    assert search_catalog(entries, "  ") == [] and len(search_catalog(entries, "煤矿", limit=1)) == 1
    with pytest.raises(ValueError, match="limit must be a whole number of at least 1"):
        search_catalog(entries, "煤矿", limit=0)


def test_search_with_catalog_lists_standards_too(invoke, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    result = invoke("search", "瓦斯抽采", "--catalog", SAMPLE, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    standards = [r for r in rows if r["type"] == "standard"]
    assert {"id": "AQ 1026-2006", "type": "standard", "name": "煤矿瓦斯抽采基本指标", "name_en": "", "row": 47,
            "path": "sample-catalog.csv, 行 / row 47"} in standards
    assert any(r["type"] == "category" and r["id"] == "05.03" for r in rows)


def test_show_with_catalog_node_and_priority(invoke, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    node = json.loads(invoke("show", "05.02", "--catalog", SAMPLE, "--format", "json").stdout)
    rows = {s["row"]: s for s in node["catalog"]["standards"]}
    assert rows[39]["designation"] == "AQ 1066-2008" and rows[39]["placement"] == "catalog"
    assert all(any(n.startswith("05.02") for n in s["nodes"]) for s in node["catalog"]["standards"])
    item = json.loads(invoke("show", "05.02-p02", "--catalog", SAMPLE, "--format", "json").stdout)
    assert item["catalog"]["status"] == "covered"
    assert "AQ 1066-2008" in [s["designation"] for s in item["catalog"]["standards"]]
    text = invoke("show", "05.02-p02", "--catalog", SAMPLE).stdout
    assert "目录中的标准 / standards in the catalog (3):" in text
    missing = invoke("show", "05.02", "--catalog", "nope.csv")
    assert missing.exit_code == 2 and missing.stderr.strip() == ("错误 / error: nope.csv: 文件不存在 / file not found "
                                                                 "— 检查路径 / check the path")


def test_bare_minestd_prints_its_help_once():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "minestd"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.count("Usage:") == 1 and "validate" in result.stdout


@pytest.mark.parametrize("args, expected", [(["show", "05.02"], "路径 / path: 瓦斯防治 > 测试评估"),
                                            (["gaps"], "矿山安全基础通用")])
def test_a_gbk_console_gets_fallback_characters_never_a_crash(args, expected):
    """Chinese Windows redirecting to a file writes GBK: characters GBK lacks (›, ▒ …) become >, + … ."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    result = subprocess.run([sys.executable, "-m", "minestd", *args], capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    assert expected in result.stdout.decode("gbk")


@pytest.mark.parametrize("args, starts", [
    (["gaps", "--format", "json", "-o", "-"], "{"),
    (["validate", "--format", "csv", "-o", "-", "--today", "2026-12-06"], "rule,severity,row"),
    (["priorities", "05", "--format", "csv", "-o", "-"], "id,node,path"),
    (["classify", "煤矿瓦斯抽采规范", "--format", "csv", "-o", "-"], "title,suggestion_1_id"),
    (["system-table", "--format", "json", "-o", "-"], "{"),
])
def test_output_dash_means_standard_output(invoke, tmp_path, monkeypatch, args, starts):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout.startswith(starts)                 # no BOM on standard output
    assert not (tmp_path / "-").exists() and "wrote -" not in result.stderr


def test_report_to_standard_output_is_refused(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("report", "-o", "-", "--no-figures")
    assert result.exit_code == 2 and not (tmp_path / "-").exists()
    assert result.stderr.strip() == ("错误 / error: 报告是一个文件夹，不能输出到标准输出 / the report is a folder "
                                     "of files and cannot go to standard output — 给 --output 一个文件夹名，如 "
                                     "minestd-report（或使用 'minestd gaps --format json -o -'） / "
                                     "give --output a folder name, e.g. minestd-report (or use 'minestd gaps --format "
                                     "json -o -')")


def test_shell_completion(tmp_path):
    """Typer's completion: a script for bash, and commands completed from a prefix."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).parent / "minestd"
    if not exe.exists():
        pytest.skip("the minestd script is not installed beside this Python")
    script = subprocess.run([str(exe), "--show-completion", "bash"], capture_output=True, text=True, timeout=60)
    assert script.returncode == 0 and "_minestd_completion" in script.stdout
    env = {**os.environ, "_MINESTD_COMPLETE": "complete_bash", "COMP_WORDS": "minestd va", "COMP_CWORD": "1"}
    done = subprocess.run([str(exe)], capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.split() == ["validate"]


@pytest.mark.parametrize("args", [[], ["gaps", "--status", "gap"], ["tree"]])
def test_a_reader_that_stops_early_is_no_error(args):
    """`minestd gaps | head -1`: exit 0 (rich's consoles would exit 1 on the closed pipe)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "minestd", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()                    # what `head -1` does after its line
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "error" not in err


def test_every_option_help_is_in_chinese_and_english():
    """Chinese where users read (issue 19): each option's and argument's help has Chinese and English — on the
    parameter itself, which is what --help prints (an argument's help survives click's initialisation)."""
    import re

    from typer.main import get_command

    from minestd.cli import app

    missing = []
    for name, command in get_command(app).commands.items():
        for param in command.params:
            text = getattr(param, "help", None) or ""
            if param.name in ("help", "install_completion", "show_completion"):
                continue
            if not text or not re.search(r"[\u4e00-\u9fff]", text) or not re.search(r"[A-Za-z]{3}", text):
                missing.append(f"{name} {param.name}: {text!r}")
    assert not missing, missing


@pytest.mark.parametrize("width", [80, 100, 120, 157])
def test_help_pages_show_argument_help_and_cut_nothing(runner, width):
    """Every command's --help at common terminal widths: the Arguments panel carries the descriptions, and no help
    text is cut with "…" (rich crops a wrapped line holding Chinese that ends at the column's edge; ours fold)."""
    import re

    from typer.main import get_command

    from minestd.cli import app

    for name in get_command(app).commands:
        page = runner.invoke(app, [name, "--help"], env={"COLUMNS": str(width), "TERMINAL_WIDTH": str(width)})
        assert page.exit_code == 0, name
        panels = [line for line in page.stdout.splitlines() if line.startswith("│")]   # the option tables
        cut = [line for line in panels if re.search(r"[A-Za-z0-9\u4e00-\u9fff.,]…", line)]   # a word cut short
        assert panels and not cut, (name, width, cut)
    gaps = runner.invoke(app, ["gaps", "--help"], env={"COLUMNS": str(width)}).stdout
    assert "标准目录文件 / Catalog of" in gaps.split("Arguments")[1].split("Options")[0]


def test_minestd_lang_gives_errors_in_one_language(runner):
    """MINESTD_LANG=zh or en: an error's message and fix in that language only (default: both)."""
    from minestd.cli import app

    zh = runner.invoke(app, ["tree", "99"], env={"MINESTD_LANG": "zh"})
    assert zh.exit_code == 2
    assert zh.stderr.strip() == "错误: 未知体系编号 '99' — 用 'minestd tree' 列出编号，或用 'minestd search TEXT' 查找"
    en = runner.invoke(app, ["gaps", "nosuch.csv"], env={"MINESTD_LANG": "en"})
    assert en.exit_code == 2 and en.stderr.strip() == "error: nosuch.csv: file not found — check the path"
    both = runner.invoke(app, ["gaps", "nosuch.csv"])
    assert both.stderr.strip() == "错误 / error: nosuch.csv: 文件不存在 / file not found — 检查路径 / check the path"


def test_one_language_cuts_before_an_english_side_that_starts_with_a_path_or_option():
    from minestd.language import one_language

    text = "--format json 与输出文件 x.xlsx（xlsx）不符 / --format json does not match the output file x.xlsx (xlsx)"
    assert one_language(text, "zh") == "--format json 与输出文件 x.xlsx（xlsx）不符"
    assert one_language(text, "en") == "--format json does not match the output file x.xlsx (xlsx)"
    assert one_language("是文件夹 / /tmp/out: is a folder", "en") == "/tmp/out: is a folder"
    assert one_language("填写 煤矿 / 金属非金属矿山 / 通用 / enter coal", "zh") == "填写 煤矿 / 金属非金属矿山 / 通用"


def test_minestd_lang_gives_status_lines_in_one_language(runner, tmp_path):
    """MINESTD_LANG=zh or en: what the commands say on stderr (written files, notes) in that language only."""
    from minestd.cli import app

    out = tmp_path / "缺口.json"
    zh = runner.invoke(app, ["gaps", "--format", "json", "-o", str(out)], env={"MINESTD_LANG": "zh"})
    assert zh.exit_code == 0 and zh.stderr == f"已写入 {out}\n"
    en = runner.invoke(app, ["gaps", "--format", "json", "-o", str(out)], env={"MINESTD_LANG": "en"})
    assert en.stderr == f"wrote {out}\n"
    copy = tmp_path / "copy.csv"
    converted = runner.invoke(app, ["convert", SAMPLE, str(copy)], env={"MINESTD_LANG": "en"})
    assert converted.exit_code == 0, converted.stderr
    assert converted.stderr == f"wrote {copy} (179 entries); every row and row number kept\n"
    converted = runner.invoke(app, ["convert", SAMPLE, str(tmp_path / "copy2.csv")], env={"MINESTD_LANG": "zh"})
    assert converted.stderr == f"已写入 {tmp_path / 'copy2.csv'}（179 条），保留全部行和行号\n"
    both = runner.invoke(app, ["convert", SAMPLE, str(tmp_path / "copy3.csv")])
    assert both.stderr == (f"已写入 / wrote {tmp_path / 'copy3.csv'} (179 条 / entries)，保留全部行和行号 / every row "
                           "and row number kept\n")


def test_every_command_has_lang_and_it_wins_over_the_environment(runner, tmp_path):
    """Issue 19: --lang on every command (the commands whose output is data take it for their messages and errors),
    MINESTD_LANG as its default, the option first."""
    from typer.main import get_command

    from minestd.cli import app

    missing = [name for name, command in get_command(app).commands.items()
               if not any("--lang" in getattr(p, "opts", ()) for p in command.params)]
    assert not missing, missing
    copy = tmp_path / "copy.csv"
    result = runner.invoke(app, ["convert", SAMPLE, str(copy), "--lang", "en"], env={"MINESTD_LANG": "zh"})
    assert result.stderr == f"wrote {copy} (179 entries); every row and row number kept\n"
    bad = runner.invoke(app, ["schema", "nosuch", "--lang", "zh"])
    assert bad.exit_code == 2 and bad.stderr.startswith("错误: 未知的 schema 'nosuch' — ")
    after = runner.invoke(app, ["schema", "nosuch"])          # the next invocation is back to the default
    assert after.stderr.startswith("错误 / error: 未知的 schema 'nosuch' / unknown schema 'nosuch'")


def test_in_language_picks_the_text_for_a_language():
    from minestd.language import in_language

    assert [in_language(lang, "已写入", "wrote") for lang in ("zh", "en", "both", "fr")] == [
        "已写入", "wrote", "已写入 / wrote", "已写入 / wrote"]
    assert in_language("both", "一", "one", "一 (one)") == "一 (one)"


def test_help_prose_is_rewrapped_to_the_terminal(runner):
    """A docstring's prose paragraph is joined before rich wraps it: at 80 columns no line of it ends early where the
    source line did; example blocks keep their lines."""
    from minestd.cli import app
    from minestd.cli.helpfix import reflow

    page = runner.invoke(app, ["gaps", "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"}).stdout
    lines = [line.strip() for line in page.splitlines()]
    assert "revision_pending or gap — with the standards behind it and how each was" in lines
    assert "minestd gaps --status gap --node 05" in lines
    assert reflow("甲。\n\n第一行中文\n接着写 and\nmore\n\nExamples:\n  minestd a\n  minestd b") == \
        "甲。\n\n第一行中文接着写 and more\n\nExamples:\n  minestd a\n  minestd b"
    assert reflow("Lines:\n- one\n- two") == "Lines:\n- one\n- two"
