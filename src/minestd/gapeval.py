"""How right is the gap analysis? Links it infers, measured against links a person made (pure core).

A gold catalog is an ordinary catalog whose priorities column (建设重点) holds the links a person judged —
which priority items each standard answers. :func:`evaluate_links` hides those links from the analysis, runs
:func:`minestd.gaps.gap_report` (with the catalog's node ids, or without them so that entries are placed by
the classifier) and compares:

* **link level** — pairs (standard, priority) of current and in-progress standards (superseded or withdrawn
  ones never cover, so their links are not scored): precision, recall and F1 of the inferred links;
* **priority level** — the priorities the analysis calls covered or in progress against those the gold
  says a current or in-progress standard answers: precision, recall, F1;
* **with candidates** — what a review can reach: the links together with the gaps' candidates (near misses and
  curated-term candidates, the rows of ``gaps --review``), at link level and at priority level (a priority counts
  when it is covered or a candidate of it is right). Its precision is the share of proposals a reviewer accepts.

False positives and false negatives come back with their evidence (score, matched words, basis), so a user
can see why. A committee can run it on its own explicit links. No printing, no file IO.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .entry import ACTIVE_STATUSES, Entry, entry_list, normalise_status
from .model import Frozen

if TYPE_CHECKING:
    from .classify import Classifier
    from .coverage import CoverageReport
    from .taxonomy import Taxonomy

__all__ = ["Scores", "LinkCase", "ModeResult", "GapEvaluation", "evaluate_links", "MODES"]

#: with_nodes: the catalog's own node ids; without_nodes: node ids removed, entries placed by the classifier
MODES = ("with_nodes", "without_nodes")


class Scores(Frozen):
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return round(self.true_positives / found, 4) if found else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_positives + self.false_negatives
        return round(self.true_positives / wanted, 4) if wanted else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.true_positives, "fp": self.false_positives, "fn": self.false_negatives,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


class LinkCase(Frozen):
    """One wrong or missed link, with what the analysis saw."""

    kind: str                        # false_positive / false_negative
    row: int | None
    designation: str
    title: str
    priority: str
    priority_text: str
    basis: str = ""                  # how the analysis linked it (false positives)
    score: float | None = None       # its score, or the best score below the threshold (false negatives)
    matched: tuple[str, ...] = ()
    placed: tuple[str, ...] = ()     # where the entry sat in the analysis (node ids)


class ModeResult(Frozen):
    mode: str
    links: Scores
    priorities: Scores
    cases: tuple[LinkCase, ...] = ()
    #: links plus the gaps' candidates (what a review can reach), link level and priority level
    candidate_links: Scores | None = None
    candidate_priorities: Scores | None = None


class GapEvaluation(Frozen):
    entries: int
    gold_links: int
    threshold: float
    modes: tuple[ModeResult, ...]

    def mode(self, name: str) -> ModeResult:
        return next(m for m in self.modes if m.mode == name)


def _counted(e: Entry) -> bool:
    """Links are scored for current and in-progress standards: superseded or withdrawn ones never cover."""
    return normalise_status(e.status) in ACTIVE_STATUSES


def _gold(entries: Sequence[Entry]) -> tuple[set[tuple[int, str]], set[str]]:
    """(gold (index, priority) pairs of counted standards, the priorities they answer)."""
    pairs = {(i, pid) for i, e in enumerate(entries) if _counted(e) for pid in e.priorities}
    return pairs, {pid for _, pid in pairs}


def _predicted(report: "CoverageReport", entries: Sequence[Entry],
               row_index: dict[int | None, int]) -> dict[tuple[int, str], Any]:
    return {(row_index[lk.row], p.id): lk for p in report.priorities for lk in p.standards
            if lk.row in row_index and _counted(entries[row_index[lk.row]])}


def _cases(entries: Sequence[Entry], report: "CoverageReport", gold: set[tuple[int, str]],
           predicted: dict[tuple[int, str], Any], tx: "Taxonomy") -> tuple[LinkCase, ...]:
    placed = {e.row: e.nodes for e in report.entries}
    near = {(lk.row, p.id): lk for p in report.priorities for lk in p.near}
    out: list[LinkCase] = []
    for (i, pid), lk in sorted(predicted.items()):
        if (i, pid) not in gold:
            e = entries[i]
            out.append(LinkCase(kind="false_positive", row=e.row, designation=e.designation, title=e.title,
                                priority=pid, priority_text=tx.priority(pid).text, basis=lk.basis, score=lk.score,
                                matched=lk.matched, placed=placed.get(e.row, ())))
    for i, pid in sorted(gold - set(predicted)):
        e = entries[i]
        miss = near.get((e.row, pid))
        text = tx.priority(pid).text if pid in tx else pid
        out.append(LinkCase(kind="false_negative", row=e.row, designation=e.designation, title=e.title,
                            priority=pid, priority_text=text, basis=miss.basis if miss else "",
                            score=miss.score if miss else None, matched=miss.matched if miss else (),
                            placed=placed.get(e.row, ())))
    return tuple(out)


def _run(tx: "Taxonomy", entries: Sequence[Entry], mode: str, classifier: "Classifier | str | None",
         threshold: float) -> ModeResult:
    from .gaps import gap_report

    hidden = [e.model_copy(update={"priorities": ()} | ({"nodes": ()} if mode == "without_nodes" else {}))
              for e in entries]
    report = gap_report(tx, hidden, classifier=classifier, threshold=threshold)
    row_index = {e.row: i for i, e in enumerate(entries)}
    gold, answered = _gold(entries)
    predicted = _predicted(report, entries, row_index)
    hits = len(gold & set(predicted))
    links = Scores(true_positives=hits, false_positives=len(predicted) - hits, false_negatives=len(gold) - hits)
    claimed = {p.id for p in report.priorities if p.status in ("covered", "in_progress")}
    right = len(claimed & answered)
    priorities = Scores(true_positives=right, false_positives=len(claimed) - right,
                        false_negatives=len(answered) - right)
    candidate_links, candidate_priorities = _with_candidates(report, entries, row_index, gold, set(predicted), claimed)
    return ModeResult(mode=mode, links=links, priorities=priorities,
                      cases=_cases(entries, report, gold, predicted, tx), candidate_links=candidate_links,
                      candidate_priorities=candidate_priorities)


def _with_candidates(report: "CoverageReport", entries: Sequence[Entry], row_index: dict[int | None, int],
                     gold: set[tuple[int, str]], predicted: set[tuple[int, str]], claimed: set[str]
                     ) -> tuple[Scores, Scores]:
    """(link level, priority level) of the links together with the gaps' candidates."""
    near = {(row_index[lk.row], p.id) for p in report.priorities for lk in p.near
            if lk.row in row_index and _counted(entries[row_index[lk.row]])}
    proposed = predicted | near
    hits = len(gold & proposed)
    links = Scores(true_positives=hits, false_positives=len(proposed) - hits, false_negatives=len(gold) - hits)
    answered = {pid for _, pid in gold}
    offered = claimed | {pid for _, pid in near}
    right = (claimed & answered) | {pid for _, pid in near & gold}
    priorities = Scores(true_positives=len(right), false_positives=len(offered - right),
                        false_negatives=len(answered - right))
    return links, priorities


