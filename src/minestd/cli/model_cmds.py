"""Commands that learn and measure placement: train (a model from placed titles) and evaluate (precision against a
gold catalog) — thin shells over minestd.classify."""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from ..errors import MinestdError
from ..language import in_language
from .app import app
from .classify_cmds import (ClassifierOption, ModelOption, SegmenterOption, Segmenter,
                            _classifier_name, build_classifier, learning, read_catalog_entries)
from .common import MessagesLangOption, SheetOption, TaxonomyOption, Lang, dumps_json, emit, load_tx, tell
from .common import TextJson as ReportFormat

if TYPE_CHECKING:
    from ..classify.evaluate import EvaluationReport
    from ..taxonomy import Taxonomy


IterationsOption = Annotated[Optional[int], typer.Option(
    "--iterations", min=10, max=100_000, show_default=False,
    help="求解步数 / Solver steps of the subsystem model (default 1000); fewer: a rougher model, sooner.")]


@app.command()
def train(
    catalogs: Annotated[Optional[list[Path]], typer.Argument(
        metavar="[CATALOG]...", show_default=False,
        help="已归类的标准目录 / Catalogs with placements (nodes column): .csv, .xlsx, .json, .jsonl or .yaml; several are learned "
             "together. Default: the embedded sample catalog.")] = None,
    *,  # --output is required: keyword-only, so it keeps its place after the optional argument
    output: Annotated[Path, typer.Option("--output", "-o", help="模型输出文件 / Model file to write (JSON).")],
    guide: Annotated[bool, typer.Option("--guide", help="用体系文本训练 / Learn the hybrid classifier's subsystem model from "
                                                       "the taxonomy's own texts instead (no catalog; ~7 s).")] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f",
                                              help="摘要格式 / Summary as text or json.")] = ReportFormat.text,
    iterations: IterationsOption = None,
    lang: MessagesLangOption = Lang.both,
    sheet: SheetOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """训练归类模型 / Learn a classifier model from the placed entries of one or more catalogs (JSON, versioned).

    Examples:
      minestd train --output model.json
      minestd train my-catalog.xlsx --output model.json
      minestd train catalog-2024.xlsx extra-placements.csv --output model.json
      minestd classify --model model.json 矿用隔爆型移动变电站
      minestd train --guide --output taxonomy/guide-2024/subsystem-model.json
      minestd train my-catalog.xlsx --output draft-model.json --iterations 200   # a rougher model, sooner
    """
    from ..classify.trained import train as train_model
    from ..io.atomic import write_text

    tx = load_tx(taxonomy)
    if guide:
        if catalogs:
            raise MinestdError("--guide 只从体系文本学习 / --guide learns from the taxonomy's own texts, not from a "
                               "catalog", "去掉 CATALOG（或 --guide） / drop the CATALOG argument (or drop --guide)")
        _train_guide(tx, output, fmt, iterations)
        return
    paths: list[Optional[Path]] = list(catalogs) if catalogs else [None]
    groups = _catalog_groups(paths, sheet)
    with learning("训练模型 / learning the model") as progress:
        model = train_model(groups if len(groups) > 1 else next(iter(groups.values())), tx,
                            source=" + ".join(Path(name).name for name in groups), progress=progress,
                            iterations=iterations)
    inputs = tuple(p for p in paths if p is not None)
    write_text(output, json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
               inputs)
    info = model["training"]
    summary = {"model": str(output), "entries": info["entries"], "used": info["used"],
               "skipped": len(info["skipped"]), "nodes": len(model["examples"])}
    if fmt is ReportFormat.json:
        emit(dumps_json(summary))
        return
    en = (f"trained on {info['used']} of {info['entries']} entries in {summary['nodes']} nodes "
          f"({summary['skipped']} skipped) -> {output}")
    tell(f"已训练：用了 {info['entries']} 条中的 {info['used']} 条，{summary['nodes']} 个节点（跳过 {summary['skipped']} 条）"
         f" -> {output}", en, f"已训练 / {en}")
    for item in info["skipped"][:10]:
        where = f"{item['file']} row {item['row']}" if item.get("file") else f"row {item['row']}"
        typer.echo(f"  skipped {where}: {item['reason']}", err=True)


