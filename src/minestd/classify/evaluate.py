"""How often is the classifier right? Annif's metrics on a catalog with known placements (pure: no IO).

Metric names and definitions follow ``annif eval`` (annif/eval.py), computed per document and averaged:

* ``Precision@k`` — relevant suggestions among the top k, divided by min(k, number of suggestions with a
  score above 0). With one correct node per title, Precision@1 is top-1 accuracy and Precision@3 is at
  most 1/3 once three places are suggested.
* ``F1@5`` — F1 of the top-5 suggestions (as a set) against the correct set.
* ``NDCG`` (over the top ``limit``, default 10) and ``NDCG@5`` — discounted gain 1/log2(rank+1).
* ``Hit@3`` (not an Annif metric) — share of titles with a correct node among the top 3: what people mean
  by "the right category is in the first three suggestions".

Gold placements come from each entry's ``nodes``; a title may list alternatives (all count as correct).
Figures are given at subsystem and category level (a node is taken at its ancestor of that level; an
entry placed only at subsystem level has no category gold and is left out of the category figures).

``alternatives`` (title -> node ids, e.g. from :func:`placements_by_title` of a second annotator's file) add
places a second person chose for the same titles: a suggestion then counts as correct where either
annotation puts the title (the gold's own convention for titles with two defensible places). The report
keeps the figures against the first annotation alone (``primary_metrics``) and how well the second
annotation's first choice agrees with the first annotation (``agreement``: its Precision@1 against it, the
human figure to compare the classifier with).

When a model was trained on some of the titles (``train_hashes``), the figures over all titles are
optimistic; ``unseen_metrics`` gives the same figures over the titles the model was not trained on
(``unseen`` of them), against the same gold (and ``unseen_primary_metrics`` against the first annotation
alone when there is a second).

``folds=K`` gives cross-validated figures for the trained classifier: entries are assigned to K folds by a
hash of their title (deterministic, independent of row order); each fold is classified by a model trained
on the other folds.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from .base import Classifier, gold_at_level, normalise_title

if TYPE_CHECKING:
    from ..entry import Entry
    from ..taxonomy import Taxonomy

ANNIF_METRICS: tuple[str, ...] = ("Precision@1", "Precision@3", "F1@5", "NDCG", "NDCG@5")
METRICS: tuple[str, ...] = ANNIF_METRICS + ("Hit@3",)
EVAL_LEVELS: tuple[str, ...] = ("subsystem", "category")


class SubsystemFigures(BaseModel):
    """Top-1 precision and recall for one subsystem (support = titles whose gold includes it)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    support: int
    predicted: int
    correct: int
    precision: float | None
    recall: float | None


class Miss(BaseModel):
    """A title whose top subsystem suggestion is wrong."""

    model_config = ConfigDict(frozen=True)

    row: int | None
    title: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]


class EvaluationReport(BaseModel):
    """Everything ``minestd evaluate`` prints. ``metrics[level][name]`` in [0, 1]."""

    model_config = ConfigDict(frozen=True)

    classifier: str
    documents: int
    skipped: int
    limit: int
    folds: int | None = None
    metrics: dict[str, dict[str, float]]
    documents_by_level: dict[str, int]
    per_subsystem: tuple[SubsystemFigures, ...]
    confusion_labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]     # rows: gold (primary) subsystem, columns: top-1 prediction
    misses: tuple[Miss, ...] = ()
    notes: tuple[str, ...] = ()
    # with alternatives (a second annotation): figures against the first annotation alone, the second
    # annotation's Precision@1 against the first (per level), and how many titles it covered
    primary_metrics: dict[str, dict[str, float]] | None = None
    agreement: dict[str, float] | None = None
    alternatives: int | None = None
    # with a model trained on some of these titles: the figures over the others, and how many they are
    unseen_metrics: dict[str, dict[str, float]] | None = None
    unseen_primary_metrics: dict[str, dict[str, float]] | None = None     # ... against the first annotation alone
    unseen: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.model_dump()
        data["per_subsystem"] = [s.model_dump() for s in self.per_subsystem]
        data["confusion"] = {"labels": list(self.confusion_labels), "rows": [list(r) for r in self.confusion]}
        del data["confusion_labels"]
        data["misses"] = [m.model_dump() for m in self.misses]
        return data


