"""Every report format behind one call shape: ``RENDERERS[name].render(report, tx, lang, figures=…) -> str | bytes``.

Adding a format is one module and one line here. ``binary`` formats need a file; ``bom`` formats get a UTF-8 BOM
when written to a file (Excel on Chinese Windows reads them correctly). Nothing here writes files.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..coverage import CoverageReport
    from ..taxonomy import Taxonomy


@dataclass(frozen=True)
class Renderer:
    name: str
    render: Callable[..., "str | bytes"]
    binary: bool = False     # bytes: needs an output file
    bom: bool = False        # text written to a file with a UTF-8 BOM
    description: str = ""


def _text(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", *, list_priorities: bool = False,
          **_: Any) -> str:
    import io

    from rich.console import Console

    from .text import print_report

    buf = io.StringIO()
    print_report(report, tx, Console(file=buf, width=120, no_color=True, highlight=False), lang,
                 list_priorities=list_priorities)
    return buf.getvalue()


def _md(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", **_: Any) -> str:
    from .markdown import render_markdown

    return render_markdown(report, tx, lang)


def _json(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", **_: Any) -> str:
    from .data import report_json

    return report_json(report)


def _csv(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", **_: Any) -> str:
    from .data import report_csv

    return report_csv(report, tx, lang)


def _xlsx(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", **_: Any) -> bytes:
    from .xlsx import render_xlsx

    return render_xlsx(report, tx, lang)


def _html(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", *, figures: Sequence = (), **_: Any) -> str:
    from .html import render_html

    return render_html(report, tx, lang, figures=figures)


def _sssom(report: "CoverageReport", tx: "Taxonomy", lang: str = "zh", **_: Any) -> str:
    from .sssom import render_sssom

    return render_sssom(report, tx)


RENDERERS: dict[str, Renderer] = {r.name: r for r in (
    Renderer("text", _text, description="rich tables with a coverage bar per subsystem"),
    Renderer("md", _md, description="a document to paste"),
    Renderer("json", _json, description="the JSON contract"),
    Renderer("csv", _csv, bom=True, description="one row per priority"),
    Renderer("xlsx", _xlsx, binary=True, description="汇总 明细 统计 标准 说明 (+ 推断位置)"),
    Renderer("html", _html, description="one self-contained page"),
    Renderer("sssom", _sssom, description="the links as SSSOM TSV"),
)}


def register_renderer(renderer: Renderer) -> None:
    """Add (or replace) a report format."""
    RENDERERS[renderer.name] = renderer
