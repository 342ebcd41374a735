"""Commands that place titles in the tree: classify, train, evaluate (thin shells over minestd.classify)."""
from __future__ import annotations

import contextlib
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from ..errors import InputError, MinestdError
from ..io.classified import output_kind, results_csv
from ..io.titletable import Table, read_table
from .app import app
from .common import SHEET_OPTION, TAXONOMY_OPTION, busy, dumps_json, emit, load_tx
from .common import read_catalog_file, tell_notes
from .common import TextJson as ReportFormat

if TYPE_CHECKING:
    from ..classify import ClassificationResult, Classifier
    from ..classify.evaluate import EvaluationReport
    from ..taxonomy import Taxonomy


class Level(str, Enum):
    subsystem = "subsystem"
    category = "category"
    subcategory = "subcategory"


class ClassifyFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class Segmenter(str, Enum):
    ngram = "ngram"
    jieba = "jieba"


SEGMENTER_OPTION = typer.Option(Segmenter.ngram, "--segmenter",
                                help="ngram (default, fast) or jieba (adds jieba words with the taxonomy's terms as "
                                     "user dictionary; about 3 s more start-up).")


def _classifier_name(value: Optional[str]) -> Optional[str]:
    """A --classifier value checked against the registry (minestd.classify.CLASSIFIERS): a classifier registered in
    the library with register_classifier is accepted like the built-in ones."""
    from ..classify import CLASSIFIERS

    if value is not None and value not in CLASSIFIERS:
        raise MinestdError(f"unknown --classifier '{value}'", f"use one of {', '.join(sorted(CLASSIFIERS))}")
    return value


BATCH = 256                 # titles per progress step
PROGRESS_MIN = 200          # show a progress bar from this many titles (stderr a TTY only)
WRITE_BUSY_MIN = 2000       # a spinner while writing the output file from this many titles (stderr a TTY only)

CLASSIFIER_HELP = ("hybrid (default for the embedded guide: the taxonomy's words plus a subsystem model learned "
                   "from the guide's own texts; no training data), lexical (the taxonomy's words only; the default "
                   "for other --taxonomy folders), trained (the hybrid plus placed titles, in the node texts and the "
                   "subsystem model: --model MODEL, or without it the built-in model learned from the 356 placed real "
                   "titles minestd holds: the sample catalog and the classifier's test fixtures), dummy (tests).")
#: What to do when a classifier's built-in model does not fit the taxonomy (or is missing).
BUILT_IN_FIXES = {
    "hybrid": "use --classifier lexical, or make a subsystem model for your taxonomy with 'minestd train --guide "
              "--taxonomy DIR --output MODEL'",
    "trained": "train a model on a catalog placed in your taxonomy with 'minestd train CATALOG --output model.json' "
               "and pass --model model.json"}
CLASSIFIER_OPTION = typer.Option(None, "--classifier", show_default=False, metavar="NAME", help=CLASSIFIER_HELP)
MODEL_OPTION = typer.Option(None, "--model", "-m", help="A model from 'minestd train' (JSON): the trained "
                                                        "classifier with this model.", show_default=False)


# --------------------------------------------------------------------------- classify


