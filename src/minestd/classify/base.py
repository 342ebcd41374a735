"""The classifier interface and its result models (pure: no IO, no printing).

A classifier turns titles into ranked suggestions of places in the guide's three-level tree. Every
classifier only has to say how much *own* evidence a title gives each node (:meth:`Classifier.evidence`);
this base class turns that into a hierarchy-consistent distribution — a node's score is its own share plus
the scores of its children, so a category's score never exceeds its subsystem's — ranks it at the
requested level and explains the top suggestions.

The result types are frozen, slotted dataclasses rather than pydantic models: a batch creates several per
title and the batch target is thousands of titles a second.
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ..joined import map_joined
from ..model import ROOT_ID

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

Level = Literal["subsystem", "category", "subcategory"]
LEVELS: tuple[str, ...] = ("subsystem", "category", "subcategory")
LEVEL_DEPTH: dict[str, int] = {"subsystem": 1, "category": 2, "subcategory": 3}
#: Field names of the node text a term matched (Match.field).
FIELDS: tuple[str, ...] = ("name", "alt_name", "keyword", "priority", "description", "structure", "training")


@dataclass(frozen=True, slots=True)
class Match:
    """One piece of evidence: ``term`` (a piece of the title) found in ``text`` of node ``node`` (``field``)."""

    term: str
    node: str
    field: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"term": self.term, "node": self.node, "field": self.field, "text": self.text}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A place in the tree for a title. ``score`` in [0, 1]; ``path`` = labels from the subsystem down."""

    id: str
    path: str
    score: float
    matched: tuple[Match, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "score": self.score,
                "matched": [m.to_dict() for m in self.matched]}


@dataclass(frozen=True, slots=True)
class ClassificationResult:
    """The suggestions for one title, best first."""

    title: str
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def top(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "suggestions": [s.to_dict() for s in self.suggestions]}


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ValueError(f"unknown level '{level}': use one of {', '.join(LEVELS)}")
    return level


