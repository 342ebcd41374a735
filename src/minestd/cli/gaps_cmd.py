"""Coverage commands: gaps (which next-step priorities are covered, in progress or missing) and report
(the full report folder: HTML, XLSX, Markdown, JSON)."""
from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import MinestdError
from ..report.formats import RENDERERS
from .app import app
from .common import ColumnsOption, SheetOption, TaxonomyOption, Lang, format_for, one_lang
from .common import console, emit, load_tx, node_or_fail, read_catalog_file, tell, trace, wrote

if TYPE_CHECKING:
    from ..coverage import CoverageReport
    from ..entry import Catalog
    from ..taxonomy import Taxonomy


#: --format choices: the registered report formats (minestd.report.formats.RENDERERS)
GapsFormat = Enum("GapsFormat", {name: name for name in RENDERERS}, type=str)  # type: ignore[misc]


CatalogArgument = Annotated[Optional[Path], typer.Argument(
    metavar="[CATALOG]", show_default=False, help="标准目录文件 / Catalog of standards: .csv (UTF-8/GB18030), .xlsx, .json, "
                                                  ".jsonl or .yaml. Default: the embedded sample catalog.")]
ThresholdOption = Annotated[float, typer.Option(
    "--threshold", "-t", min=0.01, max=1.0, help="推断关联阈值 / Minimum title-match score (0.01–1) for an inferred link.")]
PlaceOption = Annotated[bool, typer.Option("--place/--no-place",
                                           help="先推断无体系编号条目的位置 / Place entries that have no node id (体系编号) with the "
                                                "classifier first, recorded as inferred and shown apart (default). "
                                                "--no-place: leave them unplaced (each one a COV005 finding).")]
ClassifierOption = Annotated[Optional[str], typer.Option(
    "--classifier", metavar="NAME", help="归类器 / Classifier that places them: hybrid (default; learns from no catalog), "
                                         "lexical, trained, or one registered in minestd.classify.")]
ReviewOption = Annotated[Optional[Path], typer.Option(
    "--review", metavar="FILE", help="同时写出待审核表 / Also write every inferred placement, link and near miss with its "
                                     "evidence and an empty 决定 (采纳/拒绝) column to FILE (.xlsx or .csv), for review.")]
DecisionsOption = Annotated[Optional[Path], typer.Option(
    "--decisions", metavar="FILE", help="已填写的审核文件 / A filled review file: accepted rows become explicit placements and "
                                        "links, rejected ones are not made again. The catalog is never modified.")]
CompareOption = Annotated[Optional[Path], typer.Option(
    "--compare", metavar="PREVIOUS", help="与上期比较 / An earlier report (its gaps.json, or the report folder): show items "
                                          "newly covered, newly in progress, still gaps, links added or removed and "
                                          "the change per subsystem, in every format.")]
ReportLangOption = Annotated[Lang, typer.Option(
    "--lang", envvar="MINESTD_LANG", help="报告语言 / Report language: zh or en (both = zh; the HTML page has a switch).")]
FiguresOption = Annotated[bool, typer.Option(
    "--figures/--no-figures", help="附覆盖着色的图 / Include the coverage-coloured diagrams (HTML, report folder; "
                                   "needs Graphviz via pygraphviz).")]
DateOption = Annotated[Optional[str], typer.Option(
    "--date", metavar="YYYY-MM-DD", help="报告日期 / Report date (default: today, or SOURCE_DATE_EPOCH when set).")]


def _report_date(value: Optional[str]) -> dt.date:
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise MinestdError(f"--date 日期无效 '{value}' / bad --date '{value}'", "日期写作 YYYY-MM-DD，如 "
                               "2025-06-30 / write the date as YYYY-MM-DD, e.g. 2025-06-30") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def _console():
    """The terminal; piped or redirected output gets 120 columns instead of rich's 80."""
    from rich.console import Console

    c = console()
    return c if c.is_terminal else Console(highlight=False, width=120)