def evaluate_links(tx: "Taxonomy", entries: Iterable[Entry], *, modes: Sequence[str] = MODES,
                   classifier: "Classifier | str | None" = None, threshold: float | None = None) -> GapEvaluation:
    """Score the gap analysis against the links in ``entries``' priorities column (the gold). ``modes``:
    ``with_nodes`` and/or ``without_nodes``; ``classifier`` places entries without node ids (default: the
    taxonomy's default); ``threshold``: the title-match threshold (default: the analysis's)."""
    from .coverage import DEFAULT_THRESHOLD

    if isinstance(modes, str):
        raise TypeError(f"modes must be a sequence of mode names, not str (write modes=('{modes}',))")
    rows = [e if e.row is not None else e.model_copy(update={"row": k + 2}) for k, e in enumerate(entry_list(entries))]
    if len({e.row for e in rows}) != len(rows):
        rows = [e.model_copy(update={"row": k + 2}) for k, e in enumerate(rows)]
    unknown = sorted({pid for e in rows for pid in e.priorities if pid not in tx})
    if unknown:
        raise ValueError(f"gold links name unknown priority ids: {', '.join(unknown[:5])}")
    for mode in modes:
        if mode not in MODES:
            raise ValueError(f"unknown mode '{mode}': use {' or '.join(MODES)}")
    level = DEFAULT_THRESHOLD if threshold is None else threshold
    results = tuple(_run(tx, rows, mode, classifier, level) for mode in modes)
    gold, _ = _gold(rows)
    return GapEvaluation(entries=len(rows), gold_links=len(gold), threshold=level, modes=results)
