"""Commands that place titles in the tree: classify, train, evaluate (thin shells over minestd.classify)."""
from __future__ import annotations

import contextlib
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import InputError, MinestdError
from ..io.classified import output_kind, results_csv
from ..io.titletable import Table, read_table
from .app import app
from .common import SheetOption, TaxonomyOption, Lang, bilingual, busy, dumps_json, emit, load_tx
from .common import read_catalog_file, tell, tell_notes

if TYPE_CHECKING:
    from ..classify import ClassificationResult, Classifier
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


SegmenterOption = Annotated[Segmenter, typer.Option("--segmenter", help="分词方式 / ngram (default, fast) or jieba (adds "
                                                                        "jieba words with the taxonomy's terms as user "
                                                                        "dictionary; about 3 s more start-up).")]


def _classifier_name(value: Optional[str]) -> Optional[str]:
    """A --classifier value checked against the registry (minestd.classify.CLASSIFIERS): a classifier registered in
    the library with register_classifier is accepted like the built-in ones."""
    from ..classify import CLASSIFIERS

    if value is not None and value not in CLASSIFIERS:
        raise MinestdError(f"未知的归类器 '{value}' / unknown --classifier '{value}'",
                           f"可选：{', '.join(sorted(CLASSIFIERS))} / use one of {', '.join(sorted(CLASSIFIERS))}")
    return value


BATCH = 256                 # titles per progress step
PROGRESS_MIN = 200          # show a progress bar from this many titles (stderr a TTY only)
WRITE_BUSY_MIN = 2000       # a spinner while writing the output file from this many titles (stderr a TTY only)

CLASSIFIER_HELP = ("归类器 / hybrid (default for the embedded guide: the taxonomy's words plus a subsystem model learned "
                   "from the guide's own texts; no training data), lexical (the taxonomy's words only; the default "
                   "for other --taxonomy folders), trained (the hybrid plus placed titles, in the node texts and the "
                   "subsystem model: --model MODEL, or without it the built-in model learned from the 356 placed real "
                   "titles minestd holds: the sample catalog and the classifier's test fixtures), dummy (tests).")
#: What to do when a classifier's built-in model does not fit the taxonomy (or is missing).
BUILT_IN_FIXES = {
    "hybrid": "改用 --classifier lexical，或用 'minestd train --guide --taxonomy DIR --output MODEL' 为所用体系生成"
              "子体系模型 / use --classifier lexical, or make a subsystem model for your taxonomy with 'minestd train "
              "--guide --taxonomy DIR --output MODEL'",
    "trained": "用 'minestd train CATALOG --output model.json' 在已归入所用体系的目录上训练模型，并传入 --model "
               "model.json / train a model on a catalog placed in your taxonomy with 'minestd train CATALOG --output "
               "model.json' and pass --model model.json"}
ClassifierOption = Annotated[Optional[str], typer.Option(
    "--classifier", show_default=False, metavar="NAME", help=CLASSIFIER_HELP)]
ModelOption = Annotated[Optional[Path], typer.Option("--model", "-m",
                                                     help="模型文件 / A model from 'minestd train' (JSON): the trained "
                                                          "classifier with this model.", show_default=False)]


# --------------------------------------------------------------------------- classify


InputOption = Annotated[Optional[Path], typer.Option("--input", "-i", show_default=False,
                                                     help="逐行归类的文件 / Classify every row of a catalog file: .csv "
                                                          "(UTF-8/GB18030), .xlsx, .json, .jsonl or .yaml, read as "
                                                          "every command reads catalogs ('-' = one title per line on "
                                                          "stdin).")]
ColumnOption = Annotated[Optional[str], typer.Option(
    "--column", "-c", show_default=False,
    help="标题所在列 / Column (or JSON key) holding the titles (default: title, 标准名称, 名称 and the like, or the "
         "only column).")]
OutputOption = Annotated[Optional[Path], typer.Option(
    "--output", "-o", show_default=False, help="输出文件 / Write results here: .csv or .xlsx (input columns + "
                                               "suggestions), .jsonl or .json. Never overwrites the input.")]


