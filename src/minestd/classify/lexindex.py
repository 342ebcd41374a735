"""The lexical classifier's index (pure): every text of every node with its field, and one table mapping each
piece of text — a character n-gram (2–4) or a whole term — to (node number, weight) pairs, weighted by field, by
how specific the piece is (inverse node frequency) and by its length. See :mod:`minestd.classify.lexical`."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .features import content_segments, core_term, ngrams, normalise, segments

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy

__all__ = ["FIELD_WEIGHTS", "LENGTH_FACTOR", "MAX_DF_SHARE", "INFORMATIVE_DF_SHARE", "TERM_BONUS", "CONTEXT",
           "CONFIDENCE_SCALE", "SHARPNESS", "PRUNE", "LexicalParams", "NodeText",
           "LexicalIndex", "node_texts", "build_index"]

#: Weight of a node text by field (how strongly a match there speaks for the node).
FIELD_WEIGHTS: dict[str, float] = {"name": 3.0, "alt_name": 3.0, "keyword": 3.0, "priority": 2.0,
                                   "description": 0.6, "structure": 0.4, "training": 2.0}
#: n-gram length factor: a shared 4-gram says more than a shared bigram.
LENGTH_FACTOR: dict[int, float] = {2: 1.0, 3: 1.6, 4: 2.2}
#: n-grams found in more than this share of the nodes are too common to count (安全, 技术, 要求 ...).
MAX_DF_SHARE = 0.2
#: n-grams in at most this share of the nodes are specific enough to explain a suggestion.
INFORMATIVE_DF_SHARE = 0.06
#: Whole-term bonus per character of the term, times the term's field weight.
TERM_BONUS = 1.5
#: Share of a parent's evidence a child with its own match receives.
CONTEXT = 0.4
#: Evidence above which confidence approaches 1 (confidence = 1 - exp(-evidence / CONFIDENCE_SCALE)).
CONFIDENCE_SCALE = 12.0
#: Shares are proportional to evidence ** SHARPNESS (>1 concentrates the score on the best nodes).
SHARPNESS = 2.0
#: Nodes with less than this share of the best node's evidence are dropped (their share would be < 1%).
PRUNE = 0.08


@dataclass(frozen=True)
class LexicalParams:
    """The lexical classifier's parameters (defaults: the module constants above, chosen by
    experiments/param_search.py). Pass ``LexicalClassifier(tx, params=LexicalParams(context=0.5))`` to try
    others — never overwrite the module constants (the evidence matrix would not see them)."""

    field_weights: Mapping[str, float] = field(default_factory=lambda: dict(FIELD_WEIGHTS))
    length_factor: Mapping[int, float] = field(default_factory=lambda: dict(LENGTH_FACTOR))
    max_df_share: float = MAX_DF_SHARE
    informative_df_share: float = INFORMATIVE_DF_SHARE
    term_bonus: float = TERM_BONUS
    context: float = CONTEXT
    confidence_scale: float = CONFIDENCE_SCALE
    sharpness: float = SHARPNESS
    prune: float = PRUNE

    def with_field_weights(self, overrides: Mapping[str, float] | None) -> "LexicalParams":
        """These parameters with some field weights replaced."""
        if not overrides:
            return self
        return replace(self, field_weights={**self.field_weights, **overrides})

@dataclass
class NodeText:
    node: str
    field: str
    text: str        # as written in the taxonomy
    norm: str        # normalised (NFKC, lower case)


@dataclass
class LexicalIndex:
    """Inverted index of a taxonomy's texts: ``table`` maps a piece of text (an n-gram or a whole term) to
    (node number, weight) pairs; ``node_ids[number]`` is the node id."""

    terms: dict[str, list[str]] = field(default_factory=dict)
    table: dict[str, tuple[tuple[int, float], ...]] = field(default_factory=dict)   # node number, weight
    node_ids: tuple[str, ...] = ()
    words: dict[str, tuple[tuple[int, float], ...]] = field(default_factory=dict)   # jieba mode only
    texts: dict[str, list[NodeText]] = field(default_factory=dict)
    node_grams: dict[str, set[str]] = field(default_factory=dict)
    informative: set[str] = field(default_factory=set)
    joined: dict[str, str] = field(default_factory=dict)
    # where each text of a node starts in ``joined[node]`` (the first text holding a piece: bisect)
    starts: dict[str, list[int]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)     # prefixes (5+ chars) of terms longer than 4
    # the first 2 (3) characters of every table key longer than 2 (3): a title piece that is not among them
    # cannot be extended into a key, so its longer pieces are not looked up (see LexicalClassifier._hits)
    starts2: set[str] = field(default_factory=set)
    starts3: set[str] = field(default_factory=set)
    max_term: int = 2
    nodes: int = 0


def node_texts(tx: "Taxonomy") -> dict[str, list[NodeText]]:
    """Every text of every node, with its field (guide order)."""
    out: dict[str, list[NodeText]] = {}
    for node in tx.walk():
        if node.kind == "root":
            continue
        items: list[tuple[str, str]] = [("name", node.name)]
        items += [("alt_name", a) for a in node.alt_names]
        items += [("keyword", k) for k in node.keywords]
        items += [("priority", tx.priority(p).text) for p in node.priorities]
        if node.description:
            items.append(("description", node.description))
        if node.structure and node.kind == "subsystem":
            items.append(("structure", node.structure))
        out[node.id] = [NodeText(node.id, f, t, normalise(t)) for f, t in items if t and t.strip()]
    return out

def build_index(texts: dict[str, list[NodeText]], field_weights: dict[str, float] | None = None, *,
                params: LexicalParams | None = None) -> LexicalIndex:
    """The index of ``texts`` (from :func:`node_texts`) with ``params`` (default :class:`LexicalParams`());
    ``field_weights`` override some of its field weights."""
    params = (params or LexicalParams()).with_field_weights(field_weights)
    fields = dict(params.field_weights)
    index = LexicalIndex(texts=texts, nodes=len(texts), node_ids=tuple(texts))
    weights = _gram_weights(index, texts, fields)
    limit = max(2, int(params.max_df_share * index.nodes))
    index.table = _gram_table(index, weights, limit, params)
    _add_terms(index, texts, fields, limit, params.term_bonus)
    index.starts2 = {key[:2] for key in index.table if len(key) > 2}
    index.starts3 = {key[:3] for key in index.table if len(key) > 3}
    return index


def _gram_weights(index: LexicalIndex, texts: dict[str, list[NodeText]],
                  fields: dict[str, float]) -> dict[str, dict[str, float]]:
    """gram -> node -> the best field weight of a text of the node holding it; fills each node's bigrams,
    joined texts and their offsets in ``index``."""
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for node, items in texts.items():
        best: dict[str, float] = {}
        for item in items:
            weight = fields[item.field]
            for gram in ngrams(item.norm):
                if best.get(gram, 0.0) < weight:
                    best[gram] = weight
        for gram, weight in best.items():
            weights[gram][node] = weight
        index.node_grams[node] = {seg[i:i + 2] for item in items for seg in segments(item.norm)
                                  for i in range(len(seg) - 1)}
        index.joined[node] = "\x00".join(item.norm for item in items)
        offsets, at = [], 0
        for item in items:
            offsets.append(at)
            at += len(item.norm) + 1
        index.starts[node] = offsets
    return weights


def _gram_table(index: LexicalIndex, weights: dict[str, dict[str, float]], limit: int,
                params: LexicalParams) -> dict[str, tuple[tuple[int, float], ...]]:
    """gram -> (node number, weight × inverse node frequency × length factor), grams of more than ``limit`` nodes
    left out; the rare ones marked informative."""
    rare = max(2, int(params.informative_df_share * index.nodes))
    length_factor = params.length_factor
    log = math.log
    total = index.nodes + 1
    number = {node: k for k, node in enumerate(index.node_ids)}
    table: dict[str, tuple[tuple[int, float], ...]] = {}
    informative = index.informative
    for gram, by_node in weights.items():
        df = len(by_node)
        if df > limit:
            continue
        if df <= rare:
            informative.add(gram)
        factor = log(total / (df + 0.5)) * length_factor[len(gram)]
        table[gram] = tuple((number[n], w * factor) for n, w in by_node.items())
    return table


def _add_terms(index: LexicalIndex, texts: dict[str, list[NodeText]], fields: dict[str, float], limit: int,
               term_bonus: float) -> None:
    """Whole terms — names, aliases, keywords, priority cores (>= 2 characters, one content segment) — added to
    the same table, so that one look-up per piece of the title finds both."""
    raw_terms: dict[str, dict[str, float]] = defaultdict(dict)
    for node, items in texts.items():
        for item in items:
            if item.field in ("description", "structure"):
                continue
            parts = content_segments(core_term(item.norm) if item.field in ("priority", "training") else item.norm)
            if len(parts) != 1 or len(parts[0]) < 2:
                continue
            weight = fields[item.field]
            if raw_terms[parts[0]].get(node, 0.0) < weight:
                raw_terms[parts[0]][node] = weight
    log = math.log
    total = index.nodes + 1
    number = {node: k for k, node in enumerate(index.node_ids)}
    table = index.table
    for term, by_node in raw_terms.items():
        df = len(by_node)
        if df > limit:
            continue
        bonus = term_bonus * len(term) * log(total / (df + 0.5))
        merged = dict(table.get(term, ()))
        for node, weight in by_node.items():
            k = number[node]
            merged[k] = merged.get(k, 0.0) + weight * bonus
        table[term] = tuple(merged.items())
        index.terms[term] = sorted(by_node)
        index.max_term = max(index.max_term, len(term))
        index.prefixes.update(term[:k] for k in range(5, len(term) + 1))
