"""Exports: SKOS loads in rdflib with the right structure; GraphML and JSON round trip."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from minestd.io.export import graphml_text, nodes_csv, skos_turtle, taxonomy_dict


def test_skos_loads_in_rdflib_and_round_trips(tx):
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import SKOS, RDF

    g = rdflib.Graph().parse(data=skos_turtle(tx), format="turtle")
    schemes = list(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == 1
    tops = set(g.objects(schemes[0], SKOS.hasTopConcept))
    assert len(tops) == 15
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(tx.nodes()) - 1
    by_notation = {str(g.value(c, SKOS.notation)): c for c in concepts}
    gas = by_notation["05"]
    labels = {(str(l), l.language) for l in g.objects(gas, SKOS.prefLabel)}
    assert labels == {("瓦斯防治", "zh"), ("Gas Control", "en")}
    assert g.value(by_notation["05.02"], SKOS.broader) == gas
    assert {str(g.value(c, SKOS.notation)) for c in g.objects(gas, SKOS.narrower)} == {"05.01", "05.02", "05.03", "05.04"}
    assert str(g.value(gas, SKOS.scopeNote)).startswith("瓦斯防治是煤矿安全工作中最重要")
    # round trip: rebuild the tree from SKOS and compare with the taxonomy
    rebuilt = {str(g.value(c, SKOS.notation)): str(g.value(g.value(c, SKOS.broader), SKOS.notation))
               for c in concepts if g.value(c, SKOS.broader) is not None}
    assert rebuilt == {n.id: n.parent for n in tx.nodes() if n.kind in ("category", "subcategory")}


def test_skos_marks_the_curated_keywords_as_the_projects_own(tx):
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import DCTERMS, RDF, SKOS

    xl = rdflib.Namespace("http://www.w3.org/2008/05/skos-xl#")
    g = rdflib.Graph().parse(data=skos_turtle(tx), format="turtle")
    concept = next(c for c in g.subjects(SKOS.notation, rdflib.Literal("05.02")))
    hidden = {str(o) for o in g.objects(concept, SKOS.hiddenLabel)}
    assert hidden == set(tx.node("05.02").keywords) and hidden
    labels = list(g.objects(concept, xl.hiddenLabel))
    assert len(labels) == len(tx.node("05.02").keywords)
    for label in labels:
        assert (label, RDF.type, xl.Label) in g and str(g.value(label, xl.literalForm)) in hidden
        assert str(g.value(label, DCTERMS.source)) == "minestd-curated"
        assert "not the guide's words" in str(g.value(g.value(label, DCTERMS.creator), rdflib.RDFS.comment))
    total = sum(len(n.keywords) for n in tx.nodes())
    assert len(list(g.subjects(RDF.type, xl.Label))) == total > 1000


def test_graphml_round_trip(tx):
    text = graphml_text(tx)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    assert "矿山安全基础通用" in text and "&#" not in text          # Chinese as UTF-8, not numeric entities
    g = nx.parse_graphml(text)
    assert g.number_of_nodes() == tx.graph.number_of_nodes()
    assert g.nodes["05.02-p01"]["kind"] == "priority"
    assert g.edges["05", "05.02"]["type"] == "contains"


def test_json_and_csv(tx):
    data = json.loads(json.dumps(taxonomy_dict(tx), ensure_ascii=False))
    assert data["document_number"] == "矿安〔2024〕144号"
    assert len(data["nodes"]) == len(tx.nodes()) - 1
    assert data["keywords_provenance"]["value"] == "minestd-curated"
    assert all(n["keywords_provenance"] == "minestd-curated" for n in data["nodes"])
    retired = {r["id"]: r for r in data["retired_priorities"]}
    assert len(retired) == 83 and retired["15.01-p02"]["replaced_by"] == ["15.01-p01"]
    rows = list(csv.DictReader(io.StringIO(nodes_csv(tx))))
    assert rows[0]["id"] == "01" and rows[0]["name"] == "矿山安全基础通用"
    assert len(rows) == len(tx.nodes()) - 1


def test_export_cli_writes_file(invoke, tmp_path):
    out = tmp_path / "guide.ttl"
    r = invoke("export", "--format", "skos", "--output", str(out))
    assert r.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("@prefix skos:")


def test_graphml_with_the_sample_catalog(invoke, tmp_path):
    out = tmp_path / "g.graphml"
    r = invoke("export", "--format", "graphml", "--catalog", "-", "--output", str(out))
    assert r.exit_code == 0, r.stderr
    g = nx.read_graphml(out)
    std = g.nodes["std:GB/T 15259-2008"]
    assert std["kind"] == "standard" and std["title"] == "矿山安全术语"
    assert g.edges["std:GB/T 15259-2008", "01.01.01"]["type"] == "classified_as"
    assert g.edges["std:GB/T 15259-2008", "01.01-p01"]["link"] == "explicit"
    assert g.edges["std:GB/T 15259-2008", "std:GB/T 15259-1994"]["type"] == "supersedes"


def test_catalog_only_with_graphml(invoke):
    r = invoke("export", "--format", "skos", "--catalog", "-")
    assert r.exit_code == 2
    assert r.stderr == ("错误 / error: --catalog 只用于 --format graphml / --catalog goes with --format graphml — "
                        "去掉 --catalog，或使用 --format graphml / drop --catalog or use --format graphml\n")


def test_skos_with_priorities_and_a_base_uri(tx, invoke):
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import RDF, SKOS

    g = rdflib.Graph().parse(data=skos_turtle(tx, "https://example.org/mine/", priorities=True), format="turtle")
    ns = rdflib.Namespace("https://example.org/mine/")
    assert (ns.scheme, RDF.type, SKOS.ConceptScheme) in g and (ns.priorities, RDF.type, SKOS.ConceptScheme) in g
    items = set(g.subjects(SKOS.inScheme, ns.priorities))
    assert len(items) == len(tx.priorities())
    item = ns["p05.02-p01"]
    assert str(g.value(item, SKOS.notation)) == "05.02-p01" and g.value(item, SKOS.related) == ns["n05.02"]
    assert str(g.value(item, SKOS.prefLabel)) == tx.priority("05.02-p01").text
    assert len(set(g.subjects(SKOS.inScheme, ns.scheme))) == len(tx.nodes()) - 1   # the tree is unchanged
    plain = rdflib.Graph().parse(data=skos_turtle(tx), format="turtle")
    assert not any(True for _ in plain.subjects(RDF.type, SKOS.ConceptScheme)
                   if str(_).endswith("priorities"))                            # opt-in: the default file is as before
    with pytest.raises(ValueError, match="base must be an absolute URI ending in / or #"):
        skos_turtle(tx, "example.org")
    bad = invoke("export", "--format", "skos", "--base-uri", "foo")
    assert bad.exit_code == 2 and bad.stderr.strip().startswith("错误 / error: --base-uri 无效 / bad --base-uri: "
                                                                "base must be")
