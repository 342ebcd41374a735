"""The guide's Figures 1–16: DOT built from the taxonomy, rendering, fonts, coverage colours, golden DOT.

Golden files live in tests/golden/diagrams/; regenerate them with MINESTD_UPDATE_GOLDEN=1 after an intended change.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "diagrams"
SVG_NS = "{http://www.w3.org/2000/svg}"
UPDATE = os.environ.get("MINESTD_UPDATE_GOLDEN") == "1"


# --------------------------------------------------------------------------- helpers (used by the other files)


def require_cjk_font() -> None:
    """Skip when no CJK font is installed — except in CI, where .ci/run installs fonts-noto-cjk: fail there."""
    from minestd.render.figures import find_cjk_font

    if find_cjk_font() is not None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("CI=true but no CJK font is installed: .ci/run must install fonts-noto-cjk")
    pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk); CI installs it and runs this test")


def require_pygraphviz() -> None:
    pytest.importorskip("pygraphviz", reason="pygraphviz (bundled Graphviz) is a dependency of minestd")


def svg_boxes(svg: bytes) -> dict[str, list[str]]:
    """node id -> the text lines drawn in its box (the id line first, then the name's lines)."""
    root = ET.fromstring(svg)
    boxes: dict[str, list[str]] = {}
    for g in root.iter(f"{SVG_NS}g"):
        if "node" not in (g.get("class") or "").split():
            continue
        title = g.find(f"{SVG_NS}title")
        texts = ["".join(t.itertext()) for t in g.iter(f"{SVG_NS}text")]
        if title is not None and texts:
            boxes[title.text or ""] = texts
    return boxes


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def fills(dot: str) -> dict[str, str]:
    """node id -> fillcolor in a DOT text made by figure_dot."""
    out = {}
    for line in dot.splitlines():
        m = re.match(r'\s*("?)([0-9.]+|root)\1 \[.*fillcolor="(#[0-9A-F]{6})"', line)
        if m:
            out[m.group(2)] = m.group(3)
    return out


def boxes_in(dot: str) -> list[str]:
    """ids of the taxonomy boxes a DOT text made by figure_dot defines, in order."""
    return [m.group(2) for m in re.finditer(r'^\t+("?)([0-9.]+|root)\1 \[label=<', dot, re.M)]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"golden file {path} is missing; create it with MINESTD_UPDATE_GOLDEN=1")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if intended, regenerate with MINESTD_UPDATE_GOLDEN=1 pytest tests/test_diagram.py")


# --------------------------------------------------------------------------- figures and numbering


def test_sixteen_figures_numbered_as_in_the_guide(tx):
    from minestd.render.dot import figures

    figs = figures(tx)
    assert [f.number for f in figs] == list(range(1, 17))
    assert figs[0].node == "root" and figs[0].stem == "fig01-system"
    assert figs[1].stem == "fig02-basic-general"
    assert figs[5].stem == "fig06-gas" and figs[5].node == "05"
    assert figs[13].stem == "fig14-information-intelligence" and figs[13].node == "13"
    assert figs[12].filename("svg") == "fig13-explosion-protection-equipment.svg"


def test_figure_for_accepts_root_and_subsystems_only(tx):
    from minestd.errors import MinestdError
    from minestd.render.dot import figure_for
    from minestd.taxonomy import UnknownIdError

    assert figure_for(tx, "root").number == 1
    assert figure_for(tx, "system").number == 1
    assert figure_for(tx, "12").number == 13
    with pytest.raises(UnknownIdError):
        figure_for(tx, "99")
    with pytest.raises(MinestdError) as err:
        figure_for(tx, "12.02")
    assert str(err.value) == ("'12.02' 不是子体系：指南每个子体系一张图（整个体系为图 1） / '12.02' is a category; "
                              "the guide draws one figure per subsystem (and Figure 1 for the whole system) — "
                              "绘制其所属子体系的图：minestd diagram 12 / draw its subsystem's figure: minestd "
                              "diagram 12")


