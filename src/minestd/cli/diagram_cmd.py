"""``minestd diagram``: the guide's Figures 1–16 (体系结构图) as SVG, PNG, PDF or DOT, optionally coloured by
coverage. A thin shell over :func:`minestd.render.figures.write_figures`."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, List, Optional

import typer

from ..errors import MinestdError
from .app import app
from .common import SheetOption, TaxonomyOption, Lang, load_tx, read_catalog_file, tell

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

DEFAULT_OUTPUT = Path("diagrams-out")


class DiagramFormat(str, Enum):
    svg = "svg"
    png = "png"
    pdf = "pdf"
    dot = "dot"


class Renderer(str, Enum):
    auto = "auto"
    pygraphviz = "pygraphviz"
    dot = "dot"


CoverageOption = Annotated[bool, typer.Option("--coverage",
                                              help="按覆盖情况着色 / Colour each box by how many of its next-step priorities "
                                                   "the catalog covers (default catalog: the embedded sample).")]


@app.command()
def diagram(
    ident: Annotated[Optional[str], typer.Argument(
        metavar="[ID]", help="总图或子体系编号 / root (Figure 1, the default) or a subsystem id 01–15 (Figures 2–16).")] = None,
    all_figures: Annotated[bool, typer.Option("--all", help="全部 16 幅图 / All 16 figures.")] = False,
    formats: Annotated[List[DiagramFormat], typer.Option(
        "--format", "-f", help="图的格式，可重复 / svg, png, pdf or dot; repeat for several (-f svg -f "
                               "png).")] = [DiagramFormat.svg],
    coverage: CoverageOption = False,
    catalog: Annotated[Optional[Path], typer.Option("--catalog", help="覆盖视图的标准目录 / Catalog for the coverage view "
                                                    "(CSV/XLSX/JSON/YAML); implies --coverage.")] = None,
    sheet: SheetOption = None,
    langs: Annotated[List[Lang], typer.Option("--lang", envvar="MINESTD_LANG",
                                              help="标签语言 / Label language: zh, en, or both (or repeat it; then files "
                                                   "go to DIR/zh/ and DIR/en/).")] = [Lang.zh],
    depth: Annotated[Optional[int], typer.Option(
        "--depth", "-d", min=1, help="显示层数 / Levels below the figure's top box (default 1 for Figure 1, 2 for a "
                                     "subsystem; --depth 2 on Figure 1 adds the categories).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件夹 / Folder for figNN-<slug>.<ext> files; "
                                         "'-' prints one DOT or SVG figure to stdout.")] = DEFAULT_OUTPUT,
    renderer: Annotated[Renderer, typer.Option("--renderer",
                                               help="Graphviz 渲染方式 / auto = a system 'dot' when on PATH, else the "
                                                    "Graphviz bundled with pygraphviz; or force one.")] = Renderer.auto,
    taxonomy: TaxonomyOption = None,
) -> None:
    """体系结构图 / Draw the guide's Figures 1–16, optionally coloured by coverage.

    Figure 1 is the whole system (root and 15 subsystems); Figures 2–16 one subsystem each, with all its
    categories and sub-categories. Files are named figNN-<slug>.<ext> (fig01-system.svg, fig06-gas.svg …).
    PNG and PDF of Chinese labels need a CJK font (e.g. apt-get install fonts-noto-cjk); SVG does not.

    Examples:

    \b
      minestd diagram                                  # Figure 1 -> diagrams-out/fig01-system.svg
      minestd diagram 12 --format png                  # Figure 13 (防爆与设备设施) as PNG
      minestd diagram --all --coverage --lang en       # all 16, coloured by the sample catalog's coverage
      minestd diagram root --depth 2 --catalog mine.xlsx -f pdf
      minestd diagram 05 --format dot --output -       # DOT text on stdout
      # regenerate the tracked diagrams/ folder:
      minestd diagram --all -f dot -f svg --lang zh --lang en \\
          --renderer pygraphviz --output diagrams
    """
    from ..render.figures import render

    if ident is not None and all_figures:
        raise MinestdError(f"ID 与 --all 只能给一个（收到 '{ident}' 和 --all） / give an ID or --all, not both (got "
                           f"'{ident}' and --all)", "去掉 ID 以绘制全部 16 张图，或去掉 --all / drop the ID to draw "
                           "all 16 figures, or drop --all")
    tx = load_tx(taxonomy)
    idents = _figure_ids(tx, None if all_figures else ident or "root")
    fmts = [f.value for f in formats]
    lang_values = list(dict.fromkeys(v for lang in langs for v in (("zh", "en") if lang is Lang.both else (lang.value,))))
    statuses, note = _coverage_view(tx, catalog, sheet) if coverage or catalog is not None else (None, None)
    if str(output) == "-":
        _to_stdout(tx, idents, fmts, lang_values, depth, statuses, note, renderer.value, render)
        return
    written = _write_files(tx, idents, output, fmts, lang_values, depth=depth, statuses=statuses, note=note,
                           renderer=renderer.value, inputs=(catalog,) if catalog else ())
    _tell_written(written, output)


def _tell_written(written: list, output: Path) -> None:
    """Each file on stdout, then how many went where on stderr."""
    for item in written:
        typer.echo(str(item.path))
    files = f"{len(written)} file{'s' if len(written) != 1 else ''} to {output}"
    tell(f"已写入 {len(written)} 个文件到 {output}", f"wrote {files}", f"已写入 / wrote {files}")


def _write_files(tx: "Taxonomy", idents: Optional[list[str]], output: Path, fmts: list[str], langs: list[str],
                 **options: Any) -> list:
    """The figure files, with a progress bar on a terminal (options: depth, statuses, note, renderer, inputs)."""
    from ..render.figures import write_figures

    progress, advance = _progress(len(idents or tx.subsystems() + [tx.root]) * len(fmts) * len(langs))
    note = options.pop("note")
    try:
        return write_figures(tx, idents, output_dir=output, formats=fmts, langs=langs, coverage_note=note,
                             on_file=advance, **options)
    finally:
        if progress is not None:
            progress.stop()


def _figure_ids(tx: "Taxonomy", ident: Optional[str]) -> Optional[list[str]]:
    """[ident] checked against the figures (None = all 16); a one-line error naming the choices otherwise."""
    from ..render.dot import figure_for
    from ..taxonomy import UnknownIdError

    if ident is None:
        return None
    try:
        figure_for(tx, ident)
    except UnknownIdError as exc:
        raise MinestdError(f"未知体系编号 '{exc.ident}' / {exc}", "给出 'root'（图 1）或子体系编号 01–15，用 "
                           "'minestd tree --depth 1' 列出 / give 'root' (Figure 1) or a subsystem id 01–15; list them "
                           "with 'minestd tree --depth 1'") from None
    return [ident]


def _coverage_view(tx, catalog: Optional[Path], sheet: Optional[str]) -> tuple:  # noqa: ANN001 - a Taxonomy
    """Coverage colours and caption note for the figures; warns on stderr about rows it could not use."""
    from ..render.figures import coverage_statuses

    view = coverage_statuses(tx, read_catalog_file(catalog, sheet=sheet))
    if view.problems:
        typer.echo(f"警告 / warning: {view.catalog} has {view.problems} problem(s) the coverage could not use — "
                   f"see them with 'minestd validate{' ' + str(catalog) if catalog else ''}'", err=True)
    return view.statuses, view.catalog


def _to_stdout(tx, idents, fmts, langs, depth, statuses, note, renderer, render) -> None:
    from ..render.dot import figure_dot

    if idents is None or len(fmts) != 1 or len(langs) != 1:
        raise MinestdError("--output - 只能输出一张图、一种格式、一种语言 / --output - prints one figure in one format "
                           "and one language", "给出一个 ID、一个 --format 和一个 --lang，或给出 --output 文件夹 / "
                           "give one ID, one --format and one --lang, or an --output folder")
    if fmts[0] not in ("dot", "svg"):
        raise MinestdError(f"{fmts[0].upper()} 是二进制格式，不能输出到标准输出 / {fmts[0].upper()} is binary and "
                           "cannot be printed to stdout", "给出 --output 文件夹，或使用 --format svg 或 dot / give an "
                           "--output folder, or use --format svg or dot")
    source = figure_dot(tx, idents[0], lang=langs[0], depth=depth, statuses=statuses, coverage_note=note)
    typer.echo(render(source, fmts[0], renderer=renderer).decode("utf-8").rstrip("\n"))


def _progress(total: int):
    """A rich progress bar on stderr for long batches, only when stderr is a terminal."""
    if total < 6 or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    task = progress.add_task("绘图 / drawing", total=total)
    progress.start()
    return progress, lambda _item: progress.advance(task)