# --------------------------------------------------------------------------- Annif's metric definitions


def precision_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    cut = min(k, len(ranked))
    return sum(1 for r in ranked[:cut] if r in gold) / cut if cut else 0.0


def f1_at_k(ranked: Sequence[str], gold: set[str], k: int = 5) -> float:
    predicted = set(ranked[:k])
    hits = len(predicted & gold)
    if not hits:
        return 0.0
    precision, recall = hits / len(predicted), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def dcg(ranked: Sequence[str], gold: set[str], limit: int) -> float:
    return sum(1.0 / math.log2(i + 2) for i, r in enumerate(ranked[:limit]) if r in gold)


def ndcg(ranked: Sequence[str], gold: set[str], limit: int) -> float:
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), limit)))
    return dcg(ranked, gold, limit) / ideal if ideal > 0 else 1.0


def hit_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    return 1.0 if any(r in gold for r in ranked[:k]) else 0.0


def document_metrics(ranked: Sequence[str], gold: set[str], limit: int = 10) -> dict[str, float]:
    return {"Precision@1": precision_at_k(ranked, gold, 1), "Precision@3": precision_at_k(ranked, gold, 3),
            "F1@5": f1_at_k(ranked, gold, 5), "NDCG": ndcg(ranked, gold, limit), "NDCG@5": ndcg(ranked, gold, 5),
            "Hit@3": hit_at_k(ranked, gold, 3)}


# --------------------------------------------------------------------------- folds


def fold_of(entry: "Entry", folds: int) -> int:
    """Deterministic fold of an entry: a hash of its normalised title, so that editions of one standard
    (same title, other designation) always fall in the same fold and never train their own test."""
    key = normalise_title(entry.title)
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % folds


def gold_nodes(entry: "Entry", tx: "Taxonomy") -> list[str]:
    """The entry's node ids that exist in the taxonomy (priority ids count as their node)."""
    return nodes_in(entry.nodes, tx)


def nodes_in(cell: Iterable[str], tx: "Taxonomy") -> list[str]:
    """The node ids of a nodes cell that exist in the taxonomy (priority ids count as their node), in order."""
    out: list[str] = []
    for raw in cell:
        ident = raw.strip()
        obj = tx.get(ident) if ident else None
        if obj is None or ident == "root":
            continue
        node = getattr(obj, "node", None) or ident      # a Priority has .node
        if node not in out:
            out.append(node)
    return out


def placements_by_title(entries: Iterable["Entry"], tx: "Taxonomy") -> dict[str, list[str]]:
    """Known node ids per normalised title (entries with the same title merged, first seen first): the
    form ``evaluate(alternatives=...)`` takes a second annotation in."""
    out: dict[str, list[str]] = {}
    for entry in entries:
        key = normalise_title(entry.title)
        nodes = gold_nodes(entry, tx)
        if key and nodes:
            merged = out.setdefault(key, [])
            merged.extend(n for n in nodes if n not in merged)
    return out


# --------------------------------------------------------------------------- evaluation


