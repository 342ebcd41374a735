"""evaluate-gaps: how right the gap analysis's links are, against links a person made (a gold catalog)."""
from __future__ import annotations

from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..errors import MinestdError
from ..language import in_language
from .app import app
from .common import ColumnsOption, SheetOption, TaxonomyOption, Lang, dumps_json, emit, load_tx
from .common import read_catalog_file
from .common import TextJson as EvalFormat

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..entry import Entry
    from ..gapeval import GapEvaluation, LinkCase


class Mode(str, Enum):
    both = "both"
    with_nodes = "with-nodes"
    without_nodes = "without-nodes"


@app.command("evaluate-gaps")
def evaluate_gaps(
    gold: Annotated[Path, typer.Argument(metavar="GOLD",
                                         help="金标准目录 / A catalog whose priorities column (建设重点) holds the links a "
                                              "person judged: which priority items each standard answers.")],
    mode: Annotated[Mode, typer.Option("--mode", help="评估方式 / with-nodes (the catalog's node ids), without-nodes "
                                       "(ids removed, entries placed by the classifier) or both.")] = Mode.both,
    split: Annotated[Optional[str], typer.Option(
        "--split", metavar="NAME", help="只用此数据划分的行 / Only rows whose 'split' column is NAME (e.g. heldout).")] = None,
    classifier: Annotated[Optional[str], typer.Option(
        "--classifier", metavar="NAME",
        help="归类器 / Classifier that places entries without node ids (default hybrid).")] = None,
    threshold: Annotated[Optional[float], typer.Option(
        "--threshold", "-t", min=0.01, max=1.0,
        help="标准名称匹配阈值 / Title-match threshold (default: the analysis's, 0.5).")] = None,
    cases: Annotated[int, typer.Option("--cases", min=0, help="列出误报漏报条数 / text: list this many false positives and "
                                                              "negatives.")] = 20,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="输出格式 / text or json.")] = EvalFormat.text,
    output: Annotated[Optional[Path], typer.Option("--output", "-o",
                                                   help="输出文件 / Write to this file instead of stdout.")] = None,
    lang: Annotated[Lang, typer.Option("--lang", envvar="MINESTD_LANG", help="语言 / Labels of the text report: both "
                                       "(中文 / English), zh or en.")] = Lang.both,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """缺口分析评测 / Precision, recall and F1 of the gap analysis's links against a gold catalog.

    The gold's links are hidden from the analysis, which then infers its own (with the catalog's node ids and
    without them); link level = (standard, priority) pairs, priority level = the items called covered or in
    progress; link+cand and prio+cand count the gaps' candidates too (what a review can reach). False positives and
    negatives are listed with their evidence. Run it on your own explicit links.

    Examples:
      minestd evaluate-gaps tests/fixtures/gaps/gold-links.csv --split heldout
      minestd evaluate-gaps 本单位目录.xlsx --mode without-nodes --cases 50
      minestd evaluate-gaps gold.csv --format json --output eval.json
      minestd evaluate-gaps gold.csv --lang zh
    """
    from ..classify import CLASSIFIERS
    from ..gapeval import MODES, evaluate_links
    from ..io.catalog import parse_columns

    tx = load_tx(taxonomy)
    if classifier is not None and classifier not in CLASSIFIERS:
        raise MinestdError(f"未知的归类器 '{classifier}' / unknown --classifier '{classifier}'",
                           f"可选：{', '.join(sorted(CLASSIFIERS))} / use one of {', '.join(sorted(CLASSIFIERS))}")
    entries = _gold_entries(gold, read_catalog_file(gold, sheet=sheet, columns=parse_columns(columns)).entries, split)
    modes = MODES if mode is Mode.both else (mode.value.replace("-", "_"),)
    try:
        result = evaluate_links(tx, entries, modes=modes, classifier=classifier, threshold=threshold)
    except ValueError as exc:
        raise MinestdError(f"{gold}: 金标准关联有误 / {gold}: {exc}", "使用 'minestd priorities' 中的编号（已退役的编号"
                           "见 --retired） / use ids from 'minestd priorities' (retired ids: see --retired)") from None
    if fmt is EvalFormat.json:
        emit(dumps_json(evaluation_dict(result)), output, (gold,))
    else:
        emit(evaluation_text(result, cases, lang.value), output, (gold,))