@app.command()
def classify(
    titles: Annotated[Optional[list[str]], typer.Argument(
        metavar="[TITLE]...", show_default=False, help="标准名称 / Titles of standards, e.g. 煤矿用自动隔爆装置安全技术要求.")] = None,
    input: InputOption = None,
    column: ColumnOption = None,
    output: OutputOption = None,
    top: Annotated[int, typer.Option("--top", "-k", min=1, max=50, help="每个标准名称的建议数 / Suggestions per title.")] = 5,
    level: Annotated[Level, typer.Option("--level", "-l",
                                         help="建议的体系编号层级 / Level of the suggested ids (subcategory = the deepest the "
                                              "evidence reaches).")] = Level.subcategory,
    explain: Annotated[bool, typer.Option("--explain", "-e",
                                          help="显示匹配依据 / Show the terms that matched and the node text they matched "
                                               "(JSON, JSONL and CSV always carry them).")] = False,
    fmt: Annotated[ClassifyFormat, typer.Option(
        "--format", "-f", help="输出格式 / text for people; json, jsonl or csv for scripts.")] = ClassifyFormat.text,
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG",
                                       help="输出语言 / Paths in the text output: zh, en or both (中文 / English); files and "
                                            "JSON keep the guide's Chinese path.")] = Lang.zh,
    model: ModelOption = None,
    classifier: ClassifierOption = None,
    sheet: SheetOption = None,
    segmenter: SegmenterOption = Segmenter.ngram,
    taxonomy: TaxonomyOption = None,
) -> None:
    """标准归类 / Suggest where titles belong in the tree, best first, with the words that matched.

    Examples:
      minestd classify 煤矿用自动隔爆装置安全技术要求
      minestd classify 冲击地压矿井微震监测技术规范 --explain --top 3
      minestd classify 煤矿瓦斯抽采达标评判规范 --lang both
      minestd classify --input proposals.xlsx --column 标准名称 --output placed.xlsx
      minestd classify --input titles.csv --format jsonl --model model.json
    """
    if not titles and input is None:
        raise MinestdError("没有要归类的标题 / no titles to classify",
                           "以参数给出标题，或用 --input FILE 给出文件（见 'minestd classify --help'） / give titles "
                           "as arguments or a file with --input FILE (see 'minestd classify --help')")
    if titles and input is not None:
        raise MinestdError("标题参数与 --input 不能同时使用 / titles and --input cannot be combined",
                           "把标题写入文件，或去掉 --input / put the titles in the file, or drop --input")
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
        print_results(results, explain, tx, lang)


def build_classifier(tx: "Taxonomy", name: Optional[str], model: Optional[Path],
                     segmenter: str = "ngram") -> "Classifier":
    """The classifier for the CLI options: --model implies 'trained'; no name = the default classifier."""
    from ..classify import default_classifier, get_classifier

    options: dict[str, Any] = {} if segmenter == "ngram" else {"segmenter": segmenter}
    if segmenter == "jieba":
        from ..classify.segment import JIEBA_FIX, JIEBA_MISSING, jieba_available

        if not jieba_available():
            raise MinestdError(f"jieba 分词器需要安装可选的 jieba 包 / {JIEBA_MISSING}",
                               f"运行 pip install 'minestd[jieba]'，或使用默认的 --segmenter ngram / {JIEBA_FIX}")
    if model is not None:
        return get_classifier("trained", tx, model=read_model(model), **options)
    if name is None:
        name = default_classifier(tx)
    if name in BUILT_IN_FIXES:      # without --model: the built-in model (minestd.classify.BUILT_IN_MODELS)
        try:
            return get_classifier(name, tx, **options)
        except (ValueError, FileNotFoundError) as exc:
            raise MinestdError(f"内置模型无法使用 / {exc}", BUILT_IN_FIXES[name]) from None
    if name == "dummy" and options:
        raise MinestdError("--segmenter 不适用于 dummy 归类器 / --segmenter does not apply to the dummy classifier",
                           "去掉 --segmenter / drop --segmenter")
    return get_classifier(name, tx, **options)