class Classifier(ABC):
    """Base class: subclasses implement :meth:`evidence` (and may refine :meth:`explain`)."""

    #: Registry name ("lexical", "trained", "dummy").
    name: str = "base"

    def __init__(self, tx: "Taxonomy"):
        self.tx = tx
        nodes = [n for n in tx.walk() if n.kind != "root"]
        self._parent = {n.id: n.parent for n in nodes}
        self._depth = {n.id: n.depth for n in nodes}
        self._children = {n.id: n.children for n in nodes}
        self._order = {n.id: i for i, n in enumerate(nodes)}
        self._paths: dict[str, str] = {}
        self._chains: dict[str, tuple[str, ...]] = {}
        for n in nodes:
            chain, current = [], n.id
            while current is not None and current != ROOT_ID:
                chain.append(current)
                current = self._parent.get(current)
            self._chains[n.id] = tuple(chain)

    # -- what subclasses provide
    @abstractmethod
    def evidence(self, title: str) -> dict[str, float]:
        """Own evidence per node id (non-negative, any scale; nodes without evidence may be left out)."""

    def explain(self, title: str, node_id: str) -> tuple[Match, ...]:
        """The matches that support ``node_id`` (default: none)."""
        return ()

    def explain_all(self, title: str, node_ids: Sequence[str]) -> list[tuple[Match, ...]]:
        """:meth:`explain` for each of ``node_ids`` (subclasses may share work between them)."""
        return [self.explain(title, node) for node in node_ids]

    # -- shared machinery
    def distribution(self, title: str) -> dict[str, float]:
        """Hierarchy-consistent scores in [0, 1]: own share + children's scores."""
        return self.aggregate(self.title_shares(title))

    def title_shares(self, title: str) -> dict[str, float]:
        """Own shares of the nodes for one (normalised) title: :meth:`shares` of its :meth:`evidence`
        (subclasses may combine more than the evidence)."""
        return self.shares(self.evidence(title))

    def shares(self, evidence: dict[str, float]) -> dict[str, float]:
        """Own shares that sum to at most 1: evidence normalised by its total, times a confidence in
        [0, 1] (subclasses lower it for weak evidence)."""
        total = sum(v for v in evidence.values() if v > 0)
        if total <= 0:
            return {}
        confidence = self.confidence(evidence)
        return {k: v / total * confidence for k, v in evidence.items() if v > 0}

    def confidence(self, evidence: dict[str, float]) -> float:
        return 1.0

    def aggregate(self, shares: dict[str, float]) -> dict[str, float]:
        """Each node's share added to itself and its ancestors (scores may exceed 1 by rounding only)."""
        scores: dict[str, float] = {}
        get = scores.get
        chains = self._chains
        for node, share in shares.items():
            for ident in chains[node]:
                scores[ident] = get(ident, 0.0) + share
        return scores

    def rank(self, title: str, level: str = "category", top: int | None = 10) -> list[tuple[str, float]]:
        """(node id, score) best first at ``level`` for one title (see :meth:`rank_shares`)."""
        return self.rank_shares(self.title_shares(title), level, top)

    def rank_shares(self, shares: dict[str, float], level: str = "category",
                    top: int | None = 10) -> list[tuple[str, float]]:
        """Rank own ``shares`` at ``level``. Subsystem and category levels are strict (every subsystem has
        categories). At subcategory level a suggestion is the deepest node the evidence reaches: a
        category without sub-categories, or one whose own evidence outweighs each of its sub-categories,
        is suggested itself. Ties break by guide order."""
        depth = LEVEL_DEPTH[check_level(level)]
        scores = self.aggregate(shares)
        depths = self._depth
        if depth < 3:
            items = [(k, v) for k, v in scores.items() if depths[k] == depth and v > 0]
        else:
            parent, children = self._parent, self._children
            best_child: dict[str, float] = {}
            for k, v in scores.items():
                if depths[k] == 3 and v > best_child.get(parent[k], 0.0):
                    best_child[parent[k]] = v
            stopped = {k for k, v in scores.items()
                       if depths[k] == 2 and (not children[k] or shares.get(k, 0.0) >= best_child.get(k, 0.0))}
            items = [(k, v) for k, v in scores.items() if v > 0 and (
                k in stopped or (depths[k] == 3 and parent[k] not in stopped))]
        order = self._order
        items.sort(key=lambda kv: (-kv[1], order[kv[0]]))
        return items if top is None else items[:top]

    def path_label(self, node_id: str) -> str:
        label = self._paths.get(node_id)
        if label is None:
            label = self._paths[node_id] = self.tx.path_label(node_id)
        return label

    def classify_one(self, title: str, *, top: int = 5, level: str = "subcategory",
                     explain: bool = True, explain_top: int | None = None) -> ClassificationResult:
        title = normalise_title(title)
        ranked = self.rank(title, level, top) if title else []
        if explain and ranked:
            matched = self.explain_all(title, [node for node, _ in ranked[:explain_top]])
            matched += [()] * (len(ranked) - len(matched))
            suggestions = tuple(Suggestion(node, self.path_label(node), round_score(score), found)
                                for (node, score), found in zip(ranked, matched))
        else:
            suggestions = tuple(Suggestion(node, self.path_label(node), round_score(score)) for node, score in ranked)
        return ClassificationResult(title, suggestions)

    def prepare(self, titles: int) -> None:
        """Get ready for a batch of ``titles`` titles that will be classified in chunks (default: nothing to
        do; the lexical classifier builds its evidence matrix for large batches)."""

    def classify(self, titles: Iterable[str], *, top: int = 5, level: str = "subcategory",
                 explain: bool = True, explain_top: int | None = None) -> list[ClassificationResult]:
        """Suggestions for each title, in input order (empty titles get no suggestions). With ``explain``,
        each suggestion carries its matches — only the first ``explain_top`` of each title when given (a
        table that shows the best suggestion's words needs no more)."""
        check_level(level)
        if top < 1:
            raise ValueError("top must be at least 1")
        if explain_top is not None and explain_top < 1:
            raise ValueError("explain_top must be at least 1 (or None: every suggestion)")
        return [self.classify_one(t, top=top, level=level, explain=explain, explain_top=explain_top) for t in titles]


def round_score(value: float) -> float:
    """Scores are reported with 4 decimals (stable output for golden files), clamped to [0, 1]."""
    if math.isnan(value):
        return 0.0
    return round(min(1.0, max(0.0, value)), 4)


def normalise_title(title: str) -> str:
    """Trim, fold runs of whitespace (full-width spaces, tabs, line breaks) into one space; the title text
    itself is kept as the user wrote it."""
    return " ".join(str(title or "").split())     # str.split() splits on every Unicode space, U+3000 included


def normalise_titles(titles: Sequence[object]) -> list[str]:
    """:func:`normalise_title` of each title, in one pass over their joined text (for whole catalogs)."""
    # whitespace runs become one space, so a title break has at most one space on each side to drop
    return map_joined([str(title or "") for title in titles],
                      lambda joined: " ".join(joined.split()).replace(" \x01", "\x01").replace("\x01 ", "\x01"),
                      normalise_title)


def subsystem_of(node_id: str) -> str:
    return node_id.split(".", 1)[0]


def category_of(node_id: str) -> str | None:
    parts = node_id.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else None


def at_level(node_id: str, level: str) -> str | None:
    """The ancestor-or-self of ``node_id`` at ``level`` (None when the node is shallower)."""
    parts = node_id.split(".")
    depth = LEVEL_DEPTH[level]
    return ".".join(parts[:depth]) if len(parts) >= depth else None


def gold_at_level(nodes: Sequence[str], level: str) -> list[str]:
    """Distinct ancestors-or-self of ``nodes`` at ``level``, in order."""
    seen: list[str] = []
    for node in nodes:
        ident = at_level(node, level)
        if ident and ident not in seen:
            seen.append(ident)
    return seen