def _catalog_groups(paths: "list[Optional[Path]]", sheet: Optional[str]) -> dict[str, list]:
    """Each catalog as given on the command line -> its entries; a catalog given twice is an error."""
    groups: dict[str, list] = {}
    seen: set[Path] = set()
    for path in paths:
        cat = read_catalog_entries(path, sheet)
        where = Path(cat.source) if cat.source else Path(str(path))
        name = str(path) if path is not None else where.name
        if where.resolve() in seen:
            raise MinestdError(f"{name} 给出了两次 / {name} is given twice",
                               "每个目录只给一次 / give each catalog once")
        seen.add(where.resolve())
        groups[name] = list(cat.entries)
    return groups


def _train_guide(tx: "Taxonomy", output: Path, fmt: ReportFormat, iterations: Optional[int] = None) -> None:
    """train --guide: the hybrid classifier's subsystem model, learned from the taxonomy's own texts (``iterations``:
    solver steps; default the model's own)."""
    from ..classify.guide_model import ITERATIONS, train_subsystem_model
    from ..io.atomic import write_text

    with learning("学习子体系模型 / learning the subsystem model") as progress:
        sub_model = train_subsystem_model(tx, progress=progress, iterations=iterations or ITERATIONS)
    write_text(output, json.dumps(sub_model, ensure_ascii=False, separators=(",", ":")) + "\n")
    summary = {"model": str(output), "documents": sub_model["documents"],
               "vocabulary": len(sub_model["vocabulary"]), "digest": sub_model["digest"]}
    if fmt is ReportFormat.json:
        emit(dumps_json(summary))
    else:
        en = f"learned from {summary['documents']} texts of the taxonomy ({summary['vocabulary']} pieces) -> {output}"
        tell(f"已训练：体系文本 {summary['documents']} 条（{summary['vocabulary']} 个特征） -> {output}", en,
             f"已训练 / {en}")


# --------------------------------------------------------------------------- evaluate


FoldsOption = Annotated[Optional[int], typer.Option(
    "--folds", min=2, max=20, show_default=False,
    help="K 折交叉验证 / K-fold cross-validation: train on K-1 folds, score the held-out fold.")]
ReportOutputOption = Annotated[Optional[Path], typer.Option("--output", "-o", show_default=False,
                                                            help="报告输出文件 / Write the report here.")]
ReportLangOption = Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG",
                                                help="语言 / Labels of the text report: both (中文 / English), zh or en.")]
SecondOption = Annotated[Optional[list[Path]], typer.Option(
    "--second-annotation", show_default=False, metavar="FILE",
    help="另一人的归类标注 / Another person's placements of the same titles (a catalog file; matched by title; may be "
         "repeated): a suggestion also counts as correct where it places a title. Figures against GOLD alone and "
         "the annotators' agreement are reported too.")]