@app.command()
def classify(
    titles: Optional[list[str]] = typer.Argument(None, metavar="[TITLE]...", show_default=False,
                                                 help="Titles of standards, e.g. 煤矿用自动隔爆装置安全技术要求."),
    input: Optional[Path] = typer.Option(None, "--input", "-i", show_default=False,
                                         help="Classify every row of a .csv (UTF-8/GB18030), .xlsx or .jsonl file "
                                              "('-' = one title per line on stdin)."),
    column: Optional[str] = typer.Option(None, "--column", "-c", show_default=False,
                                         help="Column (or JSONL key) holding the titles (default: title, 标准名称, "
                                              "名称 …)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", show_default=False,
                                          help="Write results here: .csv or .xlsx (input columns + suggestions), "
                                               ".jsonl or .json. Never overwrites the input."),
    top: int = typer.Option(5, "--top", "-k", min=1, max=50, help="Suggestions per title."),
    level: Level = typer.Option(Level.subcategory, "--level", "-l",
                                help="Level of the suggested ids (subcategory = the deepest the evidence reaches)."),
    explain: bool = typer.Option(False, "--explain", "-e",
                                 help="Show the terms that matched and the node text they matched (JSON, JSONL and "
                                      "CSV always carry them)."),
    fmt: ClassifyFormat = typer.Option(ClassifyFormat.text, "--format", "-f",
                                       help="text for people; json, jsonl or csv for scripts."),
    model: Optional[Path] = MODEL_OPTION,
    classifier: Optional[str] = CLASSIFIER_OPTION,
    sheet: Optional[str] = SHEET_OPTION,
    segmenter: Segmenter = SEGMENTER_OPTION,
    taxonomy: Optional[Path] = TAXONOMY_OPTION,
) -> None:
    """标准归类 / Suggest where titles belong in the tree, best first, with the words that matched.

    Examples:
      minestd classify 煤矿用自动隔爆装置安全技术要求
      minestd classify 冲击地压矿井微震监测技术规范 --explain --top 3
      minestd classify --input proposals.xlsx --column 标准名称 --output placed.xlsx
      minestd classify --input titles.csv --format jsonl --model model.json
    """
    if not titles and input is None:
        raise MinestdError("没有要归类的标题 / no titles to classify",
                           "give titles as arguments or a file with --input FILE (see 'minestd classify --help')")
    if titles and input is not None:
        raise MinestdError("标题参数与 --input 不能同时使用 / titles and --input cannot be combined",
                           "put the titles in the file, or drop --input")
    tx = load_tx(taxonomy)
    clf = build_classifier(tx, _classifier_name(classifier), model, segmenter.value)
    table = _read_batch(input, column, sheet) if input is not None else None
    items = table.titles if table is not None else list(titles or [])
    explain_all = explain or fmt is not ClassifyFormat.text or output is not None
    # a .csv/.xlsx output file shows the best suggestion's words only (one row per title): explain just that
    explain_top = 1 if output is not None and output_kind(output, fmt.value) in ("csv", "xlsx") else None
    results = classify_batch(clf, items, top=top, level=level.value, explain=explain_all, explain_top=explain_top)
    inputs = (input,) if input is not None and str(input) != "-" else ()
    if output is not None:
        write_results(output, results, table, fmt, inputs)
        return
    if fmt is ClassifyFormat.json:
        emit(dumps_json([r.to_dict() for r in results]))
    elif fmt is ClassifyFormat.jsonl:
        emit("\n".join(json.dumps(r.to_dict(), ensure_ascii=False) for r in results))
    elif fmt is ClassifyFormat.csv:
        emit(results_csv(results))
    else:
        print_results(results, explain)


def build_classifier(tx: "Taxonomy", name: Optional[str], model: Optional[Path],
                     segmenter: str = "ngram") -> "Classifier":
    """The classifier for the CLI options: --model implies 'trained'; no name = the default classifier."""
    from ..classify import default_classifier, get_classifier

    options: dict[str, Any] = {} if segmenter == "ngram" else {"segmenter": segmenter}
    if segmenter == "jieba":
        from ..classify.segment import JIEBA_FIX, JIEBA_MISSING, jieba_available

        if not jieba_available():
            raise MinestdError(JIEBA_MISSING, JIEBA_FIX)
    if model is not None:
        return get_classifier("trained", tx, model=read_model(model), **options)
    if name is None:
        name = default_classifier(tx)
    if name in BUILT_IN_FIXES:      # without --model: the built-in model (minestd.classify.BUILT_IN_MODELS)
        try:
            return get_classifier(name, tx, **options)
        except (ValueError, FileNotFoundError) as exc:
            raise MinestdError(str(exc), BUILT_IN_FIXES[name]) from None
    if name == "dummy" and options:
        raise MinestdError("--segmenter does not apply to the dummy classifier", "drop --segmenter")
    return get_classifier(name, tx, **options)


