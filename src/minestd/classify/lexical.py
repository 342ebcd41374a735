"""The lexical classifier: matches a title against the taxonomy's own words (pure, offline, no training; the
hybrid default builds on it, and it is the default for taxonomies without a subsystem model).

Each node is described by its texts, each with a weight by field: name, alternative names and curated
``keywords`` (strongest), the next-step priority texts the guide lists for it, and its description and
structure sentence (weakest). Evidence for a node is the sum over the title's character n-grams (2–4) that
occur in the node's texts, weighted by field and by how specific the n-gram is (inverse node frequency),
plus a bonus when a whole term (a name, an alias, a keyword, or the core of a priority text such as
自动隔爆装置) occurs in the title. Document-kind words (规范, 技术要求 …) and mine-type qualifiers (煤矿,
金属非金属矿山 …) are cut out first (see :mod:`minestd.classify.features`). One table maps every piece of text
(n-gram or term) to its (node, weight) pairs, so a title costs one dictionary look-up per piece. A
sub-category or category that matches on its own also receives part of its parent's evidence, so 监测预警
under 冲击地压防治 beats the other 监测预警 nodes for a 冲击地压 title.

A batch of :data:`MATRIX_BATCH` titles or more gets the same evidence from the vectorised
:class:`~minestd.classify.matrix.EvidenceMatrix` (numpy, Aho–Corasick) instead of title by title; ranking and
explanations then run per title on it, so both paths give the same results.
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from .base import ClassificationResult, Classifier, Match, normalise_titles
from .features import content_segments, normalise, segments
from .lexindex import (CONFIDENCE_SCALE, CONTEXT, FIELD_WEIGHTS, INFORMATIVE_DF_SHARE,  # noqa: F401
                       LENGTH_FACTOR, MAX_DF_SHARE, PRUNE, SHARPNESS, TERM_BONUS, LexicalIndex, LexicalParams,
                       NodeText, build_index, node_texts)

if TYPE_CHECKING:
    from ..taxonomy import Taxonomy
    from .matrix import EvidenceMatrix

#: Weight per character of a jieba word shared with a node text (segmenter="jieba" only).
WORD_WEIGHT = 1.0
#: Titles whose evidence is kept per classifier (repeated titles in a batch are scored once).
CACHE_SIZE = 20000
#: Batches of at least this many titles get their evidence from the evidence matrix (built once per
#: classifier in ~0.015 s, then ~3x faster per title than :meth:`LexicalClassifier.raw_evidence`; below ~300
#: titles the build costs more than it saves).
MATRIX_BATCH = 400
#: Once the matrix is built (by :meth:`LexicalClassifier.prepare`, a large batch, or validation), batches from
#: this many titles use it too (the chunks of a batch classified piece by piece behind a progress bar).
MATRIX_CHUNK = 64


def sharpened(evidence: dict[str, float], power: float = SHARPNESS) -> dict[str, float]:
    """Positive evidence ** ``power`` (default :data:`SHARPNESS`; shares are proportional to it)."""
    if power == 2.0:
        return {k: v * v for k, v in evidence.items() if v > 0}
    return {k: v ** power for k, v in evidence.items() if v > 0}


class LexicalClassifier(Classifier):
    """Taxonomy-only classifier (the default). ``extra_texts`` adds node texts (e.g. learned titles);
    ``field_weights`` overrides some of the field weights; ``texts`` replaces the node texts indexed (default
    :func:`node_texts` of ``tx``; e.g. with keywords added, as experiments/keyword_select.py does); ``params``:
    the parameters (:class:`LexicalParams`, default the module's constants)."""

    name = "lexical"

    def __init__(self, tx: "Taxonomy", extra_texts: dict[str, list[str]] | None = None,
                 field_weights: dict[str, float] | None = None, segmenter: str = "ngram", *,
                 texts: dict[str, list[NodeText]] | None = None, params: LexicalParams | None = None):
        if segmenter not in ("ngram", "jieba"):
            raise ValueError(f"unknown segmenter '{segmenter}': use ngram (default) or jieba")
        super().__init__(tx)
        texts = node_texts(tx) if texts is None else {node: list(items) for node, items in texts.items()}
        for node, values in (extra_texts or {}).items():
            if node in texts:
                texts[node].extend(NodeText(node, "training", v, normalise(v)) for v in values if v.strip())
        self.params = (params or LexicalParams()).with_field_weights(field_weights)
        self.index = build_index(texts, params=self.params)
        self._tokenizer = None
        if segmenter == "jieba":
            self._add_jieba_words(texts)
        self._cache: dict[str, dict[str, float]] = {}
        self._batch: dict[str, dict[str, float]] = {}     # the evidence of the batch block being classified
        # node -> span of a title -> its matches: common spans (煤矿, 监测系统 …) recur across a batch (at most
        # CACHE_SIZE spans kept in all)
        self._span_matches: dict[str, dict[str, list[Match]]] = {}
        self._spans_kept = 0
        self._matrix: "EvidenceMatrix | None" = None

    def _add_jieba_words(self, texts: dict[str, list[NodeText]]) -> None:
        """Optional: jieba words (user dictionary = the taxonomy's terms) as extra features."""
        from .segment import tokenizer, user_dictionary, words

        fields = self.params.field_weights
        tk = self._tokenizer = tokenizer(user_dictionary(self.index.terms))
        number = {node: k for k, node in enumerate(self.index.node_ids)}
        best: dict[str, dict[int, float]] = defaultdict(dict)
        for node, items in texts.items():
            for item in items:
                for word in words(item.norm, tk):
                    k = number[node]
                    best[word][k] = max(best[word].get(k, 0.0), fields[item.field])
        total = self.index.nodes + 1
        limit = max(2, int(self.params.max_df_share * self.index.nodes))
        self.index.words = {
            word: tuple((k, w * WORD_WEIGHT * len(word) * math.log(total / (len(by) + 0.5))) for k, w in by.items())
            for word, by in best.items() if len(by) <= limit}

    # -- scoring
    def evidence_matrix(self) -> "EvidenceMatrix | None":
        """The vectorised scorer for batches (:class:`~minestd.classify.matrix.EvidenceMatrix`), built on first
        use; None when this classifier scores differently (jieba words, or a subclass with its own
        ``raw_evidence``/``shares``/``confidence``)."""
        cls = type(self)
        if self._tokenizer is not None or any(getattr(cls, name) is not getattr(LexicalClassifier, name)
                                              for name in ("raw_evidence", "evidence", "shares", "confidence")):
            return None
        if self._matrix is None:
            from .matrix import EvidenceMatrix

            self._matrix = EvidenceMatrix(self)
        return self._matrix

    def prepare(self, titles: int) -> None:
        """Get ready for a batch of ``titles`` titles classified in chunks: from :data:`MATRIX_BATCH` titles
        on, build the evidence matrix now, so that every chunk of :data:`MATRIX_CHUNK` or more uses it."""
        if titles >= MATRIX_BATCH:
            self.evidence_matrix()

    def classify(self, titles: Iterable[str], *, top: int = 5, level: str = "subcategory",
                 explain: bool = True, explain_top: int | None = None) -> list[ClassificationResult]:
        """As :meth:`Classifier.classify`; a batch of :data:`MATRIX_BATCH` titles or more takes its evidence
        from the evidence matrix, block by block (the same numbers, so the same results)."""
        titles = titles if isinstance(titles, list) else list(titles)
        size = len(titles)
        matrix = (self.evidence_matrix()
                  if size >= MATRIX_BATCH or (self._matrix is not None and size >= MATRIX_CHUNK) else None)
        if matrix is None:
            return super().classify(titles, top=top, level=level, explain=explain, explain_top=explain_top)
        from . import matrix as evidence_matrix

        out: list[ClassificationResult] = []
        try:
            for block in evidence_matrix.blocks(normalise_titles(titles), evidence_matrix.BLOCK):
                self._batch = dict(zip(block, matrix.evidence_dicts(block)))
                out.extend(super().classify(block, top=top, level=level, explain=explain, explain_top=explain_top))
        finally:
            self._batch = {}
        return out

    def raw_evidence(self, title: str) -> dict[str, float]:
        cached = self._cache.get(title)
        if cached is not None:
            return cached
        cached = self._batch.get(title)
        if cached is not None:
            return cached
        index = self.index
        totals = [0.0] * len(index.node_ids)
        touched: list[int] = []
        for hits in self._hits(title):
            for k, weight in hits:
                if not totals[k]:
                    touched.append(k)
                totals[k] += weight
        if self._tokenizer is not None:
            from .segment import words

            for word in words(title, self._tokenizer):
                for k, weight in index.words.get(word, ()):
                    if not totals[k]:
                        touched.append(k)
                    totals[k] += weight
        if not touched:
            return {}
        ids = index.node_ids
        floor = self.params.prune * max(map(totals.__getitem__, touched))
        touched.sort()                 # guide order, as the evidence matrix gives it (same sums, same bits)
        evidence = {ids[k]: totals[k] for k in touched if totals[k] >= floor}
        # context: a node that matches on its own also gets part of its parent's evidence (top-down: all
        # categories first, then the sub-categories with their categories' updated evidence)
        parent = self._parent
        depth = self._depth
        context = self.params.context
        categories = [n for n in evidence if depth[n] == 2]
        subcategories = [n for n in evidence if depth[n] == 3]
        for nodes in (categories, subcategories):
            for node in nodes:
                up = parent[node]
                if up in evidence:
                    evidence[node] += context * evidence[up]
        if len(self._cache) < CACHE_SIZE:
            self._cache[title] = evidence
        return evidence

    def _hits(self, title: str) -> list[tuple[tuple[int, float], ...]]:
        """The (node number, weight) hits of each distinct piece of the title found in the table, in the order
        the pieces are first met: in each content segment, for each start, pieces of 2, 3, 4 characters,
        then longer ones while they are prefixes of a term.

        Same pieces, same order as looking up every such piece: a 3- (4-) character piece is only looked up
        when its first 2 (3) characters begin some longer table key (``starts2``/``starts3``); otherwise
        neither it nor any longer piece from that start can be a key (every term prefix in ``prefixes`` is
        a prefix of a table key). Pieces that are not keys add nothing, so skipping them changes nothing.
        """
        index = self.index
        table = index.table
        prefixes, starts2, starts3 = index.prefixes, index.starts2, index.starts3
        found: list[tuple[tuple[int, float], ...]] = []
        seen: set[str] = set()
        for seg in content_segments(title):
            size = len(seg)
            for i in range(size - 1):
                piece = seg[i:i + 2]
                hits = table.get(piece)
                if hits and piece not in seen:
                    seen.add(piece)
                    found.append(hits)
                if i + 3 > size or piece not in starts2:
                    continue
                piece = seg[i:i + 3]
                hits = table.get(piece)
                if hits and piece not in seen:
                    seen.add(piece)
                    found.append(hits)
                if i + 4 > size or piece not in starts3:
                    continue
                piece = seg[i:i + 4]
                hits = table.get(piece)
                if hits and piece not in seen:
                    seen.add(piece)
                    found.append(hits)
                for j in range(i + 5, size + 1):
                    piece = seg[i:j]
                    if piece not in prefixes:
                        break
                    hits = table.get(piece)
                    if hits and piece not in seen:
                        seen.add(piece)
                        found.append(hits)
        return found

    def evidence(self, title: str) -> dict[str, float]:
        return self.raw_evidence(title)

    def shares(self, evidence: dict[str, float]) -> dict[str, float]:
        if not evidence:
            return {}
        sharp = sharpened(evidence, self.params.sharpness)
        total = sum(sharp.values())
        if total <= 0:
            return {}
        confidence = self.confidence(evidence)
        return {k: v / total * confidence for k, v in sharp.items()}

    def confidence(self, evidence: dict[str, float]) -> float:
        best = max(evidence.values(), default=0.0)
        return 1.0 - math.exp(-best / self.params.confidence_scale)

    # -- explanation
    def _node_matches(self, segs: list[tuple[str, list[str], list[int]]], node: str) -> list[Match]:
        index = self.index
        grams = index.node_grams.get(node)
        if not grams:
            return []
        informative = index.informative
        joined = index.joined[node]
        texts, starts = index.texts[node], index.starts[node]
        out: list[Match] = []
        cache = self._span_matches.get(node)
        if cache is None:
            cache = self._span_matches[node] = {}
        for seg, bigrams, specific in segs:
            # maximal runs of the segment whose bigrams all occur in the node's texts; only runs holding an
            # informative bigram are kept (no piece of another run can explain anything), so each run is
            # found by growing one from an informative bigram the node shares, left and right
            spans: list[str] = []
            end = -1                       # the last bigram of the run found last
            last = len(bigrams) - 1
            for at in specific:
                if at <= end or bigrams[at] not in grams:
                    continue
                start = at
                while start and bigrams[start - 1] in grams:
                    start -= 1
                end = at
                while end < last and bigrams[end + 1] in grams:
                    end += 1
                spans.append(seg[start:end + 2])
            for span in spans:
                found = cache.get(span)
                if found is None:
                    found = []
                    for term in _pieces(span, joined, informative):
                        # the node's first text holding the piece (a piece never spans the NUL between texts)
                        item = texts[bisect_right(starts, joined.find(term)) - 1]
                        found.append(Match(term, node, item.field, item.text))
                    if self._spans_kept < CACHE_SIZE:
                        self._spans_kept += 1
                        cache[span] = found
                out.extend(found)
        return out

    def explain(self, title: str, node_id: str, limit: int = 6) -> tuple[Match, ...]:
        """Pieces of the title found in the texts of ``node_id``, of its descendants with evidence, or of
        its ancestors; longest first. A piece is kept only if it holds a specific n-gram (so 安全技术要求
        alone never explains anything)."""
        return self.explain_all(title, (node_id,), limit)[0]

    def explain_all(self, title: str, node_ids: Sequence[str], limit: int = 6) -> list[tuple[Match, ...]]:
        """:meth:`explain` for each of ``node_ids`` (the suggestions of one title): the title is cut into
        bigrams once, and a node shared by several chains is matched once."""
        informative = self.index.informative
        segs: list[tuple[str, list[str], list[int]]] = []
        for seg in segments(title):
            bigrams = [seg[i:i + 2] for i in range(len(seg) - 1)]
            specific = [i for i, bigram in enumerate(bigrams) if bigram in informative]
            if specific:
                segs.append((seg, bigrams, specific))
        if not segs:                   # no informative bigram: no piece of the title explains anything
            return [()] * len(node_ids)
        chains, children = self._chains, self._children
        owned: dict[str, list[Match]] = {}
        ranked: list[str] | None = None
        out: list[tuple[Match, ...]] = []
        for node_id in node_ids:
            # the node, then its descendants that carry evidence (a category's score includes theirs), best
            # first (ties: guide order), then its ancestors
            up = chains.get(node_id, (node_id,))
            chain = [node_id]
            if children.get(node_id):
                if ranked is None:
                    evidence = self.raw_evidence(title)
                    order = self._order
                    ranked = sorted(evidence, key=lambda n: (-evidence[n], order[n]))
                below = node_id + "."             # ids are dotted paths: 05.02.03 is below 05.02 and 05
                chain += [n for n in ranked if n.startswith(below)]
            chain += up[1:]
            matches: list[Match] = []
            seen: set[str] = set()
            for node in chain:
                own = owned.get(node)
                if own is None:
                    own = owned[node] = self._node_matches(segs, node)
                for match in own:
                    if match.term not in seen:
                        seen.add(match.term)
                        matches.append(match)
            matches.sort(key=_term_length, reverse=True)   # stable: ties keep the chain order
            out.append(tuple(matches[:limit]))
        return out


def _term_length(match: Match) -> int:
    return len(match.term)


def _pieces(span: str, joined: str, informative: set[str]) -> list[str]:
    """Split ``span`` greedily into the longest pieces (>= 2 characters) found in one node text (``joined`` = the
    node's normalised texts separated by NUL); keep those holding an informative bigram. The span was grown from
    one, so a piece that is the whole span needs no check."""
    out: list[str] = []
    i, size = 0, len(span)
    while i < size - 1:
        for j in range(size, i + 1, -1):
            if span[i:j] in joined:
                break
        else:
            i += 1
            continue
        term = span[i:j]
        if j - i == size or (term in informative if j - i == 2 else any(
                term[k:k + 2] in informative for k in range(j - i - 1))):
            out.append(term)
        i = j
    return out