@app.command()
def evaluate(
    gold: Annotated[Optional[Path], typer.Argument(metavar="[GOLD]", show_default=False,
                                                   help="已知归类的标准目录 / Catalog with known placements (.csv, .xlsx, "
                                                        ".json, .jsonl, .yaml). Default: the embedded sample catalog.")] = None,
    model: ModelOption = None,
    classifier: ClassifierOption = None,
    top: Annotated[int, typer.Option("--top", "-k", min=5, max=50, help="参与评分的建议数 / Suggestions scored per title (NDCG "
                                                                        "limit).")] = 10,
    folds: FoldsOption = None,
    iterations: IterationsOption = None,
    second: SecondOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="输出格式 / text or json.")] = ReportFormat.text,
    lang: ReportLangOption = Lang.both,
    output: ReportOutputOption = None,
    sheet: SheetOption = None,
    segmenter: SegmenterOption = Segmenter.ngram,
    taxonomy: TaxonomyOption = None,
) -> None:
    """归类评测 / How often is the classifier right? Annif's metrics at subsystem and category level.

    Examples:
      minestd evaluate
      minestd evaluate my-catalog.xlsx --folds 5
      minestd evaluate my-catalog.xlsx --folds 5 --iterations 200   # rougher fold models, sooner
      minestd evaluate gold.csv --model model.json --format json
      minestd evaluate gold.csv --classifier trained
      minestd evaluate gold.csv --second-annotation expert-b.csv
      minestd evaluate gold.csv --lang zh
    """
    from ..classify.evaluate import evaluate as run_evaluation
    from ..classify.trained import fold_trainer

    _check_fold_options(model, folds, classifier, iterations)
    tx = load_tx(taxonomy)
    cat = read_catalog_entries(gold, sheet)
    clf = build_classifier(tx, _classifier_name(classifier), model, segmenter.value)
    hashes = getattr(clf, "title_hashes", frozenset())
    trainer = fold_trainer(tx, segmenter.value, iterations) if folds else None
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
    text = report_text(report, Path(cat.source).name if cat.source else "catalog", lang.value)
    if output is not None:
        emit(text, output, inputs)
    else:
        typer.echo(text.rstrip("\n"))


def _check_fold_options(model: Optional[Path], folds: Optional[int], classifier: Optional[str],
                        iterations: Optional[int]) -> None:
    """Usage errors of evaluate's options: --folds trains its own models (no --model, no other --classifier than
    lexical), and --iterations is for those models only."""
    if model is not None and folds is not None:
        raise MinestdError("--model 与 --folds 不能同用 / --model and --folds cannot be combined", "去掉其中一项 / "
                           "--folds trains a fresh model on each fold of GOLD; drop --model (or drop --folds)")
    if folds is not None and classifier not in (None, "lexical"):
        raise MinestdError(f"--folds 不能与 --classifier {classifier} 同用 / --folds cannot be combined with "
                           f"--classifier {classifier}", "--folds 每折训练新模型，去掉 --classifier（或 --folds） / "
                           "--folds trains a fresh model on each fold of GOLD; drop --classifier (or drop --folds)")
    if iterations is not None and folds is None:
        raise MinestdError("--iterations 只用于 --folds / --iterations only applies with --folds",
                           "加上 --folds K，或去掉 --iterations / add --folds K, or drop --iterations")


def report_text(report: "EvaluationReport", source: str, lang: str = "both") -> str:
    """Plain-text report: metrics, per-subsystem precision/recall, confusion table, notes, misses. ``lang`` zh or
    en: the labels in one language (default both)."""
    say = partial(in_language, lang)

    titles = f"titles: {report.documents} (skipped {report.skipped}: no title or no known node); limit {report.limit}"
    lines = [say(f"归类评测：{report.classifier}，目录 {source}", f"classifier evaluation: {report.classifier} on {source}",
                 f"归类评测 / classifier evaluation: {report.classifier} on {source}"),
             say(f"标题 {report.documents} 条（跳过 {report.skipped} 条：无标题或无已知节点）；建议数 {report.limit}",
                 titles, titles), ""]
    lines += _metric_lines(report, say)
    if report.agreement is not None:
        agreement = (f"subsystem {report.agreement['subsystem']:.4f}, category {report.agreement['category']:.4f}")
        lines += ["", say(f"标注者一致率（第二标注者首选位置对 GOLD 的 Precision@1；{report.alternatives} 个标题）：{agreement}",
                          f"annotators' agreement (the second annotation's first place, Precision@1 against GOLD; "
                          f"{report.alternatives} titles): {agreement}",
                          f"annotators' agreement / 标注者一致率 (the second annotation's first place, Precision@1 "
                          f"against GOLD; {report.alternatives} titles): {agreement}")]
    lines += _subsystem_lines(report, say)
    lines += [line for note in report.notes for line in ("", f"{say('注', 'note', 'note')}: {note}")]
    if report.misses:
        lines += ["", say(f"首选子体系错误（{len(report.misses)}）：", f"wrong subsystem at rank 1 ({len(report.misses)}):",
                          f"wrong subsystem at rank 1 ({len(report.misses)}):")]
        for miss in report.misses[:30]:
            row = f"row {miss.row}: " if miss.row else ""
            lines.append(f"  {row}{miss.title}  gold {', '.join(miss.gold)}  got {', '.join(miss.predicted)}")
        if len(report.misses) > 30:
            lines.append(f"  … {len(report.misses) - 30} more (use --format json for all)")
    return "\n".join(lines) + "\n"


