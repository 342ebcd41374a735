"""The taxonomy graph with a catalog on it (pure): standards as typed nodes and their edges.

Edges point from a standard outward: standard -> node (``classified_as``), standard -> priority
(``covers``; ``link`` = explicit, or inferred with its ``score`` when a coverage report is given) and
standard -> the standard it replaces (``supersedes``). Taxonomy edges (``contains``, ``prioritizes``)
point from the general to the specific.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .designation import canonical
from .entry import Entry

if TYPE_CHECKING:
    import networkx as nx

    from .coverage import CoverageReport
    from .taxonomy import Taxonomy


def standard_id(entry: Entry) -> str:
    """Graph id of a standard: ``std:`` + its canonical designation (the raw one if it does not parse,
    ``std:row<N>`` without a designation)."""
    if entry.designation.strip():
        return "std:" + (canonical(entry.designation) or entry.designation.strip())
    return f"std:row{entry.row}"


def catalog_graph(tx: "Taxonomy", entries: Iterable[Entry], *,
                  coverage: "CoverageReport | None" = None) -> "nx.DiGraph":
    """A copy of ``tx.graph`` plus one ``standard`` node per entry (``obj`` = the Entry) and its edges.
    Ids that are not in the taxonomy are left out here (``minestd validate`` reports them). With ``coverage``
    (a gap report): its inferred links become ``covers`` edges (link inferred) and its placements of entries without
    node ids ``classified_as`` edges marked ``placement`` inferred or reviewed."""
    graph = tx.graph.copy()
    entries = list(entries)
    ids = {id(e): standard_id(e) for e in entries}
    by_designation = {canonical(e.designation) or e.designation.strip(): ids[id(e)] for e in entries if e.designation}
    for entry in entries:
        sid = ids[id(entry)]
        graph.add_node(sid, kind="standard", obj=entry)
        for node in entry.nodes:
            if node in tx and "-p" not in node:
                graph.add_edge(sid, node, type="classified_as")
        for pid in entry.priorities:
            if pid in tx and "-p" in pid:
                graph.add_edge(sid, pid, type="covers", link="explicit", score=1.0)
        for ref in entry.replaces:
            target = by_designation.get(canonical(ref) or ref.strip())
            if target and target != sid:
                graph.add_edge(sid, target, type="supersedes")
    if coverage is not None:
        rows = {e.row: ids[id(e)] for e in entries if e.row is not None}
        for placed in coverage.placements:    # entries without node ids placed by the gap analysis
            sid = rows.get(placed.row)
            if sid and placed.node in tx and not graph.has_edge(sid, placed.node):
                graph.add_edge(sid, placed.node, type="classified_as",
                               placement="reviewed" if placed.reviewed else "inferred", score=placed.score)
        for item in coverage.priorities:
            for link in item.standards:
                sid = rows.get(link.row)
                if sid and link.link == "inferred" and not graph.has_edge(sid, item.id):
                    graph.add_edge(sid, item.id, type="covers", link="inferred", score=link.score)
    return graph
