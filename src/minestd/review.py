"""Reviewing what the gap analysis inferred: rows to accept or reject, and decisions applied on later runs (pure).

``review_rows(report, tx)`` lists every inferred placement, every inferred link and every near miss of a gap report
as one row with its evidence and an empty decision (采纳 accept / 拒绝 reject). A person fills the decisions;
``decisions_from(rows)`` reads them back, and :func:`minestd.gaps.gap_report` (``decisions=``) applies them on every
later run **without modifying the catalog**: an accepted placement becomes the entry's node (``placement="reviewed"``),
a rejected one leaves the entry unplaced; an accepted link (or near miss) becomes an explicit link (basis
``reviewed``), a rejected one is never made again.

Rows are keyed by the standard (designation and title, so that re-sorting the catalog does not lose a decision) and
the node or priority id. No printing, no file IO.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .model import Frozen

if TYPE_CHECKING:
    from .coverage import CoverageReport, StandardLink
    from .taxonomy import Taxonomy

__all__ = ["ReviewRow", "Decisions", "review_rows", "decisions_from", "standard_key", "ACCEPT", "REJECT",
           "REVIEW_KINDS", "ReviewError"]

ACCEPT = ("采纳", "accept", "yes", "y", "是", "✓", "同意")
REJECT = ("拒绝", "reject", "no", "n", "否", "✗", "不同意")
#: placement (the entry's inferred node), link (an inferred link), near (a candidate below the threshold)
REVIEW_KINDS = ("placement", "link", "near")


class ReviewError(ValueError):
    """A decision that cannot be read: names the row and what to write instead."""


class ReviewRow(Frozen):
    kind: str                 # placement / link / near
    row: int | None = None    # the catalog row of the standard
    designation: str = ""
    title: str
    target: str               # a node id (placement) or a priority id (link, near)
    target_text: str = ""     # the node's path or the priority's text
    basis: str = ""           # how it was inferred: classifier, title, named, edition
    score: float | None = None
    evidence: str = ""        # matched words, next-best places
    decision: str = ""        # 采纳 / 拒绝 / empty


class Decisions(Frozen):
    """Reviewed decisions, keyed by (standard key, node or priority id)."""

    accepted_places: dict[str, str] = {}        # standard key -> node id
    rejected_places: frozenset[str] = frozenset()
    accepted_links: frozenset[tuple[str, str]] = frozenset()
    rejected_links: frozenset[tuple[str, str]] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.accepted_places or self.rejected_places or self.accepted_links or self.rejected_links)


_SPACE = re.compile(r"\s+")


def standard_key(designation: str, title: str) -> str:
    """The key a decision is filed under: designation and title, normalised (NFKC, no spaces, lower case)."""
    norm = unicodedata.normalize("NFKC", f"{designation}|{title}").lower()
    return _SPACE.sub("", norm)


def review_rows(report: "CoverageReport", tx: "Taxonomy") -> list[ReviewRow]:
    """Everything the report inferred, one row each: placements, inferred links, near misses (catalog order)."""
    rows: list[ReviewRow] = []
    for pl in report.placements:
        rows.append(ReviewRow(kind="placement", row=pl.row, designation=pl.designation, title=pl.title,
                              target=pl.node, target_text=tx.path_label(pl.node), basis="classifier", score=pl.score,
                              evidence="、".join(pl.matched) + (f"; 其他候选 / next: {', '.join(pl.alternatives)}"
                                                                if pl.alternatives else "")))
    for p in report.priorities:
        for kind, links in (("link", [lk for lk in p.standards if lk.link == "inferred"]), ("near", p.near)):
            for lk in links:
                rows.append(ReviewRow(kind=kind, row=lk.row, designation=lk.designation, title=lk.title, target=p.id,
                                      target_text=p.text, basis=lk.basis, score=lk.score,
                                      evidence=_link_evidence(lk)))
    order = {k: n for n, k in enumerate(REVIEW_KINDS)}
    return sorted(rows, key=lambda r: (r.row if r.row is not None else 0, order[r.kind], r.target))


def _link_evidence(lk: "StandardLink") -> str:
    """Matched words; the document type and mine scope found compatible; whether the placement was inferred."""
    from .coverage import DOC_TYPE_LABELS, SCOPE_LABELS, label

    parts = ["、".join(lk.matched)] if lk.matched else []
    if lk.doc_type is not None:
        parts.append(f"类型 / type: {label(DOC_TYPE_LABELS, lk.doc_type)} {label(DOC_TYPE_LABELS, lk.doc_type, 'en')}")
    if lk.mine_scope is not None:
        parts.append(f"适用 / scope: {label(SCOPE_LABELS, lk.mine_scope)} {label(SCOPE_LABELS, lk.mine_scope, 'en')}")
    if lk.placement == "inferred":
        parts.append("位置为推断 / placement inferred")
    return "; ".join(parts)


def _decision(value: str, where: str) -> bool | None:
    word = value.strip().lower()
    if not word:
        return None
    if word in ACCEPT:
        return True
    if word in REJECT:
        return False
    raise ReviewError(f"{where}: unknown decision '{value}' — write 采纳 (accept) or 拒绝 (reject), or leave it empty")


def decisions_from(rows: Iterable[Mapping[str, object]], tx: "Taxonomy", source: str = "review") -> Decisions:
    """Decisions from filled review rows (mappings with kind, designation, title, target, decision and optionally
    row); rows without a decision are skipped. Raises :class:`ReviewError` naming the row for bad values."""
    accepted_places: dict[str, str] = {}
    rejected_places: set[str] = set()
    accepted_links: set[tuple[str, str]] = set()
    rejected_links: set[tuple[str, str]] = set()
    for n, row in enumerate(rows, start=2):
        where = f"{source}, row {row.get('_row', n)}"
        kind, target = str(row.get("kind") or "").strip(), str(row.get("target") or "").strip()
        verdict = _decision(str(row.get("decision") or ""), f"{where}, field 决定 decision")
        if verdict is None:
            continue
        if kind not in REVIEW_KINDS:
            raise ReviewError(f"{where}, field kind: unknown kind '{kind}' — use placement, link or near")
        key = standard_key(str(row.get("designation") or ""), str(row.get("title") or ""))
        if kind == "placement":
            if tx.get(target) is None or "-p" in target:
                raise ReviewError(f"{where}, field target: '{target}' is not a node id — write one from 'minestd tree'")
            if verdict:
                accepted_places[key] = target
            else:
                rejected_places.add(key)
            continue
        if target not in tx or "-p" not in target:
            raise ReviewError(f"{where}, field target: '{target}' is not a priority id — write one from "
                              "'minestd priorities'")
        (accepted_links if verdict else rejected_links).add((key, target))
    return Decisions(accepted_places=accepted_places, rejected_places=frozenset(rejected_places),
                     accepted_links=frozenset(accepted_links), rejected_links=frozenset(rejected_links))