def _statuses(value: Optional[str]) -> tuple[str, ...]:
    from ..coverage import COVERAGE_STATUSES, parse_statuses

    try:
        return parse_statuses(value)
    except ValueError as exc:
        raise MinestdError(f"--status 中有未知状态 '{exc}' / unknown status '{exc}' in --status",
                           f"使用 {','.join(COVERAGE_STATUSES)} 中的一个或多个（用逗号分隔） / use one or more of "
                           f"{','.join(COVERAGE_STATUSES)} (comma-separated)") from None


def _decisions(path: Optional[Path], tx: "Taxonomy"):
    if path is None:
        return None
    from ..io.reviewfile import load_decisions
    from ..review import ReviewError

    if not Path(path).is_file():
        raise MinestdError(f"{path}: 文件不存在 / {path}: no such file", "给出 'minestd gaps CATALOG --review FILE' "
                           "写出的审核文件 / give a review file written by 'minestd gaps CATALOG --review FILE'")
    try:
        return load_decisions(path, tx)
    except ReviewError as exc:
        text, _, fix = str(exc).partition(" — ")
        raise MinestdError(f"审核文件有误 / {text}", fix or "检查审核文件 / check the review file") from None


def _write_review(report: "CoverageReport", tx: "Taxonomy", path: Optional[Path], lang: str, inputs: tuple) -> None:
    if path is None:
        return
    from ..io.reviewfile import write_review
    from ..review import review_rows

    rows = review_rows(report, tx)
    write_review(rows, Path(path), lang, inputs)
    rows_en = f"{len(rows)} row{'' if len(rows) == 1 else 's'}"
    tell(f"已写入待审核表 {path}（{len(rows)} 行）", f"wrote {rows_en} to review: {path}",
         f"已写入待审核 / wrote {rows_en} to review: {path}")


def _read_catalog(catalog: Optional[Path], sheet: Optional[str], columns: Optional[str]) -> "Catalog":
    from ..io.catalog import parse_columns

    return read_catalog_file(catalog, sheet=sheet, columns=parse_columns(columns))


def _analyse(tx: "Taxonomy", cat: "Catalog", catalog: Optional[Path], node: Optional[str], threshold: float,
             date: Optional[str], place: bool = True, classifier: Optional[str] = None,
             decisions: Optional[Path] = None, compare: Optional[Path] = None) -> "CoverageReport":
    from ..classify import CLASSIFIERS
    from ..gaps import gap_report
    from ..io.reports import read_previous_report

    if node:
        node_or_fail(tx, node)
        if node == "root":
            node = None
    name = Path(catalog).name if catalog is not None else Path(cat.source).name or "sample-catalog.csv"
    if classifier is not None and classifier not in CLASSIFIERS:
        raise MinestdError(f"未知的归类器 '{classifier}' / unknown --classifier '{classifier}'",
                           f"可选：{', '.join(sorted(CLASSIFIERS))} / use one of {', '.join(sorted(CLASSIFIERS))}")
    kwargs = dict(threshold=threshold, today=_report_date(date), node=node, catalog_name=name,
                  place_entries=place, classifier=classifier, decisions=_decisions(decisions, tx))
    if compare is not None:
        kwargs["previous"], kwargs["previous_name"] = read_previous_report(compare)
    if len(cat.entries) < 20_000 or not sys.stderr.isatty():
        report = gap_report(tx, cat, **kwargs)
    else:
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:   # a big catalog: a progress bar
            task = bar.add_task("覆盖分析 / analysing", total=len(cat.entries))
            report = gap_report(tx, cat, progress=lambda done: bar.update(task, completed=done), **kwargs)
    s = report.summary
    trace(f"分析 / analysed: {s.entries} entries, {len(report.placements)} placed by the classifier, "
          f"{s.explicit_links + s.inferred_links} links; {s.covered} covered, {s.in_progress} in "
          f"progress, {s.revision_pending} revision pending, {s.gap} gaps of {s.total} items")
    return report


