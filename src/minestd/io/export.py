"""Taxonomy views and exports: JSON tree (the CLI contract), priorities, CSV, SKOS Turtle, GraphML."""
from __future__ import annotations

from typing import Any

from ..model import KEYWORDS_PROVENANCE, ROOT_ID, Priority, RetiredPriority
from ..taxonomy import Taxonomy
from .cells import csv_text

SKOS_BASE = "https://minestd.org/guide-2024/"
KEYWORDS_NOTE = ("Curated by the minestd project for search and classification; not the guide's words "
                 "(many never occur in the guide). 由 minestd 项目整理的检索词，不是指南原文。")


def tree_dicts(tx: Taxonomy, ident: str | None = None, depth: int | None = None) -> list[dict[str, Any]]:
    """CLI contract: list of ``{"id","kind","name","name_en","children":[...]}`` — the 15 subsystems, or
    ``[subtree of ident]``. ``depth`` counts levels below the listed nodes (None = all)."""
    def one(node_id: str, remaining: int | None) -> dict[str, Any]:
        node = tx.node(node_id)
        kids = [] if remaining == 0 else [one(c, None if remaining is None else remaining - 1)
                                          for c in node.children]
        return {"id": node.id, "kind": node.kind, "name": node.name, "name_en": node.name_en, "children": kids}

    below = None if depth is None else depth - 1
    if ident is None or ident == ROOT_ID:
        return [one(s.id, below) for s in tx.subsystems()]
    return [one(ident, below)]


def priority_dict(p: Priority) -> dict[str, Any]:
    """CLI contract: ``{"id","node","text","action","source","references"}``, extended with
    ``designations`` (of the referenced standards, where known), ``note`` (the editors', or null) and
    ``curated_terms`` (the project's own words of answering titles, not the guide's)."""
    return {"id": p.id, "node": p.node, "text": p.text, "action": p.action, "source": p.source,
            "references": list(p.references), "designations": list(p.designations), "note": p.note,
            "curated_terms": list(p.terms)}


def retired_dict(r: RetiredPriority) -> dict[str, Any]:
    """CLI contract: ``{"id","replaced_by":[ids],"reason"}``, extended with the retired item's ``node``,
    released ``text`` and the date it was ``retired``."""
    return {"id": r.id, "replaced_by": list(r.replaced_by), "reason": r.reason, "node": r.node, "text": r.text,
            "retired": r.retired}


def retired_csv(items: list[RetiredPriority]) -> str:
    return csv_text(["id", "replaced_by", "reason", "node", "text", "retired"],
                     [[r.id, ";".join(r.replaced_by), r.reason, r.node, r.text, r.retired or ""] for r in items])


def node_dict(tx: Taxonomy, ident: str) -> dict[str, Any]:
    node = tx.node(ident)
    return {
        "id": node.id, "kind": node.kind, "name": node.name, "name_en": node.name_en,
        "path": [{"id": n.id, "name": n.name, "name_en": n.name_en} for n in tx.path(ident)],
        "description": node.description, "structure": node.structure, "figure": node.figure,
        "open_list": node.open_list, "alt_names": list(node.alt_names), "keywords": list(node.keywords),
        "keywords_provenance": KEYWORDS_PROVENANCE,
        "priority_heading": node.priority_heading,
        "children": [{"id": c.id, "name": c.name, "name_en": c.name_en} for c in tx.children(ident)],
        "priorities": [priority_dict(tx.priority(p)) for p in node.priorities],
    }


def taxonomy_dict(tx: Taxonomy) -> dict[str, Any]:
    """The whole edition as one JSON-able dict (export --format json)."""
    ed = tx.edition
    return {
        "edition": ed.edition, "title": ed.title, "title_en": ed.title_en,
        "document_number": ed.document_number, "date": ed.date,
        "issuers": [i.model_dump() for i in ed.issuers],
        "nodes": [{k: v for k, v in node_dict(tx, n.id).items() if k not in ("path", "children")}
                  | {"parent": n.parent, "children": list(n.children)} for n in tx.walk() if n.kind != "root"],
        "keywords_provenance": {"value": KEYWORDS_PROVENANCE, "description": KEYWORDS_NOTE},
        "retired_priorities": [retired_dict(r) for r in tx.retired_priorities()],
    }


def nodes_csv(tx: Taxonomy) -> str:
    header = ["id", "kind", "parent", "name", "name_en", "path", "figure", "open_list", "priorities", "description"]
    rows = [[n.id, n.kind, n.parent if n.parent != ROOT_ID else "", n.name, n.name_en, tx.path_label(n.id),
             n.figure or "", "yes" if n.open_list else "", len(n.priorities), n.description or ""]
            for n in tx.walk() if n.kind != "root"]
    return csv_text(header, rows)


def priorities_csv(priorities: list[Priority], tx: Taxonomy) -> str:
    header = ["id", "node", "path", "text", "action", "source", "references", "designations", "note", "curated_terms"]
    rows = [[p.id, p.node, tx.path_label(p.node), p.text, p.action, p.source, ";".join(p.references),
             ";".join(p.designations), p.note or "", ";".join(p.terms)] for p in priorities]
    return csv_text(header, rows)