def evaluate(entries: Iterable["Entry"], tx: "Taxonomy", classifier: Classifier | None = None, *,
             limit: int = 10, folds: int | None = None,
             trainer: Callable[[list["Entry"]], Classifier] | None = None,
             train_hashes: frozenset[str] = frozenset(),
             alternatives: Mapping[str, Sequence[str]] | None = None,
             progress: Callable[[int, int], None] | None = None) -> EvaluationReport:
    """Score ``classifier`` (default: lexical) on ``entries`` that have a title and known nodes.

    With ``folds`` (>= 2), ``trainer(training_entries) -> Classifier`` builds the classifier for each fold
    (default: :class:`~minestd.classify.trained.TrainedClassifier` trained on the other folds).
    ``train_hashes``: title hashes of the model's training data, to warn when the gold overlaps it.
    ``alternatives``: a second annotation, normalised title -> node ids (see the module docstring).
    ``progress(done, folds)`` is called before the first fold and after each (learning a model takes seconds)."""
    if limit < 5:
        raise ValueError("limit must be at least 5 (F1@5 and NDCG@5 need five suggestions)")
    items = list(entries)
    usable = [(e, gold_nodes(e, tx)) for e in items if normalise_title(e.title)]
    usable = [(e, g) for e, g in usable if g]
    skipped = len(items) - len(usable)
    notes: list[str] = []
    unseen: list[int] = []
    if folds is not None:
        rankings = _cross_validated(usable, tx, limit, folds, trainer, progress)
        name = f"trained ({folds}-fold cross-validation)"
        notes.append(f"{folds}-fold cross-validation: each title was classified by a model trained on the "
                     "other folds")
    else:
        if classifier is None:
            from . import default_classifier, get_classifier

            classifier = get_classifier(default_classifier(tx), tx)
        rankings = {i: _rank_levels(classifier, entry.title, limit) for i, (entry, _) in enumerate(usable)}
        name = classifier.name
        unseen = _overlap_note(usable, train_hashes, notes)
    report = _with_alternatives(usable, rankings, tx, name, skipped, limit, folds, notes, alternatives)
    if unseen:
        # the same figures over the titles the model never saw (same gold, alternatives included)
        subset = [usable[i] for i in unseen]
        alone = _with_alternatives(subset, {k: rankings[i] for k, i in enumerate(unseen)}, tx, name, skipped,
                                   limit, folds, [], alternatives)
        report = report.model_copy(update={"unseen_metrics": alone.metrics, "unseen": len(unseen),
                                           "unseen_primary_metrics": alone.primary_metrics})
    return report


def _cross_validated(usable: list[tuple["Entry", list[str]]], tx: "Taxonomy", limit: int, folds: int,
                     trainer: Callable[[list["Entry"]], Classifier] | None,
                     progress: Callable[[int, int], None] | None) -> dict[int, dict[str, list[str]]]:
    """Rankings of each title by a classifier built (``trainer``, default a trained model) on the other folds."""
    if folds < 2:
        raise ValueError("folds must be at least 2")
    if trainer is None:
        from .trained import fold_trainer

        trainer = fold_trainer(tx)
    assignment = [fold_of(e, folds) for e, _ in usable]
    rankings: dict[int, dict[str, list[str]]] = {}
    if progress is not None:
        progress(0, folds)
    for fold in range(folds):
        clf = trainer([e for (e, _), f in zip(usable, assignment) if f != fold])
        for i, ((entry, _), f) in enumerate(zip(usable, assignment)):
            if f == fold:
                rankings[i] = _rank_levels(clf, entry.title, limit)
        if progress is not None:
            progress(fold + 1, folds)
    return rankings


def _overlap_note(usable: list[tuple["Entry", list[str]]], train_hashes: frozenset[str], notes: list[str]) -> list[int]:
    """Note how many titles the model was trained on; the indexes of the others (none when there is no overlap,
    or when the model saw them all)."""
    from .trained import title_hash

    trained_on = [title_hash(e.title) in train_hashes for e, _ in usable]
    overlap = sum(trained_on)
    if not overlap:
        return []
    notes.append(f"the model was trained on {overlap} of these {len(usable)} titles: figures are optimistic; "
                 + (f"the figures on the {len(usable) - overlap} titles it was not trained on are given "
                    "separately; " if overlap < len(usable) else "")
                 + "use --folds K for cross-validated figures")
    return [i for i, seen in enumerate(trained_on) if not seen]


