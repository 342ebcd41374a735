"""Catalog edges on the typed graph: classified_as, covers (explicit / inferred), supersedes."""
from __future__ import annotations

from minestd.entry import Entry
from minestd.graph import catalog_graph, standard_id

OLD = Entry(row=2, designation="GB/T 15259-1994", title="矿山安全术语", status="superseded", nodes=("01.01.01",))
NEW = Entry(row=3, designation="GB/T 15259—2008", title="矿山安全术语", status="current", nodes=("01.01.01",),
            priorities=("01.01-p01",), replaces=("GB/T 15259-1994",))
BAD = Entry(row=4, designation="", title="无编号", nodes=("99.99",), priorities=("05.02",))


def test_standards_and_their_edges(tx):
    g = catalog_graph(tx, [OLD, NEW, BAD])
    new = standard_id(NEW)
    assert new == "std:GB/T 15259-2008"
    assert g.nodes[new]["kind"] == "standard" and g.nodes[new]["obj"] is NEW
    assert g.edges[new, "01.01.01"]["type"] == "classified_as"
    assert g.edges[new, "01.01-p01"] == {"type": "covers", "link": "explicit", "score": 1.0}
    assert g.edges[new, "std:GB/T 15259-1994"]["type"] == "supersedes"
    assert standard_id(BAD) == "std:row4" and list(g.successors("std:row4")) == []   # unknown ids left out
    assert tx.graph.number_of_nodes() + 3 == g.number_of_nodes()                       # the taxonomy graph untouched


def test_inferred_links_from_a_coverage_report(tx):
    from minestd.coverage import analyse

    entry = Entry(row=2, designation="AQ 1066-2008", title="煤层瓦斯含量井下直接测定方法", status="current",
                  nodes=("05.02.01",))
    report = analyse(tx, [entry])
    g = catalog_graph(tx, [entry], coverage=report)
    covers = [(b, d["link"]) for _, b, d in g.out_edges(standard_id(entry), data=True) if d["type"] == "covers"]
    inferred = [p for p in report.priorities for lk in p.standards if lk.link == "inferred"]
    assert {b for b, _ in covers} == {p.id for p in inferred} and all(link == "inferred" for _, link in covers)
    assert covers