def test_every_node_appears_in_its_subsystems_figure(tx):
    from minestd.render.dot import figure_dot, node_ids_in

    for sub in tx.subsystems():
        dot = figure_dot(tx, sub.id)
        expected = [n.id for n in tx.walk(sub.id)]
        assert node_ids_in(tx, sub.id) == expected
        assert sorted(boxes_in(dot)) == sorted(expected)   # every node of the subsystem, once, nothing else


def test_figure_one_depths(tx):
    from minestd.render.dot import figure_dot

    one = figure_dot(tx, "root")
    assert boxes_in(one) == ["root"] + [s.id for s in tx.subsystems()]
    two = figure_dot(tx, "root", depth=2)
    assert sorted(boxes_in(two)) == sorted(["root"] + [n.id for n in tx.nodes() if n.kind in ("subsystem", "category")])
    three = figure_dot(tx, "root", depth=3)
    assert sorted(boxes_in(three)) == sorted(n.id for n in tx.nodes())
    cats_only = figure_dot(tx, "12", depth=1)
    assert "12.02" in cats_only and "12.02.13" not in cats_only


def test_dot_shows_ids_small_labels_wrapped_and_levels_distinct(tx):
    from minestd.render.dot import figure_dot

    dot = figure_dot(tx, "12")
    assert '<FONT POINT-SIZE="8" COLOR="#5A6B80">12.02.01</FONT>' in dot            # id small in each box
    assert ">一通三防及</FONT>" in dot and ">灾害防治设备</FONT>" in dot             # long label wrapped
    assert "splines=ortho" in dot and "rankdir=TB" in dot                               # top-down, orthogonal
    look = {m.group(1): m.group(2) for m in re.finditer(r'^\t+"?([0-9.]+)"? \[.*(style="?[a-z,]+"?)', dot, re.M)}
    f = fills(dot)
    assert len({f["12"], f["12.02"], f["12.02.01"]}) == 3                               # three fills
    assert look["12.02.01"] == 'style="rounded,filled"' and look["12.02"] == "style=filled"
    # the 13 equipment classes hang in one column: each on its own row, joined by a spine
    for i in range(1, 14):
        assert re.search(rf'rank=same\s+"12\.02~{i}"\s+"12\.02\.{i:02d}"', dot)
    en = figure_dot(tx, "12", lang="en")
    assert "<B>Explosion Protection and</B>" in en and "<B>Equipment</B>" in en
    assert not re.search(r"[\u4e00-\u9fff]", en), "English figures must not need a CJK font"


@pytest.mark.parametrize("text, lines", [
    ("瓦斯防治", ["瓦斯防治"]),
    ("地质条件分类与评价", ["地质条件", "分类与评价"]),
    ("一通三防及灾害防治设备", ["一通三防及", "灾害防治设备"]),
    ("金属非金属矿山安全设施设计", ["金属非金属矿山", "安全设施设计"]),
    ("综合信息管理应用建设", ["综合信息", "管理应用建设"]),
    ("有线网络与通信类系统", ["有线网络与", "通信类系统"]),
    ("金属非金属矿山安全设施施工与验收", ["金属非金属", "矿山安全设施", "施工与验收"]),
    ("Mine Safety Fundamentals and General Requirements",
     ["Mine Safety", "Fundamentals and", "General", "Requirements"]),
])
def test_wrap_label(text, lines):
    from minestd.render.dot import wrap_label

    assert wrap_label(text, cjk_width=8, latin_width=18) == lines


def test_wrap_label_upright():
    from minestd.render.dot import wrap_label

    assert wrap_label("瓦斯防治", vertical=True) == ["瓦", "斯", "防", "治"]