def _with_alternatives(usable: list[tuple["Entry", list[str]]], rankings: dict[int, dict[str, list[str]]],
                       tx: "Taxonomy", name: str, skipped: int, limit: int, folds: int | None, notes: list[str],
                       alternatives: Mapping[str, Sequence[str]] | None) -> EvaluationReport:
    """The report against the gold, with a second annotation's places merged in when there is one."""
    if alternatives is None:
        return _report(usable, rankings, tx, name, skipped, limit, folds, notes)
    primary = _report(usable, rankings, tx, name, skipped, limit, folds, [])
    second = [list(alternatives.get(normalise_title(e.title), ())) for e, _ in usable]
    covered = sum(1 for s in second if s)
    agreement = {level: _agreement(usable, second, level) for level in EVAL_LEVELS}
    merged = [(e, g + [n for n in s if n not in g]) for (e, g), s in zip(usable, second)]
    notes.append(f"second annotation: {covered} of {len(usable)} titles found in it; a suggestion counts as "
                 "correct where either annotation places the title")
    if covered < len(usable):
        notes.append(f"{len(usable) - covered} titles are not in the second annotation: only the first counts for them")
    report = _report(merged, rankings, tx, name, skipped, limit, folds, notes)
    return report.model_copy(update={"primary_metrics": primary.metrics, "agreement": agreement,
                                     "alternatives": covered})


def _agreement(usable: list[tuple["Entry", list[str]]], second: list[list[str]], level: str) -> float:
    """Precision@1 of the second annotation's first place against the first annotation at ``level``, over
    the titles both place at that level."""
    hits = total = 0
    for (_, first), other in zip(usable, second):
        gold, chosen = gold_at_level(first, level), gold_at_level(other, level)
        if gold and chosen:
            total += 1
            hits += chosen[0] in gold
    return round(hits / total, 4) if total else 0.0


def _rank_levels(clf: Classifier, title: str, limit: int) -> dict[str, list[str]]:
    shares = clf.title_shares(normalise_title(title))
    return {level: [k for k, _ in clf.rank_shares(shares, level, limit)] for level in EVAL_LEVELS}


def _report(usable: list[tuple["Entry", list[str]]], rankings: dict[int, dict[str, list[str]]], tx: "Taxonomy",
            name: str, skipped: int, limit: int, folds: int | None, notes: list[str]) -> EvaluationReport:
    metrics: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for level in EVAL_LEVELS:
        totals = dict.fromkeys(METRICS, 0.0)
        n = 0
        for i, (entry, nodes) in enumerate(usable):
            gold = set(gold_at_level(nodes, level))
            if not gold:
                continue
            n += 1
            for key, value in document_metrics(rankings[i][level], gold, limit).items():
                totals[key] += value
        counts[level] = n
        metrics[level] = {k: round(v / n, 4) if n else 0.0 for k, v in totals.items()}
    # per-subsystem precision/recall of the top-1 subsystem, and the confusion table
    labels = [n.id for n in tx.subsystems()]
    index = {s: i for i, s in enumerate(labels)}
    confusion = [[0] * (len(labels) + 1) for _ in labels]     # last column: no suggestion
    support = dict.fromkeys(labels, 0)
    predicted = dict.fromkeys(labels, 0)
    correct = dict.fromkeys(labels, 0)
    misses: list[Miss] = []
    for i, (entry, nodes) in enumerate(usable):
        gold = gold_at_level(nodes, "subsystem")
        ranked = rankings[i]["subsystem"]
        top = ranked[0] if ranked else None
        for g in gold:
            support[g] += 1
        if top is not None:
            predicted[top] += 1
            if top in gold:
                correct[top] += 1
        confusion[index[gold[0]]][index[top] if top is not None else len(labels)] += 1
        if top not in gold:
            misses.append(Miss(row=entry.row, title=normalise_title(entry.title), gold=tuple(nodes),
                               predicted=tuple(rankings[i]["category"][:3])))
    per_subsystem = tuple(
        SubsystemFigures(id=s, name=tx.node(s).name, support=support[s], predicted=predicted[s],
                         correct=correct[s],
                         precision=round(correct[s] / predicted[s], 4) if predicted[s] else None,
                         recall=round(correct[s] / support[s], 4) if support[s] else None)
        for s in labels)
    return EvaluationReport(classifier=name, documents=len(usable), skipped=skipped, limit=limit, folds=folds,
                            metrics=metrics, documents_by_level=counts, per_subsystem=per_subsystem,
                            confusion_labels=tuple(labels) + ("-",),
                            confusion=tuple(tuple(r) for r in confusion), misses=tuple(misses), notes=tuple(notes))
