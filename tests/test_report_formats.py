"""Report renderers: HTML (self-contained, escaped), XLSX (read back), CSV, Markdown escaping, terminal text."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from conftest import FIXTURES

CATALOG = FIXTURES / "coverage" / "catalog.csv"
TODAY = dt.date(2025, 6, 1)
HOSTILE = "<script>alert(\"x\")</script>瓦斯防治术语 \"quoted\" & 'apos' | pipe"


@pytest.fixture(scope="module")
def report(tx):
    from minestd.coverage import analyse
    from minestd.data import load_catalog

    return analyse(tx, load_catalog(CATALOG), today=TODAY, catalog_name="catalog.csv")


@pytest.fixture(scope="module")
def page(report, tx) -> str:
    from minestd.report.html import render_html

    return render_html(report, tx, "zh")


# ------------------------------------------------------------------------------------------ HTML


def test_html_escapes_hostile_titles(page):
    assert HOSTILE in open(CATALOG, encoding="utf-8").read().replace('""', '"')
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;瓦斯防治术语 &quot;quoted&quot; &amp; &#x27;apos&#x27; | pipe" in page
    # the only scripts are the page's own two
    assert len(re.findall(r"<script\b", page)) == 2


def test_html_is_self_contained(page):
    """No fetch of anything: no external src/href, no url() or @import, and a CSP forbidding fetches."""
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//|ftp:)""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:|//)", page, re.I)
    assert "@import" not in page
    assert "default-src 'none'" in page
    assert not re.search(r"<(?:link|iframe|img|object|embed)\b", page, re.I)
    # URLs appear only as SVG namespace names, which are never fetched
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_html_has_both_languages_filters_and_sortable_tables(page):
    assert 'data-lang="zh"' in page and 'data-set-lang="en"' in page
    assert '<span class="zh">缺失</span><span class="en">gap</span>' in page
    assert all(f'name="status" value="{s}"' in page for s in ("gap", "revision_pending", "in_progress", "covered"))
    assert 'id="f-subsystem"' in page and 'id="f-q"' in page
    assert page.count('class="sortable"') >= 5
    assert page.count('<tr data-status=') == 370
    assert "<!-- FIGURES:" in page        # the slot for the diagrams


def test_html_english_default(report, tx):
    from minestd.report.html import render_html

    assert '<html lang="en" data-lang="en"' in render_html(report, tx, "en")


def test_html_inlines_figures_safely(report, tx):
    from minestd.report.html import inline_svg, render_html

    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- c -->'
           '<svg xmlns="http://www.w3.org/2000/svg"><g id="node1"><text>瓦斯</text></g></svg>')
    page = render_html(report, tx, figures=[("zh", "图6 瓦斯防治", svg), ("en", "Figure 6 Gas Control", svg)])
    assert '<section id="figures">' in page and "svg11.dtd" not in page and "<?xml" not in page
    assert 'id="fig1-node1"' in page and 'id="fig2-node1"' in page       # ids stay unique on the page
    assert '<figure class="figure en">' in page
    for bad in ('<svg><script>alert(1)</script></svg>', '<svg><image href="https://x.org/a.png"/></svg>'):
        with pytest.raises(ValueError):
            inline_svg(bad)


def test_html_with_real_coverage_figures(report, tx):
    from minestd.report.bundle import coverage_figures
    from minestd.report.html import render_html

    figs = coverage_figures(report, tx, idents=["root", "05"])
    if figs.problem:
        pytest.skip(figs.problem)
    assert [(lang, name) for lang, name, _c, _s in figs.items] == [
        ("zh", "fig01-system.svg"), ("zh", "fig06-gas.svg"), ("en", "fig01-system.svg"), ("en", "fig06-gas.svg")]
    page = render_html(report, tx, figures=figs.inline())
    assert page.count("<svg") == 4
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//)""", page, re.I)


# ------------------------------------------------------------------------------------------ XLSX


def test_xlsx_reads_back(report, tx):
    from openpyxl import load_workbook

    from minestd.report.xlsx import render_xlsx

    wb = load_workbook(io.BytesIO(render_xlsx(report, tx, "zh")))
    assert wb.sheetnames[:4] == ["汇总", "明细", "统计", "标准"]
    for name in ("汇总", "明细", "统计", "标准"):
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert ws.column_dimensions["A"].width >= 6, name
        # printable on A4: landscape, one page wide, the header on every page; a CJK font throughout
        assert (ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.fitToWidth) == (9, "landscape", 1)
        assert ws.print_title_rows == "$1:$1" and ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws["A1"].font.name == ws["A2"].font.name == "等线" and ws["A1"].font.b, name
    summary = wb["汇总"]
    assert [c.value for c in summary[1]][:4] == ["编号", "名称", "层级", "建设重点"]
    assert [c.value for c in summary[2]][3:8] == [370, 5, 3, 1, 361]
    detail = wb["明细"]
    assert detail.max_row == 371
    row = next(r for r in detail.iter_rows(min_row=2, values_only=True) if r[0] == "05.02-p06")
    assert row[6] == "制修订中" and "钻屑量测定方法" in row[9] and "未计入" in row[9]
    standards = wb["标准"]
    titles = [r[2] for r in standards.iter_rows(min_row=2, values_only=True)]
    assert HOSTILE in titles and len(titles) == 18
    stats = wb["统计"]
    assert stats.cell(stats.max_row, 3).value == 18


