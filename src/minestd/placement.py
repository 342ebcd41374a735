"""Placing catalog entries that carry no node id (体系编号) — pure core.

A committee's catalog has 标准号, 标准名称, 状态 but rarely 体系编号 for a guide published in December 2024.
:func:`place` asks a classifier for each such entry's best place in the tree and records it as **inferred**:
the node, the classifier's score, the words of the title that matched and the next-best places (which the gap
analysis also searches for matching priorities). Placements scoring below ``low`` are flagged for review.
The catalog itself is never changed: :func:`minestd.coverage.analyse` takes the placements beside it.

No printing, no file IO.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from .entry import ACTIVE_STATUSES, Entry, entry_list, fraction, normalise_status
from .model import Frozen

if TYPE_CHECKING:
    from .classify import Classifier
    from .taxonomy import Taxonomy

__all__ = ["InferredPlacement", "place", "LOW_CONFIDENCE", "PLACEMENT_LEVEL"]

#: Below this classifier score a placement is flagged for review (the hybrid's scores are shares that sum to 1).
LOW_CONFIDENCE = 0.5
#: Entries are placed at the most specific level the classifier is sure of: sub-category, else category.
PLACEMENT_LEVEL = "subcategory"
ALTERNATIVES = 2


class InferredPlacement(Frozen):
    """Where the software placed an entry that had no node id."""

    index: int                       # position of the entry in the catalog passed in
    row: int | None = None           # spreadsheet row (header = 1)
    designation: str = ""
    title: str
    node: str                        # the best place
    score: float                     # the classifier's score for it (0–1)
    matched: tuple[str, ...] = ()    # pieces of the title that matched the node's texts
    alternatives: tuple[str, ...] = ()   # next-best places, best first
    review: bool = False             # score below the low-confidence line: check by hand
    classifier: str = ""
    reviewed: bool = False           # accepted by a person in a review file (minestd.review), not inferred


def _wanted(entries: Sequence[Entry]) -> list[int]:
    """Entries to place: no node id, a title, and a status that counts (current or in progress)."""
    return [i for i, e in enumerate(entries)
            if not e.nodes and e.title.strip() and normalise_status(e.status) in ACTIVE_STATUSES]


def place(entries: Iterable[Entry], tx: "Taxonomy", classifier: "Classifier | str | None" = None, *,
          low: float = LOW_CONFIDENCE, skip: Collection[int] = ()) -> tuple[InferredPlacement, ...]:
    """Inferred places for the entries without node ids (current or in-progress ones with a title), in catalog
    order. ``classifier``: a :class:`minestd.classify.Classifier` or its name (default: the taxonomy's default,
    ``hybrid`` for the embedded guide — it learns from no catalog title). ``low``: the review line (0–1).
    ``skip``: positions not to place (a reviewer decided them)."""
    from .classify import default_classifier, get_classifier

    fraction(low, "low")
    if classifier is not None and not isinstance(classifier, str) and not callable(getattr(classifier, "classify", None)):
        raise TypeError(f"classifier must be a Classifier or its name, not {type(classifier).__name__}")
    rows = entry_list(entries)
    wanted = [i for i in _wanted(rows) if i not in skip]
    if not wanted:
        return ()
    clf = classifier if classifier is not None and not isinstance(classifier, str) else \
        get_classifier(classifier or default_classifier(tx), tx)
    results = clf.classify([rows[i].title for i in wanted], top=1 + ALTERNATIVES, level=PLACEMENT_LEVEL,
                           explain_top=1)
    out: list[InferredPlacement] = []
    name = classifier if isinstance(classifier, str) else getattr(clf, "name", type(clf).__name__)
    for i, result in zip(wanted, results):
        best = result.top
        if best is None:
            continue
        e = rows[i]
        out.append(InferredPlacement(
            index=i, row=e.row, designation=e.designation, title=e.title, node=best.id, score=round(best.score, 3),
            matched=tuple(dict.fromkeys(m.term for m in best.matched)),
            alternatives=tuple(s.id for s in result.suggestions[1:]), review=best.score < low,
            classifier=str(name or "")))
    return tuple(out)
