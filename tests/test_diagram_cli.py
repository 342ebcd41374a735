"""`minestd diagram` through the CLI: defaults, options, exact error lines."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_diagram import fills, png_size, require_cjk_font, require_pygraphviz, svg_boxes


@pytest.fixture()
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_arguments_draws_figure_one_into_diagrams_out(invoke, in_tmp):
    require_pygraphviz()
    result = invoke("diagram")
    assert result.exit_code == 0, result.stderr
    out = in_tmp / "diagrams-out" / "fig01-system.svg"
    assert result.stdout == f"{Path('diagrams-out') / 'fig01-system.svg'}\n"
    assert result.stderr == "已写入 / wrote 1 file to diagrams-out\n"
    boxes = svg_boxes(out.read_bytes())
    assert {"root", "01", "15"} <= set(boxes)


def test_one_subsystem_several_formats(invoke, in_tmp):
    require_pygraphviz()
    result = invoke("diagram", "12", "-f", "svg", "-f", "dot", "--output", "figs")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (in_tmp / "figs").iterdir()) == [
        "fig13-explosion-protection-equipment.dot", "fig13-explosion-protection-equipment.svg"]


def test_all_figures_both_languages(invoke, in_tmp):
    result = invoke("diagram", "--all", "--format", "dot", "--lang", "zh", "--lang", "en", "--output", "d")
    assert result.exit_code == 0, result.stderr
    assert len(list((in_tmp / "d" / "zh").glob("fig*.dot"))) == 16
    assert len(list((in_tmp / "d" / "en").glob("fig*.dot"))) == 16
    assert result.stderr == "已写入 / wrote 32 files to d\n"
    assert "Figure 14  Information and Intelligent Mining" in (in_tmp / "d" / "en" / "fig14-information-intelligence.dot").read_text()


def test_dot_to_stdout_matches_the_library(invoke, tx):
    from minestd.render.dot import figure_dot

    result = invoke("diagram", "05", "--format", "dot", "--lang", "en", "--output", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == figure_dot(tx, "05", lang="en")


def test_depth_two_on_figure_one(invoke):
    result = invoke("diagram", "root", "--depth", "2", "-f", "dot", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert '"05.02"' in result.stdout or "\t\t05.02 [" in result.stdout
    assert "05.02.01" not in result.stdout


def test_png_when_a_cjk_font_is_installed(invoke, in_tmp):
    require_pygraphviz()
    require_cjk_font()
    result = invoke("diagram", "13", "--format", "png")
    assert result.exit_code == 0, result.stderr
    width, height = png_size((in_tmp / "diagrams-out" / "fig14-information-intelligence.png").read_bytes())
    assert width > 1000 and height > 600


def test_coverage_from_a_catalog_file(invoke, in_tmp):
    (in_tmp / "mine.csv").write_text("designation,title,status,nodes,priorities\n"
                                     "AQ/T 1-2025,瓦斯防治术语,现行,05.01,05.01-p01\n"
                                     "AQ/T 2-2025,瓦斯地质图编制使用方法,现行,05.01,05.01-p02\n", encoding="utf-8")
    result = invoke("diagram", "05", "--catalog", "mine.csv", "-f", "dot", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "覆盖情况（mine.csv）" in result.stdout
    assert fills(result.stdout)["05.01"] == "#7FC97F"    # all covered
    assert fills(result.stdout)["05.04"] == "#F4A6A6"    # all gap
    assert result.stderr == ""


def test_coverage_warns_about_catalog_problems(invoke, in_tmp):
    (in_tmp / "bad.csv").write_text("designation,title,status,nodes,priorities\n"
                                    "AQ/T 1-2025,瓦斯防治术语,现行,05.01,05.01-p99\n", encoding="utf-8")
    result = invoke("diagram", "05", "--catalog", "bad.csv", "-f", "dot", "-o", "-")
    assert result.exit_code == 0
    assert result.stderr == ("警告 / warning: bad.csv has 1 problem(s) the coverage could not use — see them with "
                             "'minestd validate bad.csv'\n")


def test_coverage_with_the_embedded_sample_catalog(invoke, tx):
    from minestd.data import sample_catalog_path

    if not sample_catalog_path().exists():
        pytest.skip("taxonomy/catalog/sample-catalog.csv is not there yet")
    result = invoke("diagram", "--coverage", "-f", "dot", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "覆盖情况（sample-catalog.csv）" in result.stdout
    assert set(fills(result.stdout)) == {"root", *(s.id for s in tx.subsystems())}


# --------------------------------------------------------------------------- exact error lines


def test_unknown_id(invoke):
    result = invoke("diagram", "99")
    assert result.exit_code == 2
    assert result.stderr == ("错误 / error: 未知体系编号 '99' / unknown id '99' — 给出 'root'（图 1）或子体系编号 "
                             "01–15，用 'minestd tree --depth 1' 列出 / give 'root' (Figure 1) or a subsystem id "
                             "01–15; list them with 'minestd tree --depth 1'\n")
    assert result.stdout == ""


def test_category_id(invoke):
    result = invoke("diagram", "12.02")
    assert result.exit_code == 2
    assert result.stderr == ("错误 / error: '12.02' 不是子体系：指南每个子体系一张图（整个体系为图 1） / '12.02' "
                             "is a category; the guide draws one figure per subsystem (and Figure 1 for the whole "
                             "system) — 绘制其所属子体系的图：minestd diagram 12 / draw its subsystem's figure: "
                             "minestd diagram 12\n")


def test_bad_format(invoke):
    result = invoke("diagram", "05", "--format", "jpg")
    assert result.exit_code == 2
    assert result.stderr == ("错误 / error: 参数值无效 / Invalid value for '--format' / '-f': 'jpg' is not one of 'svg', 'png', "
                             "'pdf', 'dot'. (see 'minestd diagram --help')\n")


def test_id_and_all(invoke):
    result = invoke("diagram", "05", "--all")
    assert result.exit_code == 2
    assert result.stderr == ("错误 / error: ID 与 --all 只能给一个（收到 '05' 和 --all） / give an ID or --all, not "
                             "both (got '05' and --all) — 去掉 ID 以绘制全部 16 张图，或去掉 --all / drop the ID to "
                             "draw all 16 figures, or drop --all\n")


def test_binary_format_to_stdout(invoke):
    result = invoke("diagram", "05", "--format", "png", "--output", "-")
    assert result.exit_code == 2
    assert result.stderr == ("错误 / error: PNG 是二进制格式，不能输出到标准输出 / PNG is binary and cannot be "
                             "printed to stdout — 给出 --output 文件夹，或使用 --format svg 或 dot / give an --output "
                             "folder, or use --format svg or dot\n")


def test_png_without_cjk_font(invoke, in_tmp, monkeypatch):
    from minestd.render import figures

    monkeypatch.setattr(figures, "find_cjk_font", lambda: None)
    result = invoke("diagram", "12", "--format", "png")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误 / error: 未安装中文（CJK）字体，PNG 中的汉字会显示为空框 / no Chinese (CJK) font is installed, so "
        "the PNG would show empty boxes instead of Chinese characters — 安装中文（CJK）字体，如 'sudo apt-get "
        "install fonts-noto-cjk'；或用 --lang en 绘制英文标签，或使用 --format svg / install a CJK font, "
        "e.g. 'sudo apt-get install fonts-noto-cjk' (Debian/Ubuntu), 'sudo dnf "
        "install google-noto-sans-cjk-fonts' (Fedora) or 'brew install --cask font-noto-sans-cjk' (macOS); or draw "
        "English labels with --lang en, or use --format svg\n")
    assert not (in_tmp / "diagrams-out").exists()


def test_missing_catalog(invoke, in_tmp):
    result = invoke("diagram", "--catalog", "nope.csv")
    assert result.exit_code == 2
    assert result.stderr == "错误 / error: nope.csv: 文件不存在 / file not found — 检查路径 / check the path\n"


def test_system_dot_requested_but_absent(invoke, in_tmp, monkeypatch):
    from minestd.render import figures

    monkeypatch.setattr(figures.shutil, "which", lambda name: None)
    result = invoke("diagram", "05", "--renderer", "dot")
    assert result.exit_code == 2
    assert result.stderr == ("错误 / error: PATH 中找不到 Graphviz 'dot' / Graphviz 'dot' was not found on PATH — "
                             "安装 Graphviz（如 'sudo apt-get install graphviz'），或使用 --renderer pygraphviz / "
                             "install Graphviz (e.g. 'sudo apt-get install graphviz') or use --renderer pygraphviz\n")


def test_refuses_to_write_into_the_package(invoke):
    import minestd

    target = Path(minestd.__file__).parent / "figures-out"
    result = invoke("diagram", "05", "-f", "dot", "--output", str(target))
    assert result.exit_code == 2
    assert "refusing to write figures into minestd's own files" in result.stderr
    assert not target.exists()


def test_help_has_examples(invoke):
    result = invoke("diagram", "--help")
    assert result.exit_code == 0
    assert "体系结构图 / Draw the guide's Figures 1–16" in result.stdout
    assert "minestd diagram --all -f dot -f svg --lang zh --lang en" in result.stdout
    assert "--renderer pygraphviz --output diagrams" in result.stdout
    for option in ("--all", "--format", "--coverage", "--catalog", "--lang", "--depth", "--output", "--renderer"):
        assert option in result.stdout