def _ttl(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def skos_turtle(tx: Taxonomy, base: str = SKOS_BASE, *, priorities: bool = False) -> str:
    """SKOS Turtle: one ConceptScheme, the subsystems as top concepts, prefLabel @zh/@en,
    notation = id, broader/narrower, scopeNote = description. The curated keywords are hidden labels
    (skos:hiddenLabel) and, with their provenance, SKOS-XL labels created by ms:minestd — not the guide's words.
    ``base``: the namespace of the concepts (ending in / or #). ``priorities``: also the next-step priority items,
    as concepts of a second scheme (ms:priorities), each skos:related to its node — apart from the tree, so that a
    subject-indexing tool (Annif) loading the file still sees the nodes as its vocabulary only if it reads one
    scheme."""
    if not isinstance(base, str) or not base.endswith(("/", "#")) or "://" not in base:
        raise ValueError(f"base must be an absolute URI ending in / or #, got {base!r}")
    ed = tx.edition
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dct: <http://purl.org/dc/terms/> .",
        "@prefix skosxl: <http://www.w3.org/2008/05/skos-xl#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        f"@prefix ms: <{base}> .", "",
        "ms:minestd a dct:Agent ;",
        f"    rdfs:label \"minestd\" ;\n    rdfs:comment {_ttl(KEYWORDS_NOTE)}@en .", "",
        "ms:scheme a skos:ConceptScheme ;",
        f"    skos:prefLabel {_ttl(ed.title)}@zh, {_ttl(ed.title_en)}@en ;",
        f"    dct:identifier {_ttl(ed.document_number)} ;",
        f"    dct:issued {_ttl(ed.date)} ;",
        "    skos:hasTopConcept " + ", ".join(f"ms:n{s.id}" for s in tx.subsystems()) + " .", "",
    ]
    for node in tx.walk():
        if node.kind == "root":
            continue
        props = ["a skos:Concept", "skos:inScheme ms:scheme",
                 f"skos:prefLabel {_ttl(node.name)}@zh, {_ttl(node.name_en)}@en",
                 f"skos:notation {_ttl(node.id)}"]
        props += [f"skos:altLabel {_ttl(alt)}@zh" for alt in node.alt_names]
        if node.kind == "subsystem":
            props.append("skos:topConceptOf ms:scheme")
        else:
            props.append(f"skos:broader ms:n{node.parent}")
        if node.children:
            props.append("skos:narrower " + ", ".join(f"ms:n{c}" for c in node.children))
        if node.description:
            props.append(f"skos:scopeNote {_ttl(node.description)}@zh")
        props += [f"skos:hiddenLabel {_ttl(k)}@zh" for k in node.keywords]
        labels = [f"ms:k{node.id}-{i}" for i in range(1, len(node.keywords) + 1)]
        if labels:
            props.append("skosxl:hiddenLabel " + ", ".join(labels))
        lines.append(f"ms:n{node.id} " + " ;\n    ".join(props) + " .")
        for label, keyword in zip(labels, node.keywords):
            lines.append(f"{label} a skosxl:Label ; skosxl:literalForm {_ttl(keyword)}@zh ; dct:creator ms:minestd ; "
                         f"dct:source \"{KEYWORDS_PROVENANCE}\" .")
        lines.append("")
    if priorities:
        lines += _priority_concepts(tx)
    return "\n".join(lines)


def _priority_concepts(tx: Taxonomy) -> list[str]:
    """The priority items as SKOS concepts of the scheme ms:priorities, related to their nodes."""
    lines = ["ms:priorities a skos:ConceptScheme ;",
             "    skos:prefLabel \"下一步建设重点\"@zh, \"Next-step priorities\"@en ;",
             f"    dct:source {_ttl(tx.edition.document_number)} .", ""]
    for p in tx.priorities():
        props = ["a skos:Concept", "skos:inScheme ms:priorities", f"skos:prefLabel {_ttl(p.text)}@zh",
                 f"skos:notation {_ttl(p.id)}", f"skos:related ms:n{p.node}", f"skos:definition {_ttl(p.source)}@zh",
                 f"skos:note {_ttl(p.action)}@zh"]
        lines.append(f"ms:p{p.id} " + " ;\n    ".join(props) + " .")
    lines.append("")
    return lines


def graphml_text(tx: Taxonomy, graph: Any = None) -> str:
    """GraphML of the typed graph (default ``tx.graph``; pass :func:`minestd.graph.catalog_graph` to include
    a catalog's standards). Scalar attributes only."""
    import networkx as nx

    source = tx.graph if graph is None else graph
    flat = nx.DiGraph()
    for ident, data in source.nodes(data=True):
        obj, kind = data["obj"], data["kind"]
        attrs = {"kind": kind}
        if kind == "priority":
            attrs |= {"node": obj.node, "text": obj.text, "action": obj.action, "source": obj.source}
        elif kind == "standard":
            attrs |= {"designation": obj.designation, "title": obj.title, "status": obj.status, "row": obj.row or 0}
        else:
            attrs |= {"name": obj.name, "name_en": obj.name_en, "description": obj.description or ""}
        flat.add_node(ident, **attrs)
    for a, b, data in source.edges(data=True):
        flat.add_edge(a, b, **{k: v for k, v in data.items() if isinstance(v, (str, int, float))})
    import io

    buffer = io.BytesIO()      # write_graphml keeps Chinese as UTF-8 (generate_graphml writes &#NNNNN; entities)
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"