def read_model(path: Path) -> dict[str, Any]:
    """Load and check a model file (JSON); one-line errors."""
    from ..classify.trained import ModelError, check_model

    if not path.is_file():
        raise InputError("文件不存在 / file not found", "check the path of the model (made by 'minestd train')",
                         file=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON model file ({exc})", "give the file written by 'minestd train'",
                         file=str(path)) from None
    try:
        return check_model(data)
    except ModelError as exc:
        raise InputError(str(exc), "retrain with 'minestd train CATALOG --output MODEL'", file=str(path)) from None


def classify_batch(clf: "Classifier", titles: list[str], *, top: int, level: str,
                   explain: bool, explain_top: Optional[int] = None) -> list["ClassificationResult"]:
    """Classify in batches, with a progress bar on stderr for long inputs when it is a terminal."""
    if len(titles) < PROGRESS_MIN or not sys.stderr.isatty():
        return clf.classify(titles, top=top, level=level, explain=explain, explain_top=explain_top)
    clf.prepare(len(titles))            # e.g. the lexical classifier's evidence matrix, for every chunk
    from rich.console import Console
    from rich.progress import Progress

    results: list["ClassificationResult"] = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("归类 / classifying", total=len(titles))
        for start in range(0, len(titles), BATCH):
            chunk = titles[start:start + BATCH]
            results.extend(clf.classify(chunk, top=top, level=level, explain=explain, explain_top=explain_top))
            progress.advance(task, len(chunk))
    return results


