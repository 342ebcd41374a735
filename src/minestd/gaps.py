"""The gap analysis as one call: place the entries that have no node ids, then analyse coverage (pure core).

``gap_report(tx, catalog)`` is what ``minestd gaps``, ``minestd report`` and ``minestd diagram --coverage`` run:
entries without 体系编号 are placed by the classifier first (:func:`minestd.placement.place`, recorded as
inferred, never written into the catalog), unless ``place=False`` — then they stay unplaced and every such
entry is a finding (COV005), never a silent all-gap report.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .coverage import CoverageReport, analyse
from .entry import Catalog, Entry, entry_list, fraction
from .placement import LOW_CONFIDENCE, InferredPlacement, place
from .review import Decisions, standard_key

if TYPE_CHECKING:
    from .classify import Classifier
    from .taxonomy import Taxonomy

__all__ = ["gap_report"]


def gap_report(tx: "Taxonomy", catalog: Catalog | Iterable[Entry], *, place_entries: bool = True,
               classifier: "Classifier | str | None" = None, low: float = LOW_CONFIDENCE,
               decisions: Decisions | None = None, previous: Mapping[str, Any] | None = None,
               previous_name: str = "", **options: Any) -> CoverageReport:
    """Coverage of the guide's priorities by ``catalog``, placing the entries that have no node ids first.

    ``place_entries``: False keeps them unplaced (each one a COV005 finding). ``classifier``: the classifier (or
    its name) that places them — default the taxonomy's default (``hybrid``: it learns from no catalog title).
    ``low``: placements scoring below it are flagged for review. ``decisions``: a reviewer's decisions
    (:mod:`minestd.review`): accepted placements are used as they are (even with ``place_entries=False``),
    rejected ones leave the entry unplaced, accepted and rejected links are applied by the analysis.
    ``previous``: an earlier report's JSON object (gaps.json) — the report then carries ``progress``
    (:func:`minestd.progress.compare`; ``previous_name`` names it). ``options`` go to
    :func:`minestd.coverage.analyse` (threshold, today, node, catalog_name, cross_category, progress)."""
    entries = tuple(entry_list(catalog, "catalog"))
    fraction(low, "low")
    if isinstance(catalog, Catalog):
        options.setdefault("catalog_name", catalog.source)
    reviewed, decided = _reviewed_places(entries, tx, decisions) if decisions else ((), set())
    placed = place(entries, tx, classifier, low=low, skip=decided) if place_entries else ()
    placements = tuple(sorted((*reviewed, *placed), key=lambda p: p.index))
    report = analyse(tx, entries, placements=placements, decisions=decisions, **options)
    if previous is None:
        return report
    from .progress import compare

    return report.model_copy(update={"progress": compare(report, previous, name=previous_name)})


def _reviewed_places(entries: tuple[Entry, ...], tx: "Taxonomy", decisions: Decisions
                     ) -> tuple[tuple[InferredPlacement, ...], set[int]]:
    """Placements a reviewer accepted, and the positions the reviewer decided (accepted or rejected)."""
    out, decided = [], set()
    for i, e in enumerate(entries):
        if e.nodes:
            continue
        key = standard_key(e.designation, e.title)
        node = decisions.accepted_places.get(key)
        if node is not None:
            out.append(InferredPlacement(index=i, row=e.row, designation=e.designation, title=e.title, node=node,
                                         score=1.0, classifier="review", reviewed=True))
            decided.add(i)
        elif key in decisions.rejected_places:
            decided.add(i)
    return tuple(out), decided
