"""The full report folder (``minestd report``): report.html, report.xlsx, report.md, gaps.json, gaps.csv and the
coverage-coloured figures — and the figures for the HTML page."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .html import InlineFigure

if TYPE_CHECKING:
    from ..coverage import CoverageReport
    from ..taxonomy import Taxonomy

REPORT_FILES = ("report.html", "report.xlsx", "report.md", "gaps.json", "gaps.csv")
#: the registered format (minestd.report.formats) each file is rendered with
REPORT_FORMATS = {"report.html": "html", "report.xlsx": "xlsx", "report.md": "md", "gaps.json": "json",
                  "gaps.csv": "csv"}


class FigureSet:
    """SVG figures rendered once, for both the HTML page and the figures/ folder."""

    def __init__(self, items: list[tuple[str, str, str, bytes]], problem: str | None = None):
        self.items = items            # (lang, file name, caption, svg bytes)
        self.problem = problem        # why there are none (no Graphviz renderer), or None

    def inline(self) -> list[InlineFigure]:
        return [InlineFigure(lang, caption, svg.decode("utf-8")) for lang, _name, caption, svg in self.items]


def coverage_figures(report: "CoverageReport", tx: "Taxonomy", langs: Sequence[str] = ("zh", "en"),
                     idents: Sequence[str] | None = None) -> FigureSet:
    """The guide's figures coloured by this report's coverage (:mod:`minestd.render.figures`): Figure 1 and one per
    subsystem (``idents`` to choose), in each language. No renderer available -> an empty set saying why."""
    from ..errors import MinestdError

    try:
        from ..coverage import tally_tree
        from ..render.dot import figure_dot, figure_for, figures
        from ..render.figures import render
    except ImportError as exc:  # pragma: no cover - the diagram module is part of minestd
        return FigureSet([], f"figures unavailable: {exc}")
    statuses = tally_tree(tx, report.priorities)
    note = Path(report.summary.catalog).name or None   # the file's name, not its folder: the caption stays short
    if report.summary.scope != "root":
        chosen = [figure_for(tx, tx.subsystem_of(report.summary.scope).id)]
    elif idents is None:
        chosen = figures(tx)
    else:
        chosen = [figure_for(tx, i) for i in idents]
    items = []
    try:
        for lang in langs:
            for fig in chosen:
                src = figure_dot(tx, fig.node, lang=lang, statuses=statuses,
                                 coverage_note=note)
                node = tx.node(fig.node)
                caption = (f"图{fig.number} {node.name}" if lang == "zh" else f"Figure {fig.number} {node.name_en}")
                items.append((lang, fig.filename("svg"), caption, render(src, "svg")))
    except MinestdError as exc:
        return FigureSet([], exc.one_line())
    return FigureSet(items)


def write_report(report: "CoverageReport", tx: "Taxonomy", output_dir: str | Path, *, lang: str = "zh",
                 figures: FigureSet | None = None, inputs: Iterable[str | Path] = (),
                 on_file: Callable[[Path], None] | None = None, extra: Sequence[tuple[str, bytes]] = ()) -> list[Path]:
    """Write every report file into ``output_dir`` (atomically, never over an input file); returns the paths.
    ``extra``: more (file name, bytes) to write with them, e.g. the 体系表 (minestd.report.system_table)."""
    from ..io.atomic import guard_output, write_bytes
    from .formats import RENDERERS

    out = Path(output_dir)
    if str(output_dir) == "-":
        from ..errors import MinestdError

        raise MinestdError("报告是一个文件夹，不能输出到标准输出 / the report is a folder of files and cannot go to "
                           "standard output", "给 --output 一个文件夹名，如 minestd-report（或使用 'minestd gaps "
                           "--format json -o -'） / give --output a folder name, e.g. minestd-report (or use "
                           "'minestd gaps --format json -o -')")
    inputs = tuple(inputs)
    figures = figures or FigureSet([])
    inline = figures.inline()
    # everything is rendered before the first file is written: a failure leaves no half-written folder
    contents: list[tuple[str, bytes]] = []
    for name in REPORT_FILES:
        renderer = RENDERERS[REPORT_FORMATS[name]]
        data = renderer.render(report, tx, lang, figures=inline)
        contents.append((name, data if isinstance(data, bytes) else
                         (("\ufeff" if renderer.bom else "") + data).encode("utf-8")))
    contents += list(extra)
    contents += [(f"figures/{name}", svg) for fig_lang, name, _caption, svg in figures.items if fig_lang == lang]
    if out.exists() and not out.is_dir():
        from ..errors import MinestdError

        raise MinestdError(f"{out}: 是文件，不是文件夹 / {out}: is a file, not a folder",
                           "给 --output 一个文件夹名，如 minestd-report / give --output a folder name, e.g. "
                           "minestd-report")
    for name, _ in contents:   # every target checked before the first is written: a collision writes nothing
        guard_output(out / name, inputs)
    written = []
    for name, data in contents:
        path = write_bytes(out / name, data, inputs)
        written.append(path)
        if on_file is not None:
            on_file(path)
    return written


__all__ = ["FigureSet", "coverage_figures", "write_report", "REPORT_FILES"]