def _gold_entries(gold: Path, rows: "Sequence[Entry]", split: Optional[str]) -> "list[Entry]":
    """The gold rows to score (only those of ``split`` when given); one-line errors when there is nothing to score."""
    entries = list(rows)
    if split is not None:
        if not any(k == "split" for e in entries[:1] for k, _ in e.extra):
            raise MinestdError(f"{gold}: --split 需要 'split' 列 / {gold}: --split needs a 'split' column",
                               "加一列 'split'，或去掉 --split / add a column 'split' or drop --split")
        entries = [e for e in entries if e.value("split") == split]
        if not entries:
            raise MinestdError(f"{gold}: 没有 split 为 '{split}' 的行 / {gold}: no row has split '{split}'",
                               "检查 'split' 列的值 / check the values of the 'split' column")
    if not any(e.priorities for e in entries):
        raise MinestdError(f"{gold}: 没有金标准关联 / {gold}: no gold links", "fill the priorities column (建设重点) "
                           "with the item ids each standard answers, e.g. 05.02-p01")
    return entries


def evaluation_dict(result: "GapEvaluation") -> dict:
    return {"entries": result.entries, "gold_links": result.gold_links, "threshold": result.threshold,
            "modes": {m.mode: {"links": m.links.to_dict(), "priorities": m.priorities.to_dict(),
                               "cases": [c.model_dump() for c in m.cases],
                               "with_candidates": {"links": m.candidate_links.to_dict() if m.candidate_links else None,
                                                   "priorities": m.candidate_priorities.to_dict()
                                                   if m.candidate_priorities else None}}
                      for m in result.modes}}


def _f(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def evaluation_text(result: "GapEvaluation", cases: int = 20, lang: str = "both") -> str:
    """The evaluation for people; ``lang`` zh or en: the labels in one language (default both)."""
    say = partial(in_language, lang)

    lines = [f"{say('缺口分析评测', 'gap-analysis evaluation')}: {result.entries} {say('条标准', 'entries')}, "
             f"{result.gold_links} {say('条金标准关联', 'gold links')}, {say('阈值', 'threshold')} "
             f"{result.threshold:g}", "",
             f"{'mode':<15}{'level':<11}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for m in result.modes:
        for level, s in (("link", m.links), ("priority", m.priorities), ("link+cand", m.candidate_links),
                         ("prio+cand", m.candidate_priorities)):
            if s is None:
                continue
            lines.append(f"{m.mode:<15}{level:<11}{_f(s.precision):>7}{_f(s.recall):>7}{_f(s.f1):>7}"
                         f"{s.true_positives:>6}{s.false_positives:>6}{s.false_negatives:>6}")
    for m in result.modes:
        if not cases:
            break
        for kind, title in (("false_positive", say("误报", "false positives")),
                            ("false_negative", say("漏报", "false negatives"))):
            picked = [c for c in m.cases if c.kind == kind]
            if not picked:
                continue
            lines += ["", f"{m.mode} — {title} ({len(picked)})"]
            lines += [_case_line(c) for c in picked[:cases]]
    lines += ["", say("link+cand / prio+cand：连同缺口的候选（待审核行）一起计算——审核所能达到的召回；其精确率即审核中可采纳的比例。",
                      "link+cand / prio+cand: the links together with the gaps' candidates (the review rows): the recall "
                      "a review can reach; their precision is the share of rows a reviewer accepts.")]
    return "\n".join(lines)


def _case_line(c: "LinkCase") -> str:
    if c.kind == "false_negative":
        evidence = f"candidate ({c.basis}) {c.score:.2f}" if c.score is not None else "no candidate"
    else:
        evidence = f"{c.basis} {c.score:.2f}" if c.score is not None and c.basis else "no score"
    words = "、".join(c.matched)
    return (f"  row {c.row} {c.designation} 《{c.title}》 → {c.priority} {c.priority_text} "
            f"[{evidence}{'; ' + words if words else ''}; placed {';'.join(c.placed) or '-'}]")