def test_wrap_label_never_loses_text(tx):
    from minestd.render.dot import wrap_label

    for node in tx.walk():
        assert "".join(wrap_label(node.name)) == node.name
        assert " ".join(wrap_label(node.name_en)) == " ".join(node.name_en.split())
        assert all(len(line) <= 8 for line in wrap_label(node.name))
        assert "".join(wrap_label(node.name, vertical=True)) == node.name


def test_labels_are_escaped(tx):
    from minestd.model import Node
    from minestd.render.dot import figure_dot

    evil = tx.node("05").model_copy(update={"name_en": 'Gas <b>&</b> "control"'})
    nodes = dict(tx._nodes)  # noqa: SLF001 - a tampered copy for this test only
    nodes["05"] = evil
    from minestd.taxonomy import Taxonomy

    tampered = Taxonomy(tx.edition, nodes, {p.id: p for p in tx.priorities()})
    dot = figure_dot(tampered, "05", lang="en")
    assert "Gas &lt;b&gt;&amp;&lt;/b&gt; &quot;control&quot;" in dot
    assert isinstance(evil, Node)


def test_dot_is_byte_identical_across_runs_and_processes(tx):
    from minestd.render.dot import figure_dot

    here = figure_dot(tx, "13", lang="en")
    assert here == figure_dot(tx, "13", lang="en")
    code = ("from minestd.data import default_taxonomy; from minestd.render.dot import figure_dot; "
            "import sys; sys.stdout.write(figure_dot(default_taxonomy(), '13', lang='en'))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "4242")}
    assert outs == {here}


def test_golden_dot_of_figure_six(tx):
    from minestd.render.dot import figure_dot

    check_golden("fig06-gas.zh.dot", figure_dot(tx, "05"))


def test_golden_dot_of_a_coverage_view(tx):
    from minestd.render.dot import figure_dot

    statuses = {"root": Status(5, 1, 1, 1, 2), "05": Status(18, 6, 3, 1, 8), "05.01": Status(2, 2),
                "05.02": Status(10, 3, 2, 0, 5), "05.03": Status(3, 0, 1, 0, 2), "05.04": Status(3, 0, 0, 0, 3)}
    check_golden("fig06-gas.en.coverage.dot", figure_dot(tx, "05", lang="en", statuses=statuses,
                                                         coverage_note="hand-made.csv"))


# --------------------------------------------------------------------------- coverage colours


def test_coverage_classes():
    from minestd.render.dot import coverage_class

    assert coverage_class(None) == "none"
    assert coverage_class(Status()) == "none"
    assert coverage_class(Status(4, 4)) == "covered"
    assert coverage_class(Status(4, 2, gap=2)) == "most"
    assert coverage_class(Status(4, 1, gap=3)) == "some"
    assert coverage_class(Status(4, 0, in_progress=1, gap=3)) == "in_progress"
    assert coverage_class(Status(4, 0, revision_pending=1, gap=3)) == "in_progress"
    assert coverage_class(Status(4, 0, gap=4)) == "gap"


def test_coverage_view_fills_boxes_and_adds_a_legend(tx):
    from minestd.render.dot import COVERAGE_CLASSES, figure_dot

    colour = {key: fill for key, fill, _, _ in COVERAGE_CLASSES}
    dot = figure_dot(tx, "05", statuses={"05": Status(18, 18), "05.02": Status(10, 0, gap=10)})
    f = fills(dot)
    assert f["05"] == colour["covered"]
    assert f["05.02"] == colour["gap"]
    assert f["05.02.01"] == colour["none"]        # no priorities of its own: neutral
    assert f["05.03"] == colour["none"]           # absent from the mapping: neutral
    assert "全部空缺" in dot and "无建设重点" in dot  # legend
    assert ">05.02 · 0/10</FONT>" in dot          # counts beside the id
    assert 'class="category coverage-gap"' in dot
    plain = figure_dot(tx, "05")
    assert "全部空缺" not in plain


def test_tally_tree_rolls_up_to_every_level(tx):
    from types import SimpleNamespace as NS

    from minestd.coverage import tally_tree as statuses_from_priorities

    items = [NS(node="05.02", status="covered"), NS(node="05.02", status="gap"),
             NS(node="12.02.05", status="in_progress")]
    st = statuses_from_priorities(tx, items)
    assert st["05.02"] == Status(total=2, covered=1, gap=1)
    assert st["05"] == Status(total=2, covered=1, gap=1)
    assert st["12.02.05"] == Status(total=1, in_progress=1)
    assert st["12.02"] == st["12"] == Status(total=1, in_progress=1)
    assert st["root"] == Status(total=3, covered=1, in_progress=1, gap=1)
    with pytest.raises(ValueError):
        statuses_from_priorities(tx, [NS(node="05.02", status="done")])


def _catalog(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("designation,title,status,nodes,priorities\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_coverage_view_changes_when_the_catalog_changes(tx, tmp_path):
    from minestd.render.dot import COVERAGE_CLASSES, figure_dot
    from minestd.render.figures import coverage_statuses

    colour = {key: fill for key, fill, _, _ in COVERAGE_CLASSES}
    empty = _catalog(tmp_path, "empty.csv", ["GB/T 1-2020,无关标准,现行,01.01,"])
    covering = _catalog(tmp_path, "gas.csv", [
        "AQ/T 1-2025,瓦斯防治术语,现行,05.01,05.01-p01",
        "AQ/T 2-2025,瓦斯地质图编制使用方法,现行,05.01,05.01-p02",
        "AQ/T 3-2025,瓦斯压力测定方法,征求意见稿,05.02,05.02-p01",
    ])
    (before, note_before, problems), (after, note_after, _) = coverage_statuses(tx, empty), coverage_statuses(tx, covering)
    assert problems == 0
    assert (note_before, note_after) == ("empty.csv", "gas.csv")
    f_before = fills(figure_dot(tx, "05", statuses=before))
    f_after = fills(figure_dot(tx, "05", statuses=after))
    assert f_before["05.01"] == colour["gap"] and f_after["05.01"] == colour["covered"]
    assert f_before["05.02"] == colour["gap"] and f_after["05.02"] == colour["in_progress"]
    assert after["05.01"].covered == 2 and after["05.02"].in_progress == 1


# --------------------------------------------------------------------------- rendering


def test_svg_parses_and_contains_every_label(tx):
    require_pygraphviz()
    from minestd.render.dot import figure_dot
    from minestd.render.figures import render

    for ident, lang in (("12", "zh"), ("13", "en"), ("root", "zh"), ("root", "en")):
        svg = render(figure_dot(tx, ident, lang=lang), "svg", renderer="pygraphviz")
        boxes = svg_boxes(svg)
        top = tx.node(ident if ident != "root" else "root")
        limit = 1 if ident == "root" else 2
        for node in tx.walk(top.id):
            if node.depth - top.depth > limit:
                continue
            assert node.id in boxes, f"{node.id} not drawn"
            lines = boxes[node.id] if node.kind == "root" else boxes[node.id][1:]
            if node.kind == "root" and lang == "zh":
                lines = lines[1:]  # the document number above the name
            if lang == "zh":
                assert "".join(lines) == node.name
            else:
                assert " ".join(lines) == node.name_en
            if node.kind != "root":
                assert boxes[node.id][0] == node.id
        assert b"graphviz version" not in svg


def test_svg_is_deterministic_and_unstamped(tx):
    require_pygraphviz()
    from minestd.render.dot import figure_dot
    from minestd.render.figures import normalise_svg, render

    dot = figure_dot(tx, "05")
    first, second = render(dot, "svg", renderer="pygraphviz"), render(dot, "svg", renderer="pygraphviz")
    assert first == second
    assert b"<!-- Generated by minestd (layout: Graphviz dot) -->" in first
    stamped = b'<!-- Generated by graphviz version 2.43.0 (0)\n -->\n<svg'
    assert normalise_svg(stamped) == b"<!-- Generated by minestd (layout: Graphviz dot) -->\n<svg"


def test_png_with_a_cjk_font(tx):
    require_pygraphviz()
    require_cjk_font()
    from minestd.render.dot import figure_dot
    from minestd.render.figures import render

    png = render(figure_dot(tx, "12"), "png", renderer="pygraphviz")
    width, height = png_size(png)
    assert 400 < width < 4000 and 1200 < height < 6000     # one column of 13 classes: tall, not 2 metres wide
    assert len(png) > 50_000
    pdf = render(figure_dot(tx, "02"), "pdf", renderer="pygraphviz")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 10_000


def test_png_without_a_cjk_font_is_refused_not_tofu(tx, monkeypatch):
    from minestd.errors import MinestdError
    from minestd.render import figures
    from minestd.render.dot import figure_dot

    monkeypatch.setattr(figures, "find_cjk_font", lambda: None)
    for fmt in ("png", "pdf"):
        with pytest.raises(MinestdError) as err:
            figures.render(figure_dot(tx, "12"), fmt)
        assert str(err.value).startswith(f"未安装中文（CJK）字体，{fmt.upper()} 中的汉字会显示为空框 / no Chinese "
                                         f"(CJK) font is installed, so the {fmt.upper()} would show "
                                         "empty boxes instead of Chinese characters — 安装中文（CJK）字体，如 "
                                         "'sudo apt-get install fonts-noto-cjk'；或用 --lang en 绘制英文标签，或使用 "
                                         "--format svg / install a CJK font, e.g. "
                                         "'sudo apt-get install fonts-noto-cjk'")
    require_pygraphviz()
    # English labels and SVG need no CJK font
    assert png_size(figures.render(figure_dot(tx, "12", lang="en"), "png"))[0] > 100
    assert figures.render(figure_dot(tx, "12"), "svg").startswith(b"<?xml")


def test_find_cjk_font_falls_back_to_font_files(tmp_path, monkeypatch):
    from minestd.render import figures

    monkeypatch.setattr(figures.shutil, "which", lambda name: None)
    monkeypatch.setattr(figures, "_FONT_DIRS", (str(tmp_path),))
    monkeypatch.delenv("WINDIR", raising=False)
    assert figures.find_cjk_font() is None
    (tmp_path / "truetype").mkdir()
    (tmp_path / "truetype" / "DejaVuSans.ttf").write_bytes(b"")
    assert figures.find_cjk_font() is None
    (tmp_path / "truetype" / "wqy-microhei.ttc").write_bytes(b"")
    assert figures.find_cjk_font() == str(tmp_path / "truetype" / "wqy-microhei.ttc")


def test_needs_cjk_font():
    from minestd.render.figures import needs_cjk_font

    assert needs_cjk_font("digraph { a [label=瓦斯] }", "png")
    assert needs_cjk_font("digraph { a [label=瓦斯] }", "pdf")
    assert not needs_cjk_font("digraph { a [label=瓦斯] }", "svg")
    assert not needs_cjk_font("digraph { a [label=Gas] }", "png")


def test_renderer_choice_without_system_graphviz(monkeypatch):
    from minestd.errors import MinestdError
    from minestd.render import figures

    monkeypatch.setattr(figures.shutil, "which", lambda name: None)
    monkeypatch.setattr(figures, "_has_pygraphviz", lambda: True)
    assert figures.choose_renderer("auto") == "pygraphviz"
    with pytest.raises(MinestdError) as err:
        figures.choose_renderer("dot")
    assert str(err.value) == ("PATH 中找不到 Graphviz 'dot' / Graphviz 'dot' was not found on PATH — 安装 Graphviz"
                              "（如 'sudo apt-get install graphviz'），或使用 --renderer pygraphviz / install "
                              "Graphviz (e.g. 'sudo apt-get install graphviz') or use --renderer pygraphviz")
    monkeypatch.setattr(figures, "_has_pygraphviz", lambda: False)
    with pytest.raises(MinestdError) as err:
        figures.choose_renderer("auto")
    assert str(err.value) == ("没有可用的 Graphviz 渲染器：无法导入 pygraphviz，PATH 中也没有 'dot' / no Graphviz "
                              "renderer is available: pygraphviz cannot be imported and 'dot' is not on PATH — 运行 "
                              "pip install pygraphviz（其 wheel 自带 Graphviz），或安装 Graphviz / pip install "
                              "pygraphviz (its wheels bundle Graphviz) or install Graphviz")
    monkeypatch.setattr(figures.shutil, "which", lambda name: "/usr/bin/dot")
    assert figures.choose_renderer("auto") == "dot"
    monkeypatch.setattr(figures, "_has_pygraphviz", lambda: True)
    assert figures.choose_renderer("auto") == "dot"          # a system dot is preferred when present
    assert figures.choose_renderer("pygraphviz") == "pygraphviz"
    with pytest.raises(MinestdError):
        figures.choose_renderer("graphviz")


FAKE_DOT = """#!{python}
# A stand-in for a system Graphviz 'dot': renders stdin with pygraphviz, or fails like dot does.
import sys
args = sys.argv[1:]
fmt = next(a[2:] for a in args if a.startswith("-T"))
src = sys.stdin.read()
if "FAIL" in src:
    sys.stderr.write("Error: <stdin>: syntax error in line 1 near 'FAIL'\\n")
    sys.exit(1)
import pygraphviz
sys.stdout.buffer.write(pygraphviz.AGraph(string=src).draw(format=fmt, prog="dot"))
"""


def test_system_dot_renderer(tx, tmp_path, monkeypatch):
    require_pygraphviz()
    from minestd.errors import MinestdError
    from minestd.render.dot import figure_dot
    from minestd.render.figures import render

    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    fake.write_text(FAKE_DOT.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    dot = figure_dot(tx, "05")
    assert render(dot, "svg", renderer="dot") == render(dot, "svg", renderer="pygraphviz")
    with pytest.raises(MinestdError) as err:
        render("digraph { FAIL }", "svg", renderer="dot")
    assert str(err.value) == ("Graphviz 'dot' 无法渲染该图 / Graphviz 'dot' could not render the figure: Error: "
                              "<stdin>: syntax error in line 1 near 'FAIL' — 检查 Graphviz 的安装，或使用 --renderer "
                              "pygraphviz / check the Graphviz installation, or use --renderer pygraphviz")


def test_render_rejects_unknown_format():
    from minestd.errors import MinestdError
    from minestd.render.figures import render

    with pytest.raises(MinestdError) as err:
        render("digraph {}", "jpg")
    assert str(err.value) == ("未知的格式 'jpg' / unknown format 'jpg' — 可选：svg, png, pdf, dot / use one of: svg, "
                              "png, pdf, dot")
    assert render("digraph {}", "dot") == b"digraph {}"


# --------------------------------------------------------------------------- writing files


def test_write_figures_layout_and_atomicity(tx, tmp_path):
    require_pygraphviz()
    from minestd.render.figures import write_figures

    one = write_figures(tx, ["05"], output_dir=tmp_path / "a", formats=["svg", "dot"])
    assert [w.path.name for w in one] == ["fig06-gas.svg", "fig06-gas.dot"]
    both = write_figures(tx, ["root", "12"], output_dir=tmp_path / "b", formats=["dot"], langs=["zh", "en"])
    assert sorted(str(w.path.relative_to(tmp_path / "b")) for w in both) == [
        "en/fig01-system.dot", "en/fig13-explosion-protection-equipment.dot",
        "zh/fig01-system.dot", "zh/fig13-explosion-protection-equipment.dot"]
    assert not list((tmp_path / "b").rglob("*.tmp"))


def test_write_figures_refuses_the_package_and_leaves_nothing_half_written(tx, tmp_path, monkeypatch):
    import minestd
    from minestd.errors import MinestdError
    from minestd.render import figures

    with pytest.raises(MinestdError) as err:
        figures.write_figures(tx, ["05"], output_dir=Path(minestd.__file__).parent / "out", formats=["dot"])
    assert "refusing to write figures into minestd's own files" in str(err.value)
    monkeypatch.setattr(figures, "find_cjk_font", lambda: None)
    with pytest.raises(MinestdError):
        figures.write_figures(tx, None, output_dir=tmp_path / "c", formats=["svg", "png"])
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").iterdir())


def test_checked_in_diagrams_are_current_dot(tx, tmp_path):
    """diagrams/ is generated only: the DOT files match a fresh run byte for byte (no renderer needed)."""
    from minestd.render.figures import write_figures

    written = write_figures(tx, None, output_dir=tmp_path, formats=["dot"], langs=["zh", "en"])
    fresh = {str(w.path.relative_to(tmp_path)): w.path.read_bytes() for w in written}
    stored = {str(p.relative_to(ROOT / "diagrams")): p.read_bytes()
              for p in sorted((ROOT / "diagrams").rglob("*.dot"))}
    assert len(fresh) == 32
    assert sorted(stored) == sorted(fresh), "diagrams/ has missing or extra DOT files"
    stale = [name for name in fresh if fresh[name] != stored[name]]
    assert not stale, (f"diagrams/ is out of date ({', '.join(stale)}): regenerate with "
                       "'minestd diagram --all -f dot -f svg --lang zh --lang en --renderer pygraphviz --output diagrams'")


def test_checked_in_diagrams_are_current_svg(tx, tmp_path):
    """The SVGs too — they depend on the Graphviz bundled with pygraphviz and on the CJK font's metrics."""
    require_pygraphviz()
    require_cjk_font()
    from minestd.render.figures import write_figures

    written = write_figures(tx, None, output_dir=tmp_path, formats=["svg"], langs=["zh", "en"],
                            renderer="pygraphviz")
    fresh = {str(w.path.relative_to(tmp_path)): w.path.read_bytes() for w in written}
    stored = {str(p.relative_to(ROOT / "diagrams")): p.read_bytes()
              for p in sorted((ROOT / "diagrams").rglob("*.svg"))}
    assert sorted(stored) == sorted(fresh), "diagrams/ has missing or extra SVG files"
    stale = [name for name in fresh if fresh[name] != stored[name]]
    assert not stale, (f"diagrams/ is out of date ({', '.join(stale)}): regenerate with "
                       "'minestd diagram --all -f dot -f svg --lang zh --lang en --renderer pygraphviz --output diagrams'")
    for data in fresh.values():
        ET.fromstring(data)


def Status(total: int = 0, covered: int = 0, in_progress: int = 0, revision_pending: int = 0, gap: int = 0):
    """Hand-made coverage counts for a node (the core's Tally)."""
    from minestd.coverage import Tally

    return Tally(total=total, covered=covered, in_progress=in_progress, revision_pending=revision_pending, gap=gap)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="矿山安全标准ABCabc 0123-·（）", max_size=40), st.sampled_from([8, 9, 11, 12, 14, 16]))
def test_box_widths_are_exact_so_figures_match_on_every_python(line, size):
    """Python 3.12 changed how sum() adds floats; box widths are whole-number arithmetic with one division, so they
    equal the exact value rounded once — the same DOT and SVG on Python 3.10–3.13."""
    from fractions import Fraction

    from minestd.render.dot import _CJK, _text_width

    cjk = sum(1 for ch in line if _CJK.match(ch))
    assert _text_width(line, size) == float(Fraction(100 * cjk + 52 * (len(line) - cjk)) * size / 100)