@app.command()
def gaps(
    catalog: CatalogArgument = None,
    node: Annotated[Optional[str], typer.Option(
        "--node", "-n", metavar="ID", help="只看此子体系或类别 / Only this subsystem or category, e.g. 05 or 08.02.")] = None,
    status: Annotated[Optional[str], typer.Option("--status", "-s", metavar="LIST",
                                                  help="按状态筛选 / List only priorities with these statuses: gap, "
                                                       "revision_pending, in_progress, covered (comma-separated). "
                                                       "Roll-ups stay complete.")] = None,
    fmt: Annotated[Optional[GapsFormat], typer.Option(
        "--format", "-f", help="输出格式 / text (terminal), md (document), json/csv (scripts), xlsx, html (one file), "
                               "sssom (the links as SSSOM TSV for ontology tools). Default: from --output's suffix, "
                               "else text; a mismatch is an error.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="输出文件 / Write to this file (needed for xlsx).")] = None,
    lang: ReportLangOption = Lang.zh,
    threshold: ThresholdOption = 0.5,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    date: DateOption = None,
    figures: FiguresOption = True,
    place: PlaceOption = True,
    classifier: ClassifierOption = None,
    review: ReviewOption = None,
    decisions: DecisionsOption = None,
    compare: CompareOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """建设重点缺口 / Which next-step priorities are covered, in progress, pending revision or still missing.

    Each of the guide's 370 priority items gets a status — covered, in_progress, revision_pending or gap — with
    the standards behind it and how each was linked: explicit (the catalog's priorities column) or inferred
    (title match within the same category, with its score). Gaps say why: no standard placed under the node,
    or standards placed but none matches.

    Examples:
      minestd gaps
      minestd gaps --status gap --node 05
      minestd gaps 目录.xlsx --format md --output 缺口报告.md
      minestd gaps catalog.csv --format json
      minestd gaps --format xlsx --output gaps.xlsx
      minestd gaps --format html --output gaps.html --lang en
      minestd gaps 无体系编号的目录.xlsx --no-place        # entries without node ids stay unplaced (findings)
      minestd gaps 目录.xlsx --review 待审核.xlsx           # then fill 决定 with 采纳/拒绝 …
      minestd gaps 目录.xlsx --decisions 待审核.xlsx        # … and every later run applies the decisions
      minestd gaps 目录.xlsx --format sssom -o links.sssom.tsv
      minestd gaps 目录.xlsx --compare 上期报告/gaps.json  # what changed since then
    """
    tx, wanted, kind = load_tx(taxonomy), _statuses(status), _format_for(fmt.value if fmt else None, output)
    cat = _read_catalog(catalog, sheet, columns)
    report = _analyse(tx, cat, catalog, node, threshold, date, place, classifier, decisions, compare)
    listed = report.with_statuses(wanted)
    inputs = tuple(x for x in (cat.source, decisions) if x)
    language = one_lang(lang)
    _write_review(report, tx, review, language, inputs)
    _emit_report(report, listed, tx, kind, output, language, inputs, figures=figures,
                 list_priorities=bool(wanted or node))


#: Output file suffixes and the format they mean (``minestd gaps -o FILE``).
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".xlsx": "xlsx", ".html": "html",
                  ".htm": "html", ".tsv": "sssom", ".txt": "text"}


def _format_for(fmt: Optional[str], output: Optional[Path]) -> str:
    return format_for(fmt, output, SUFFIX_FORMATS)


def _emit_report(report: "CoverageReport", listed: "CoverageReport", tx: "Taxonomy", fmt: str, output: Optional[Path],
                 lang: str, inputs: tuple, *, figures: bool, list_priorities: bool) -> None:
    """One format through the renderer registry; text to a terminal is printed with colours instead."""
    from ..io.atomic import is_stdout, write_bytes, write_text
    from ..report.formats import RENDERERS

    renderer = RENDERERS[fmt]
    if is_stdout(output) and not renderer.binary:
        output = None
    if fmt == "text" and output is None:
        from ..report.text import print_report

        print_report(listed, tx, _console(), lang, list_priorities=list_priorities)
        return
    if renderer.binary and output is None:
        raise MinestdError(f"--format {fmt} 需要 --output / --format {fmt} needs --output",
                           f"加上 --output gaps.{fmt} / add --output gaps.{fmt}")
    inline = _inline_figures(report, tx) if fmt == "html" and figures else []
    data = renderer.render(listed, tx, lang, figures=inline, list_priorities=list_priorities)
    if output is None:
        emit(data)
    elif isinstance(data, bytes):
        write_bytes(output, data, inputs)
        wrote(output)
    elif renderer.bom:   # a file: with a BOM so that Excel opens the Chinese text correctly
        write_text(output, "\ufeff" + data, inputs)
        wrote(output)
    else:
        emit(data, output, inputs)


def _inline_figures(report: "CoverageReport", tx: "Taxonomy") -> list:
    from ..report.bundle import coverage_figures

    figure_set = coverage_figures(report, tx)
    if figure_set.problem:
        typer.echo(f"提示 / note: no figures in the page — {figure_set.problem}", err=True)
    return figure_set.inline()


def _system_table_xlsx(tx: "Taxonomy", cat: "Catalog", result: "CoverageReport", figure_set, lang: str) -> bytes:
    from ..report.system_table import system_table_xlsx
    from ..systemtable import system_table

    figures = [(caption, name) for fig_lang, name, caption, _svg in figure_set.items if fig_lang == lang]
    return system_table_xlsx(system_table(tx, cat, result), tx, lang, figures)


@app.command()
def report(
    catalog: CatalogArgument = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="报告输出文件夹 / Folder to write the report "
                                                                "into.")] = Path("minestd-report"),
    lang: ReportLangOption = Lang.zh,
    threshold: ThresholdOption = 0.5,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    date: DateOption = None,
    figures: FiguresOption = True,
    place: PlaceOption = True,
    classifier: ClassifierOption = None,
    review: ReviewOption = None,
    decisions: DecisionsOption = None,
    compare: CompareOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """完整报告 / The full coverage report: HTML page, Excel workbook, Markdown, JSON, CSV and figures in one folder.

    Writes OUTPUT/report.html (one self-contained file), report.xlsx (汇总/明细/统计/标准), report.md, gaps.json,
    gaps.csv, 体系表.xlsx (明细表/统计表, GB/T 13016) and figures/*.svg, then prints the summary table. With no CATALOG:
    the embedded sample catalog.

    Examples:
      minestd report
      minestd report 目录.xlsx --output 覆盖报告
      minestd report catalog.csv --output out --lang en --no-figures
      minestd report 目录.xlsx --output 2026年报告 --compare 2025年报告   # progress since last year's report
    """
    from ..report.bundle import FigureSet, coverage_figures, write_report
    from ..report.text import print_report

    tx = load_tx(taxonomy)
    cat = _read_catalog(catalog, sheet, columns)
    result = _analyse(tx, cat, catalog, None, threshold, date, place, classifier, decisions, compare)
    language = one_lang(lang)
    _write_review(result, tx, review, language, tuple(x for x in (cat.source, decisions) if x))
    figure_set = coverage_figures(result, tx) if figures else FigureSet([])
    if figure_set.problem:
        typer.echo(f"提示 / note: report without figures — {figure_set.problem}", err=True)
    written = write_report(result, tx, output, lang=language, figures=figure_set, inputs=(cat.source,),
                           extra=[("体系表.xlsx", _system_table_xlsx(tx, cat, result, figure_set, language))])
    print_report(result, tx, _console(), language)
    figs = sum(1 for p in written if p.parent.name == "figures")
    files = ", ".join(p.name for p in written if p.parent.name != "figures") + (f" + figures/ ({figs} SVG)" if figs else "")
    tell(f"已写入 {output}/：{files}", f"wrote {output}/: {files}", f"已写入 / wrote {output}/: {files}")
