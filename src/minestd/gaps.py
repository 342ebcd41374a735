"""The gap analysis as one call: place the entries that have no node ids, then analyse coverage (pure core).

``gap_report(tx, catalog)`` is what ``minestd gaps``, ``minestd report`` and ``minestd diagram --coverage`` run:
entries without 体系编号 are placed by the classifier first (:func:`minestd.placement.place`, recorded as
inferred, never written into the catalog), unless ``place=False`` — then they stay unplaced and every such
entry is a finding (COV005), never a silent all-gap report.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .coverage import CoverageReport, analyse
from .entry import Catalog, Entry
from .placement import LOW_CONFIDENCE, place

if TYPE_CHECKING:
    from .classify import Classifier
    from .taxonomy import Taxonomy

__all__ = ["gap_report"]


def gap_report(tx: "Taxonomy", catalog: Catalog | Iterable[Entry], *, place_entries: bool = True,
               classifier: "Classifier | str | None" = None, low: float = LOW_CONFIDENCE,
               **options: Any) -> CoverageReport:
    """Coverage of the guide's priorities by ``catalog``, placing the entries that have no node ids first.

    ``place_entries``: False keeps them unplaced (each one a COV005 finding). ``classifier``: the classifier (or
    its name) that places them — default the taxonomy's default (``hybrid``: it learns from no catalog title).
    ``low``: placements scoring below it are flagged for review. ``options`` go to :func:`minestd.coverage.analyse`
    (threshold, today, node, catalog_name, progress)."""
    entries = catalog.entries if isinstance(catalog, Catalog) else tuple(catalog)
    if isinstance(catalog, Catalog):
        options.setdefault("catalog_name", catalog.source)
    placements = place(entries, tx, classifier, low=low) if place_entries else ()
    return analyse(tx, entries, placements=placements, **options)
