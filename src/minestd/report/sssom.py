"""The gap analysis's links as an SSSOM mapping set (TSV with a YAML metadata header), for ontology tools.

One row per link (standard → priority item): ``subject_id`` the standard (``std:`` + its designation, or the catalog
row when it has none), ``predicate_id`` ``skos:relatedMatch`` (the standard answers the item), ``object_id`` the item
(``ms:p05.02-p01``), ``mapping_justification`` ``semapv:ManualMappingCuration`` for links the catalog or a reviewer
made, ``semapv:LexicalMatching`` for title links and the guide's named standards, ``semapv:MappingChaining`` for
other editions of a linked standard; ``confidence`` the score. See https://mapping-commons.github.io/sssom/.
"""
from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..coverage import CoverageReport, StandardLink
from ..io.export import SKOS_BASE

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
           "confidence", "mapping_tool", "comment")
JUSTIFICATION = {"listed": "semapv:ManualMappingCuration", "reviewed": "semapv:ManualMappingCuration",
                 "title": "semapv:LexicalMatching", "named": "semapv:LexicalMatching",
                 "edition": "semapv:MappingChaining"}
STANDARD_BASE = "https://minestd.org/standard/"


def _subject(lk: StandardLink) -> str:
    return "std:" + quote(lk.designation, safe="-.") if lk.designation else f"std:row-{lk.row}"


def _comment(lk: StandardLink) -> str:
    parts = [f"matched: {'、'.join(lk.matched)}"] if lk.matched else []
    if lk.doc_type is not None:
        parts.append(f"document type {lk.doc_type}, mine scope {lk.mine_scope}")
    if lk.placement != "catalog":
        parts.append(f"placement {lk.placement}")
    if not lk.decisive:
        parts.append("not counted (explicit links decided)")
    return "; ".join(parts)


def render_sssom(report: CoverageReport, tx: "Taxonomy") -> str:
    s = report.summary
    header = [
        "# curie_map:",
        f"#   ms: {SKOS_BASE}",
        f"#   std: {STANDARD_BASE}",
        "#   skos: http://www.w3.org/2004/02/skos/core#",
        "#   semapv: https://w3id.org/semapv/vocab/",
        f"# mapping_set_id: {STANDARD_BASE}mappings/{quote(s.catalog or 'catalog')}/{s.today.isoformat()}",
        f"# mapping_set_description: standards of {s.catalog or 'a catalog'} linked to the next-step priorities of "
        f"{s.document_number} by minestd (explicit, reviewed or inferred)",
        "# license: https://w3id.org/sssom/license/unspecified",
        f"# mapping_date: {s.today.isoformat()}",
        f"# object_source: {SKOS_BASE}",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in report.priorities:
        for lk in p.standards:
            writer.writerow([_subject(lk), lk.title, "skos:relatedMatch", f"ms:p{p.id}", p.text,
                             JUSTIFICATION.get(lk.basis, "semapv:UnspecifiedMatching"), f"{lk.score:.3f}", "minestd",
                             _comment(lk)])
    return "\n".join(header) + "\n" + out.getvalue()