def _metric_lines(report: "EvaluationReport", say: Any) -> list[str]:
    """The metrics at subsystem and category level (and against the first annotation alone), then on the titles
    the model was not trained on."""
    from ..classify.evaluate import METRICS

    first = report.primary_metrics
    sub, cat = say("子体系", "subsystem", "subsystem"), say("类别", "category", "category")
    lines: list[str] = []
    if first is None:
        lines.append(_pad(say('指标', 'metric', 'metric'), -14) + _pad(sub, 11) + _pad(cat, 11))
    else:
        lines.append(" " * 14 + _pad(say('任一标注', 'either annotation', 'either annotation'), 22)
                     + _pad(say('仅第一标注（GOLD）', 'first (GOLD) alone', 'first (GOLD) alone'), 22))
        lines.append(_pad(say('指标', 'metric', 'metric'), -14) + (_pad(sub, 11) + _pad(cat, 11)) * 2)
    for name in METRICS:
        line = f"{name:<14}{report.metrics['subsystem'][name]:>11.4f}{report.metrics['category'][name]:>11.4f}"
        if first is not None:
            line += f"{first['subsystem'][name]:>11.4f}{first['category'][name]:>11.4f}"
        lines.append(line)
    lines.append(_pad(say('标题数', 'documents', 'documents'), -14) + f"{report.documents_by_level['subsystem']:>11}"
                 f"{report.documents_by_level['category']:>11}")
    if report.unseen_metrics is not None:
        lines += ["", say(f"未参与训练的标题（{report.unseen}）：", f"titles the model was not trained on ({report.unseen}):",
                          f"titles the model was not trained on / 未参与训练的标题 ({report.unseen}):")]
        unseen, unseen_first = report.unseen_metrics, report.unseen_primary_metrics
        for name in ("Precision@1", "Hit@3"):
            line = f"{name:<14}{unseen['subsystem'][name]:>11.4f}{unseen['category'][name]:>11.4f}"
            if unseen_first is not None:
                line += f"{unseen_first['subsystem'][name]:>11.4f}{unseen_first['category'][name]:>11.4f}"
            lines.append(line)
    return lines


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two): right-aligned, or left-aligned
    for a negative width."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, abs(width) - used)
    return text + fill if width < 0 else fill + text


def _subsystem_lines(report: "EvaluationReport", say: Any) -> list[str]:
    """Precision and recall per subsystem (top-1), then the confusion table."""
    lines = ["", say("分子体系（首选）：", "per subsystem (top-1):", "per subsystem (top-1) / 分子体系:"),
             f"  {'id':<4}{'support':>8}{'predicted':>10}{'correct':>8}{'precision':>10}{'recall':>8}  name"]
    fmt = lambda v: "-" if v is None else f"{v:.2f}"  # noqa: E731
    for s in report.per_subsystem:
        if s.support or s.predicted:
            lines.append(f"  {s.id:<4}{s.support:>8}{s.predicted:>10}{s.correct:>8}{fmt(s.precision):>10}"
                         f"{fmt(s.recall):>8}  {s.name}")
    labels = list(report.confusion_labels)
    lines += ["", say("混淆表（行：GOLD 子体系，列：首选建议；- = 无）：",
                      "confusion (rows: gold subsystem, columns: top-1 suggestion; - = none):",
                      "confusion (rows: gold subsystem, columns: top-1 suggestion; - = none) / 混淆表:"),
              "      " + "".join(f"{label:>4}" for label in labels)]
    for label, row in zip(labels, report.confusion):
        if any(row):
            lines.append(f"  {label:<4}" + "".join(f"{(str(v) if v else '.'):>4}" for v in row))
    return lines