def read_model(path: Path) -> dict[str, Any]:
    """Load and check a model file (JSON); one-line errors."""
    from ..classify.trained import ModelError, check_model

    if not path.is_file():
        raise InputError("文件不存在 / file not found", "检查模型文件的路径（由 'minestd train' 生成） / check the "
                         "path of the model (made by 'minestd train')", file=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"不是 JSON 模型文件 / not a JSON model file ({exc})", "给出 'minestd train' 写出的文件 / "
                         "give the file written by 'minestd train'", file=str(path)) from None
    try:
        return check_model(data)
    except ModelError as exc:
        raise InputError(f"模型文件无法使用 / {exc}", "用 'minestd train CATALOG --output MODEL' 重新训练 / retrain "
                         "with 'minestd train CATALOG --output MODEL'", file=str(path)) from None


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
        raise MinestdError(f"无法从 '{output.name}' 判断输出格式 / cannot tell the output format from '{output.name}'",
                           "文件名以 .csv、.xlsx、.jsonl 或 .json 结尾 / name the file .csv, .xlsx, .jsonl or .json",
                           file=str(output))
    with busy(f"写入 {len(results):,} 条 / writing {output.name} …", len(results) >= WRITE_BUSY_MIN):
        _write(output, kind, results, table, inputs)
    if str(output) != "-":
        n = len(results)
        tell(f"已写入 {output}（{n} 个标题）", f"wrote {output} ({n} titles)", f"已写入 / wrote {output} ({n} titles)")


def _write(output: Path, kind: str, results: list["ClassificationResult"], table: Optional[Table],
           inputs: tuple) -> None:
    """Write ``results`` as ``kind`` (csv, xlsx, jsonl, json)."""
    from ..io.atomic import is_stdout, write_bytes
    from ..io.classified import classified_bytes

    data = classified_bytes(kind, results, table)
    write_bytes(output, data.removeprefix("\ufeff".encode()) if is_stdout(output) else data, inputs)


def print_results(results: list["ClassificationResult"], explain: bool, tx: "Taxonomy | None" = None,
                  lang: Lang = Lang.zh) -> None:
    """Plain text (colour only on a terminal); rich is not imported, to keep a single classification fast.
    ``lang`` en or both (with ``tx``): the suggestions' paths in English, or as 中文 / English."""
    from ..language import one_language

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")   # https://no-color.org
    style = (lambda text, **kw: typer.style(text, **kw)) if color else (lambda text, **kw: text)  # noqa: E731
    lines: list[str] = []
    for n, result in enumerate(results):
        if n:
            lines.append("")
        lines.append(style(result.title or "(empty title)", bold=True))
        if not result.suggestions:
            lines.append("  (" + one_language("无建议 / no suggestion: no word of the title matches the guide",
                                              lang.value) + ")")
            continue
        for rank, s in enumerate(result.suggestions, start=1):
            path = s.path if tx is None or lang is Lang.zh else bilingual(s.path, tx.path_label(s.id, "en"), lang)
            lines.append(f"  {rank}. {style(f'{s.id:<9}', fg='cyan')} {s.score:.2f}  {path}")
            if explain:
                for m in s.matched:
                    lines.append(f"       {style(m.term, fg='green')} ← {m.field} {m.node}「{m.text}」")
    typer.echo("\n".join(lines))


# --------------------------------------------------------------------------- shared with train and evaluate


def _read_batch(path: Path, column: Optional[str], sheet: Optional[str]) -> Table:
    """The titles of ``classify --input``, telling the user which sheet they came from when not the first."""
    table = read_table(path, column, sheet)
    tell_notes(table.notes)
    return table


def read_catalog_entries(path: Optional[Path], sheet: Optional[str] = None):
    """A file of placed titles (train, evaluate): a title and a nodes column are needed, designations are not."""
    from ..data import sample_catalog_path

    if path is None and not sample_catalog_path().is_file():
        raise MinestdError("未安装内置示例目录 / the embedded sample catalog is not installed",
                           "pass a catalog file with placements (a 'nodes' / 体系编号 column)")
    return read_catalog_file(path, require=("title", "nodes"), sheet=sheet)
