"""The HTML report in a real browser: headless Chromium (Debian package `chromium`, installed by .ci/run).

Chromium loads the page from a file:// URL whose hash sets the filters (the page keeps its filter state
in the hash), runs the page's script and dumps the DOM; the test checks the summary and that the filter
hid exactly the rows it should. A screenshot is saved in the test's tmp dir.
Skipped when no Chromium is installed — except under CI (CI=true), where that is a failure.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES

pytestmark = pytest.mark.browser

CATALOG = FIXTURES / "coverage" / "catalog.csv"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
ROW = re.compile(r'<tr data-status="(?P<status>[^"]+)" data-subsystem="(?P<sub>[^"]+)"[^>]*>')


def find_chromium() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("headless Chromium is required under CI: apt-get install -y chromium")
    pytest.skip("headless Chromium not installed (apt-get install -y chromium); required when CI=true")


def run_chromium(browser: str, profile: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--virtual-time-budget=5000", *extra, url]
    return subprocess.run(args, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def page(tmp_path_factory, tx):
    from minestd.coverage import analyse
    from minestd.data import load_catalog
    from minestd.report.html import render_html

    report = analyse(tx, load_catalog(CATALOG), today=dt.date(2025, 6, 1), catalog_name="catalog.csv")
    folder = tmp_path_factory.mktemp("html")
    path = folder / "report.html"
    path.write_text(render_html(report, tx, "zh"), encoding="utf-8")
    return path, report


def dump(browser: str, tmp_path: Path, url: str) -> str:
    result = run_chromium(browser, tmp_path / "profile", url, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'data-ready="1"' in result.stdout, "the page's script did not run"
    return result.stdout


def test_summary_renders_and_the_status_filter_works(page, tmp_path):
    browser = find_chromium()
    path, report = page
    dom = dump(browser, tmp_path, path.as_uri() + "#status=gap&subsystem=05")
    s = report.summary
    for status in ("covered", "in_progress", "revision_pending", "gap"):
        assert re.search(rf'id="card-{status}"><b>{getattr(s, status)}</b>', dom), status
    assert "矿山安全标准体系建设重点覆盖情况报告" in dom
    rows = [(m["status"], m["sub"], "hidden" in m.group(0)) for m in ROW.finditer(dom)]
    assert len(rows) == s.total
    shown = [(st, sub) for st, sub, hidden in rows if not hidden]
    expected = sum(1 for p in report.priorities if p.status == "gap" and p.subsystem == "05")
    assert expected > 0 and len(shown) == expected
    assert set(shown) == {("gap", "05")}
    assert f'<b id="shown-count">{expected}</b>' in dom
    assert re.search(r'<select id="f-subsystem">', dom)


def test_search_box_and_language_switch(page, tmp_path):
    browser = find_chromium()
    path, _report = page
    dom = dump(browser, tmp_path, path.as_uri() + "#q=%E7%93%A6%E6%96%AF%E5%90%AB%E9%87%8F&lang=en")   # q=瓦斯含量
    shown = [m["status"] for m in ROW.finditer(dom) if "hidden" not in m.group(0)]
    assert shown == ["covered"]                          # 05.02-p02 瓦斯含量测定
    assert re.search(r'<html lang="en" data-lang="en"', dom)


def test_screenshot(page, tmp_path):
    browser = find_chromium()
    path, _report = page
    shot = tmp_path / "report.png"
    result = run_chromium(browser, tmp_path / "profile", path.as_uri() + "#status=gap,revision_pending",
                          f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_section_renders_in_both_languages(tx, tmp_path):
    """--compare PREVIOUS: the section with the changed items is in the page the browser builds, in either language."""
    from minestd.data import load_catalog
    from minestd.gaps import gap_report
    from minestd.report.data import progress_rows, report_dict
    from minestd.report.html import render_html

    browser = find_chromium()
    catalog = load_catalog(CATALOG)
    previous = report_dict(gap_report(tx, catalog.entries[:3], today=dt.date(2025, 6, 1), place_entries=False))
    report = gap_report(tx, catalog, today=dt.date(2026, 6, 1), place_entries=False, previous=previous,
                        previous_name="old/gaps.json")
    path = tmp_path / "report.html"
    path.write_text(render_html(report, tx, "zh"), encoding="utf-8")
    expected = len(progress_rows(report, "zh"))
    assert expected > 0
    for lang, sentence in (("zh", "与上期报告（2025-06-01，old/gaps.json）相比"),
                           ("en", "Since the previous report (2025-06-01, old/gaps.json)")):
        dom = dump(browser, tmp_path, path.as_uri() + f"#lang={lang}")
        assert re.search(rf'<html lang="{lang}" data-lang="{lang}"', dom)
        section = dom[dom.index('<section id="progress">'):]
        section = section[:section.index("</section>")]
        assert sentence in section
        items = section[section.index('id="progress-items"'):]
        assert items[:items.index("</table>")].count("<tr>") == expected + 1     # header + one row per change


MM = 72 / 25.4
#: the print stylesheet's boxes for a figure (A4 less 10 mm margins, less room for the caption)
PRINT_BOX = {"wide": (277 * MM, 178 * MM), "tall": (190 * MM, 260 * MM)}


def _svg_print_size(svg: str) -> tuple[float, float]:
    """(scale the print stylesheet gives the figure, its smallest font size in points once printed)."""
    m = re.search(r'width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
    w, h = float(m[1]), float(m[2])
    box_w, box_h = PRINT_BOX["wide" if w > h else "tall"]
    scale = min(1.0, box_w / w, box_h / h)
    return scale, min(float(x) for x in re.findall(r'font-size="([0-9.]+)"', svg)) * scale


def test_print_layout_is_a4_without_controls_and_figures_readable(tx, tmp_path):
    """Printed (Chromium --print-to-pdf): A4 pages, the wide figure on a landscape page, no buttons, filters or
    folded-figure switches, and every figure's smallest text at least 6 pt once fitted to its page."""
    import pypdf

    from minestd.data import default_taxonomy, load_catalog
    from minestd.gaps import gap_report
    from minestd.report.bundle import coverage_figures
    from minestd.report.html import render_html

    browser = find_chromium()
    tx = default_taxonomy()
    report = gap_report(tx, load_catalog(), today=dt.date(2026, 12, 6))
    figures = coverage_figures(report, tx, langs=("zh",), idents=["system", "12", "13"])
    assert not figures.problem
    for _lang, name, _caption, svg in figures.items:
        scale, smallest = _svg_print_size(svg.decode("utf-8"))
        assert smallest >= 6.0, (name, scale, smallest)
    page = tmp_path / "report.html"
    page.write_text(render_html(report, tx, "zh", figures=figures.inline()), encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    result = run_chromium(browser, tmp_path / "profile", page.as_uri(), f"--print-to-pdf={pdf}",
                          "--no-pdf-header-footer")
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    pages = pypdf.PdfReader(pdf).pages
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages]
    assert set(sizes) == {(595, 842), (842, 595)}                # A4 portrait, and landscape for the wide figure
    text = "".join(p.extract_text() for p in pages)
    landscape = [k for k, size in enumerate(sizes) if size == (842, 595)]
    assert landscape == [1] and "图1" in pages[1].extract_text()   # Figure 1 alone on the second page
    for control in ("English", "全部 / all", "展开其余"):
        assert control not in text, control
    assert len(pages) <= 30