def test_xlsx_never_writes_a_formula(tx):
    from openpyxl import load_workbook

    from minestd.coverage import analyse
    from minestd.entry import Entry
    from minestd.report.xlsx import render_xlsx

    r = analyse(tx, [Entry(row=2, title="=HYPERLINK(\"http://x\")", status="current", nodes=("05.02",))], today=TODAY)
    wb = load_workbook(io.BytesIO(render_xlsx(r, tx)))
    cell = wb["标准"]["C2"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


# ------------------------------------------------------------------------------------------ CSV, Markdown, text


def test_csv_one_row_per_priority(report, tx):
    from minestd.report.data import CSV_COLUMNS, report_csv

    rows = list(csv.DictReader(io.StringIO(report_csv(report, tx))))
    assert len(rows) == 370 and tuple(rows[0]) == CSV_COLUMNS
    row = next(r for r in rows if r["id"] == "05.02-p02")
    assert (row["status"], row["status_label"], row["links"]) == ("covered", "已覆盖", "inferred")
    assert "AQ 1066-2008《煤层瓦斯含量井下直接测定方法》" in row["standards"]


def test_markdown_escapes_table_cells(report, tx):
    from minestd.report.markdown import md_escape, render_markdown

    assert md_escape("a|b<script>\nc") == "a\\|b&lt;script&gt; c"
    md = render_markdown(report.with_statuses(["covered"]), tx, "zh")
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\| pipe" in md


def test_text_report_has_a_bar_per_subsystem(report, tx):
    from rich.console import Console

    from minestd.report.text import coverage_bar, print_report

    buf = io.StringIO()
    print_report(report, tx, Console(file=buf, width=140, no_color=True), "zh")
    text = buf.getvalue()
    assert "矿山安全标准体系建设重点覆盖情况报告" in text and "★ 瓦斯防治" in text
    assert sum(1 for line in text.splitlines() if set("█▓▒░") & set(line)) == 14   # 15 subsystems, 03 has none
    bar = coverage_bar(report.node("05"), 20)
    assert sum(bar.count(c) for c in "█▓▒░") == 20 and "[green]█" in bar and "[red]░" in bar


def test_xlsx_standards_sheet_has_typed_dates_and_supersession(report, tx):
    import datetime as dt

    from openpyxl import load_workbook

    from minestd.report.xlsx import render_xlsx

    wb = load_workbook(io.BytesIO(render_xlsx(report, tx, "zh")))
    ws = wb["标准"]
    header = [c.value for c in ws[1]]
    assert header[6:9] == ["发布日期", "实施日期", "代替标准"]
    first = [c.value for c in ws[2]]
    assert isinstance(first[6], dt.datetime) and ws.cell(2, 7).number_format == "yyyy-mm-dd"
    links = {r[10] for r in wb["明细"].iter_rows(min_row=2, values_only=True) if r[10]}
    assert links and links <= {"明确关联", "推断", "明确关联, 推断", "推断, 明确关联"}   # no English codes in a Chinese sheet


def test_xlsx_standards_sheet_keeps_the_catalogs_own_columns(invoke, tmp_path):
    """Issue 19: the report's 标准 sheet ends with the catalog's own columns (those minestd does not read), headed
    and filled as in the catalog, each on its own row."""
    from openpyxl import load_workbook

    catalog = tmp_path / "目录.csv"
    catalog.write_text("标准号,标准名称,状态,体系编号,内部编号,负责科室\n"   # rows of the sample catalog
                       "GB/T 15259-2008,矿山安全术语,现行,01.01.01,K-001,标准科\n"
                       "GB 14161-2008,矿山安全标志,现行,01.01.02,,\n", encoding="utf-8")
    out = tmp_path / "缺口.xlsx"
    result = invoke("gaps", str(catalog), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    ws = load_workbook(out)["标准"]
    header = [c.value for c in ws[1]]
    assert header[-2:] == ["内部编号", "负责科室"] and header[:3] == ["行号", "标准编号", "标准名称"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows[2][-2:] == ("K-001", "标准科")
    assert rows[3][-2:] in ((None, None), ("", ""))
