"""The typed graph and its query API."""
from __future__ import annotations

import pytest

from minestd.taxonomy import UnknownIdError


def test_graph_is_typed_and_edges_point_parent_to_child(tx):
    g = tx.graph
    assert g.nodes["root"]["kind"] == "root"
    assert g.nodes["05"]["kind"] == "subsystem"
    assert g.nodes["05.02"]["kind"] == "category"
    assert g.nodes["05.02.01"]["kind"] == "subcategory"
    assert g.nodes["05.02-p01"]["kind"] == "priority"
    assert g.edges["05", "05.02"]["type"] == "contains"
    assert g.edges["05.02", "05.02-p01"]["type"] == "prioritizes"
    assert not g.has_edge("05.02", "05")


def test_graph_size_matches_the_model(tx):
    g = tx.graph
    nodes = len(tx.nodes())
    assert g.number_of_nodes() == nodes + len(tx.priorities())
    assert g.number_of_edges() == (nodes - 1) + len(tx.priorities())


def test_every_node_reachable_from_root(tx):
    import networkx as nx

    assert nx.is_arborescence(tx.graph)
    assert tx.reachable() == {n.id for n in tx.nodes()} - {"root"}


def test_get_children_parent_ancestors(tx):
    assert tx.node("12.02.04").name == "装载破碎设备"
    assert [c.id for c in tx.children("05")] == ["05.01", "05.02", "05.03", "05.04"]
    assert tx.parent("05.02.01").id == "05.02"
    assert [a.id for a in tx.ancestors("05.02.01")] == ["root", "05", "05.02"]
    assert tx.subsystem_of("12.02.04-p01").id == "12"
    assert tx.path_label("05.02.01", "en") == "Gas Control › Testing and assessment › Gas parameters"


def test_unknown_id_suggests_close_ids(tx):
    with pytest.raises(UnknownIdError) as err:
        tx.node("5.2")
    assert err.value.suggestions == ["05.02"]
    assert str(err.value) == "unknown id '5.2'; did you mean 05.02?"
    with pytest.raises(UnknownIdError) as err:
        tx.node("12.02.99")
    assert err.value.suggestions == ["12.02"]


def test_walk_is_preorder_in_guide_order(tx):
    ids = [n.id for n in tx.walk("08")]
    assert ids[:3] == ["08", "08.01", "08.02"]
    assert ids.index("08.02.04") < ids.index("08.03")


def test_is_within(tx):
    assert tx.is_within("05.02.01", "05")
    assert tx.is_within("05.02-p01", "05.02")
    assert not tx.is_within("05.02", "05.02.01")
    assert not tx.is_within("15.01", "1")


def test_search_chinese_english_and_id_prefix(tx):
    assert "08.02" in [h.id for h in tx.search("冲击地压")]
    assert [h.id for h in tx.search("rescue teams")] == ["14.02"]
    hits = [h.id for h in tx.search("12.02.0")]
    assert hits[:2] == ["12.02.01", "12.02.02"]
    assert any(h.id.startswith("05.02-p") for h in tx.search("抽采半径"))
    assert tx.search("   ") == []


def test_alt_name_found(tx):
    assert tx.search("通风与粉尘、热害防治")[0].id == "04"