@contextlib.contextmanager
def learning(message: str, show: bool = True):
    """A progress bar on stderr (only when ``show`` and stderr is a terminal) for learning models: yields
    ``progress(done, total)`` for :func:`~minestd.classify.guide_model.train_subsystem_model` (iterations) or
    :func:`~minestd.classify.evaluate.evaluate` (folds), or None when nothing is shown."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(message, total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield progress


def write_results(output: Path, results: list["ClassificationResult"], table: Optional[Table],
                  fmt: ClassifyFormat, inputs: tuple) -> None:
    """Write to ``output`` in the format its suffix names (.csv, .xlsx, .jsonl, .json); atomic, never over
    an input file."""
    kind = output_kind(output, fmt.value)
    if kind is None:
        raise MinestdError(f"cannot tell the output format from '{output.name}'",
                           "name the file .csv, .xlsx, .jsonl or .json", file=str(output))
    with busy(f"写入 {len(results):,} 条 / writing {output.name} …", len(results) >= WRITE_BUSY_MIN):
        _write(output, kind, results, table, inputs)
    if str(output) != "-":
        typer.echo(f"已写入 / wrote {output} ({len(results)} titles)", err=True)


def _write(output: Path, kind: str, results: list["ClassificationResult"], table: Optional[Table],
           inputs: tuple) -> None:
    """Write ``results`` as ``kind`` (csv, xlsx, jsonl, json)."""
    from ..io.atomic import is_stdout, write_bytes
    from ..io.classified import classified_bytes

    data = classified_bytes(kind, results, table)
    write_bytes(output, data.removeprefix("\ufeff".encode()) if is_stdout(output) else data, inputs)


def print_results(results: list["ClassificationResult"], explain: bool) -> None:
    """Plain text (colour only on a terminal); rich is not imported, to keep a single classification fast."""
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")   # https://no-color.org
    style = (lambda text, **kw: typer.style(text, **kw)) if color else (lambda text, **kw: text)  # noqa: E731
    lines: list[str] = []
    for n, result in enumerate(results):
        if n:
            lines.append("")
        lines.append(style(result.title or "(empty title)", bold=True))
        if not result.suggestions:
            lines.append("  (无建议 / no suggestion: no word of the title matches the guide)")
            continue
        for rank, s in enumerate(result.suggestions, start=1):
            lines.append(f"  {rank}. {style(f'{s.id:<9}', fg='cyan')} {s.score:.2f}  {s.path}")
            if explain:
                for m in s.matched:
                    lines.append(f"       {style(m.term, fg='green')} ← {m.field} {m.node}「{m.text}」")
    typer.echo("\n".join(lines))


# --------------------------------------------------------------------------- train


CATALOG_ARGUMENT = typer.Argument(None, metavar="[CATALOG]", show_default=False,
                                  help="Catalog with placements (nodes column): .csv, .xlsx, .json or .yaml. "
                                       "Default: the embedded sample catalog.")


def _read_batch(path: Path, column: Optional[str], sheet: Optional[str]) -> Table:
    """The titles of ``classify --input``, telling the user which sheet they came from when not the first."""
    table = read_table(path, column, sheet)
    tell_notes(table.notes)
    return table


def read_catalog_entries(path: Optional[Path], sheet: Optional[str] = None):
    """A file of placed titles (train, evaluate): a title and a nodes column are needed, designations are not."""
    from ..data import sample_catalog_path

    if path is None and not sample_catalog_path().is_file():
        raise MinestdError("the embedded sample catalog is not installed",
                           "pass a catalog file with placements (a 'nodes' / 体系编号 column)")
    return read_catalog_file(path, require=("title", "nodes"), sheet=sheet)


@app.command()
def train(
    catalogs: Optional[list[Path]] = typer.Argument(
        None, metavar="[CATALOG]...", show_default=False,
        help="Catalogs with placements (nodes column): .csv, .xlsx, .json or .yaml; several are learned together. "
             "Default: the embedded sample catalog."),
    output: Path = typer.Option(..., "--output", "-o", help="Model file to write (JSON)."),
    guide: bool = typer.Option(False, "--guide", help="Learn the hybrid classifier's subsystem model from the "
                                                       "taxonomy's own texts instead (no catalog; ~7 s)."),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="Summary as text or json."),
    sheet: Optional[str] = SHEET_OPTION,
    taxonomy: Optional[Path] = TAXONOMY_OPTION,
) -> None:
    """训练归类模型 / Learn a classifier model from the placed entries of one or more catalogs (JSON, versioned).

    Examples:
      minestd train --output model.json
      minestd train my-catalog.xlsx --output model.json
      minestd train catalog-2024.xlsx extra-placements.csv --output model.json
      minestd classify --model model.json 矿用隔爆型移动变电站
      minestd train --guide --output taxonomy/guide-2024/subsystem-model.json
    """
    from ..classify.trained import train as train_model
    from ..io.atomic import write_text

    tx = load_tx(taxonomy)
    if guide:
        if catalogs:
            raise MinestdError("--guide learns from the taxonomy's own texts, not from a catalog",
                               "drop the CATALOG argument (or drop --guide)")
        _train_guide(tx, output, fmt)
        return
    paths: list[Optional[Path]] = list(catalogs) if catalogs else [None]
    groups: dict[str, list] = {}            # as given on the command line -> entries
    seen: set[Path] = set()
    for path in paths:
        cat = read_catalog_entries(path, sheet)
        where = Path(cat.source) if cat.source else Path(str(path))
        name = str(path) if path is not None else where.name
        if where.resolve() in seen:
            raise MinestdError(f"{name} is given twice", "give each catalog once")
        seen.add(where.resolve())
        groups[name] = list(cat.entries)
    with learning("训练模型 / learning the model") as progress:
        model = train_model(groups if len(groups) > 1 else next(iter(groups.values())), tx,
                            source=" + ".join(Path(name).name for name in groups), progress=progress)
    inputs = tuple(p for p in paths if p is not None)
    write_text(output, json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
               inputs)
    info = model["training"]
    summary = {"model": str(output), "entries": info["entries"], "used": info["used"],
               "skipped": len(info["skipped"]), "nodes": len(model["examples"])}
    if fmt is ReportFormat.json:
        emit(dumps_json(summary))
        return
    typer.echo(f"已训练 / trained on {info['used']} of {info['entries']} entries in {summary['nodes']} nodes "
               f"({summary['skipped']} skipped) -> {output}", err=True)
    for item in info["skipped"][:10]:
        where = f"{item['file']} row {item['row']}" if item.get("file") else f"row {item['row']}"
        typer.echo(f"  skipped {where}: {item['reason']}", err=True)


def _train_guide(tx: "Taxonomy", output: Path, fmt: ReportFormat) -> None:
    """train --guide: the hybrid classifier's subsystem model, learned from the taxonomy's own texts."""
    from ..classify.guide_model import train_subsystem_model
    from ..io.atomic import write_text

    with learning("学习子体系模型 / learning the subsystem model") as progress:
        sub_model = train_subsystem_model(tx, progress=progress)
    write_text(output, json.dumps(sub_model, ensure_ascii=False, separators=(",", ":")) + "\n")
    summary = {"model": str(output), "documents": sub_model["documents"],
               "vocabulary": len(sub_model["vocabulary"]), "digest": sub_model["digest"]}
    if fmt is ReportFormat.json:
        emit(dumps_json(summary))
    else:
        typer.echo(f"已训练 / learned from {summary['documents']} texts of the taxonomy "
                   f"({summary['vocabulary']} pieces) -> {output}", err=True)


# --------------------------------------------------------------------------- evaluate


@app.command()
def evaluate(
    gold: Optional[Path] = typer.Argument(None, metavar="[GOLD]", show_default=False,
                                          help="Catalog with known placements (.csv, .xlsx, .json, .yaml). Default: "
                                               "the embedded sample catalog."),
    model: Optional[Path] = MODEL_OPTION,
    classifier: Optional[str] = CLASSIFIER_OPTION,
    top: int = typer.Option(10, "--top", "-k", min=5, max=50, help="Suggestions scored per title (NDCG limit)."),
    folds: Optional[int] = typer.Option(None, "--folds", min=2, max=20, show_default=False,
                                        help="K-fold cross-validation: train on K-1 folds, score the held-out fold."),
    second: Optional[list[Path]] = typer.Option(
        None, "--second-annotation", show_default=False, metavar="FILE",
        help="Another person's placements of the same titles (a catalog file; matched by title; may be repeated): "
             "a suggestion also counts as correct where it places a title. Figures against GOLD alone and the "
             "annotators' agreement are reported too."),
    fmt: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="text or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", show_default=False, help="Write the report here."),
    sheet: Optional[str] = SHEET_OPTION,
    segmenter: Segmenter = SEGMENTER_OPTION,
    taxonomy: Optional[Path] = TAXONOMY_OPTION,
) -> None:
    """归类评测 / How often is the classifier right? Annif's metrics at subsystem and category level.

    Examples:
      minestd evaluate
      minestd evaluate my-catalog.xlsx --folds 5
      minestd evaluate gold.csv --model model.json --format json
      minestd evaluate gold.csv --classifier trained
      minestd evaluate gold.csv --second-annotation expert-b.csv
    """
    from ..classify.evaluate import evaluate as run_evaluation
    from ..classify.trained import fold_trainer

    if model is not None and folds is not None:
        raise MinestdError("--model and --folds cannot be combined",
                           "--folds trains a fresh model on each fold of GOLD; drop --model (or drop --folds)")
    tx = load_tx(taxonomy)
    cat = read_catalog_entries(gold, sheet)
    if folds is not None and classifier not in (None, "lexical"):
        raise MinestdError(f"--folds cannot be combined with --classifier {classifier}",
                           "--folds trains a fresh model on each fold of GOLD; drop --classifier (or drop --folds)")
    clf = build_classifier(tx, _classifier_name(classifier), model, segmenter.value)
    hashes = getattr(clf, "title_hashes", frozenset())
    trainer = fold_trainer(tx, segmenter.value) if folds and segmenter is not Segmenter.ngram else None
    alternatives = None
    if second:
        from ..classify.evaluate import placements_by_title

        alternatives = placements_by_title((e for path in second for e in read_catalog_entries(path).entries), tx)
    with learning("交叉验证 / cross-validation: one model per fold", show=bool(folds)) as progress:
        report = run_evaluation(cat.entries, tx, None if folds else clf, limit=top, folds=folds,
                                train_hashes=hashes, trainer=trainer, alternatives=alternatives, progress=progress)
    inputs = tuple(p for p in (gold, *(second or ())) if p is not None)
    if fmt is ReportFormat.json:
        emit(dumps_json(report.to_dict()), output, inputs)
        return
    text = report_text(report, Path(cat.source).name if cat.source else "catalog")
    if output is not None:
        emit(text, output, inputs)
    else:
        typer.echo(text.rstrip("\n"))


def report_text(report: "EvaluationReport", source: str) -> str:
    """Plain-text report: metrics, per-subsystem precision/recall, confusion table, notes, misses."""
    from ..classify.evaluate import METRICS

    lines = [f"归类评测 / classifier evaluation: {report.classifier} on {source}",
             f"titles: {report.documents} (skipped {report.skipped}: no title or no known node); "
             f"limit {report.limit}", ""]
    first = report.primary_metrics
    if first is None:
        lines.append(f"{'metric':<14}{'subsystem':>11}{'category':>11}")
    else:
        lines.append(f"{'':<14}{'either annotation':>22}{'first (GOLD) alone':>22}")
        lines.append(f"{'metric':<14}{'subsystem':>11}{'category':>11}{'subsystem':>11}{'category':>11}")
    for name in METRICS:
        line = f"{name:<14}{report.metrics['subsystem'][name]:>11.4f}{report.metrics['category'][name]:>11.4f}"
        if first is not None:
            line += f"{first['subsystem'][name]:>11.4f}{first['category'][name]:>11.4f}"
        lines.append(line)
    lines.append(f"{'documents':<14}{report.documents_by_level['subsystem']:>11}"
                 f"{report.documents_by_level['category']:>11}")
    if report.unseen_metrics is not None:
        lines += ["", f"titles the model was not trained on / 未参与训练的标题 ({report.unseen}):"]
        unseen, unseen_first = report.unseen_metrics, report.unseen_primary_metrics
        for name in ("Precision@1", "Hit@3"):
            line = f"{name:<14}{unseen['subsystem'][name]:>11.4f}{unseen['category'][name]:>11.4f}"
            if unseen_first is not None:
                line += f"{unseen_first['subsystem'][name]:>11.4f}{unseen_first['category'][name]:>11.4f}"
            lines.append(line)
    if report.agreement is not None:
        lines += ["", f"annotators' agreement / 标注者一致率 (the second annotation's first place, Precision@1 against "
                      f"GOLD; {report.alternatives} titles): subsystem {report.agreement['subsystem']:.4f}, "
                      f"category {report.agreement['category']:.4f}"]
    lines += ["", "per subsystem (top-1) / 分子体系:", f"  {'id':<4}{'support':>8}{'predicted':>10}{'correct':>8}"
                                                     f"{'precision':>10}{'recall':>8}  name"]
    fmt = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
    for s in report.per_subsystem:
        if s.support or s.predicted:
            lines.append(f"  {s.id:<4}{s.support:>8}{s.predicted:>10}{s.correct:>8}{fmt(s.precision):>10}"
                         f"{fmt(s.recall):>8}  {s.name}")
    labels = list(report.confusion_labels)
    lines += ["", "confusion (rows: gold subsystem, columns: top-1 suggestion; - = none) / 混淆表:",
              "      " + "".join(f"{label:>4}" for label in labels)]
    for label, row in zip(labels, report.confusion):
        if any(row):
            lines.append(f"  {label:<4}" + "".join(f"{(str(v) if v else '.'):>4}" for v in row))
    for note in report.notes:
        lines += ["", f"note: {note}"]
    if report.misses:
        lines += ["", f"wrong subsystem at rank 1 ({len(report.misses)}):"]
        for miss in report.misses[:30]:
            row = f"row {miss.row}: " if miss.row else ""
            lines.append(f"  {row}{miss.title}  gold {', '.join(miss.gold)}  got {', '.join(miss.predicted)}")
        if len(report.misses) > 30:
            lines.append(f"  … {len(report.misses) - 30} more (use --format json for all)")
    return "\n".join(lines) + "\n"
