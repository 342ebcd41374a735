"""The lexical classifier's evidence for many titles at once, as a matrix (pure; numpy + Aho–Corasick).

:meth:`LexicalClassifier.raw_evidence` scores one title in Python: each distinct piece of the title found in
the index table adds its (node, weight) pairs. For a batch (validating 100,000 entries runs MS301 on every
title) the same numbers come out of three array steps:

1. all titles are normalised and cut into content segments in one pass over their joined text (NUL between
   segments, SOH between titles), and every table key is found in it — the pieces ``_hits`` looks up one by
   one: keys of up to 4 characters (the n-grams) by packing every window of the text into a 64-bit integer
   and looking it up in hash tables, the longer ones (curated terms) by an Aho–Corasick automaton (Rust,
   ``ahocorasick_rs``);
2. the matches are put in the order ``_hits`` meets them (start, then length) and only the first of each
   (title, key) is kept;
3. the keys' (node, weight) pairs are expanded and summed per (title, node) with ``numpy.bincount``, which adds
   in input order — the same additions, in the same order, as the Python loop, so the raw totals are the
   same floats.

Pruning and the parent context then run column-wise with the same operations. Shares (squared evidence over
its total) are summed in numpy's order, so they may differ from the per-title path in the last bits (ties
within 1e-12 are broken by guide order, as the per-title ranking does for exact ties).
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import ahocorasick_rs
import numpy as np

from ..arrays import ranges
from .features import _PART_RE, _STOP_RE, SEGMENT_CHARS

if TYPE_CHECKING:
    from .lexical import LexicalClassifier

#: Titles scored per block (bounds memory: a block holds its matches and a block × nodes matrix).
BLOCK = 8192
_NOT_SEGMENT = re.compile(f"[^{SEGMENT_CHARS}\x01]+")    # what content_segments splits on (not the title mark)
_TITLE_SEP = "\x01"
#: Relative tolerance under which two scores count as a tie (broken by guide order).
TIE = 1e-12
#: Keys of up to this many characters, all below :data:`_CLAMP`, are matched as packed 16-bit windows.
_PACKED_CHARS = 4
_CLAMP = 0xFFFF


#: Slots per hash table (2**16: ~3,500 keys of one length fill 5 %, so nearly all sit in the first table).
_HASH_BITS = 16
#: Multipliers of the multiplicative hashes (odd 64-bit constants; table k uses the k-th, cycling).
_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)


def _pack_codes(codes: np.ndarray, starts: np.ndarray, length: int) -> np.ndarray:
    """The keys of ``length`` characters starting at ``starts`` in ``codes`` (each character below U+FFFF), each as
    one integer: its characters' 16-bit codes, first character highest — as :meth:`EvidenceMatrix._matches`
    packs the windows of a text."""
    packed = np.zeros(len(starts), dtype=np.uint64)
    for offset in range(length):
        packed = (packed << np.uint64(16)) | codes[starts + offset].astype(np.uint64)
    return packed


class _HashTable:
    """Packed keys by multiplicative hash, one key per slot: a window is this table's key ``k`` iff
    ``keys[slots(window)] == window``. Free slots hold a key of the table that hashes elsewhere, so they
    never match."""

    def __init__(self, multiplier: int, keys: np.ndarray, ids: np.ndarray):
        self.multiplier = np.uint64(multiplier)
        slot = self.slots(keys)
        self.keys = np.full(1 << _HASH_BITS, keys[0], dtype=np.uint64)
        self.ids = np.zeros(1 << _HASH_BITS, dtype=np.int64)
        self.keys[slot], self.ids[slot] = keys, ids

    def slots(self, packed: np.ndarray) -> np.ndarray:
        return _slots(packed, self.multiplier)


def _slots(packed: np.ndarray, multiplier: np.uint64) -> np.ndarray:
    return (packed * multiplier) >> np.uint64(64 - _HASH_BITS)     # uint64 products wrap around


def _hash_tables(keys: np.ndarray, ids: np.ndarray) -> list[_HashTable]:
    """Tables holding every key once: each takes, of the keys left, the first of each slot."""
    tables: list[_HashTable] = []
    while len(keys):
        k = len(tables)
        multiplier = _MULTIPLIERS[k % len(_MULTIPLIERS)] + 2 * (k // len(_MULTIPLIERS))     # odd, distinct
        _, first = np.unique(_slots(keys, np.uint64(multiplier)), return_index=True)
        tables.append(_HashTable(multiplier, keys[first], ids[first]))
        rest = np.ones(len(keys), dtype=bool)
        rest[first] = False
        keys, ids = keys[rest], ids[rest]
    return tables


class EvidenceMatrix:
    """Vectorised :meth:`LexicalClassifier.raw_evidence` for a classifier built with the n-gram segmenter.

    ``evidence(titles)`` is a ``nodes × len(titles)`` float array (rows = ``clf.index.node_ids``, guide
    order); column ``j`` equals ``raw_evidence(titles[j])`` (nodes without evidence are 0).
    """

    def __init__(self, clf: "LexicalClassifier"):
        index = clf.index
        self.params = clf.params            # context, prune, sharpness, confidence scale: the classifier's
        self.node_ids = index.node_ids
        keys = list(index.table)
        self.key_count = len(keys)
        # keys of up to 4 characters below U+FFFF (the n-grams: 95 % of the keys) are found by packing every
        # window of the text into a 64-bit int and looking it up in hash tables; the longer ones (curated terms)
        # by Aho–Corasick
        self.windows: dict[int, list[_HashTable]] = {}      # window length -> tables of the keys that long
        # every key's characters as codes, in one array (utf-32: one code per character)
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
        codes = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
        starts = np.zeros(len(keys), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        wide = np.zeros(len(keys), dtype=bool)                # a character at or above U+FFFF
        wide[np.repeat(np.arange(len(keys)), lengths)[codes >= _CLAMP]] = True
        packable = (lengths <= _PACKED_CHARS) & ~wide
        for length in range(1, _PACKED_CHARS + 1):
            ids = np.flatnonzero(packable & (lengths == length))
            if len(ids):
                self.windows[length] = _hash_tables(_pack_codes(codes, starts[ids], length), ids.astype(np.int64))
        self.long_ids = np.flatnonzero(~packable).astype(np.int64)
        self.automaton = (ahocorasick_rs.AhoCorasick([keys[k] for k in self.long_ids],
                                                     matchkind=ahocorasick_rs.MatchKind.Standard)
                          if len(self.long_ids) else None)
        postings = [index.table[key] for key in keys]
        self.ptr = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(list(map(len, postings)), out=self.ptr[1:])
        pairs = list(itertools.chain.from_iterable(postings))       # (node number, weight), key by key
        self.post_node = np.array([node for node, _ in pairs], dtype=np.int64)
        self.post_weight = np.array([weight for _, weight in pairs], dtype=np.float64)
        row = {node: k for k, node in enumerate(self.node_ids)}
        depth, parent = clf._depth, clf._parent

        def rows(nodes: Iterable[str]) -> np.ndarray:
            return np.array([row[n] for n in nodes], dtype=np.int64)

        self.subsystems = [n for n in self.node_ids if depth[n] == 1]
        self.category_ids = [n for n in self.node_ids if depth[n] == 2]
        subcategory_ids = [n for n in self.node_ids if depth[n] == 3]
        self.categories, self.category_parents = rows(self.category_ids), rows(parent[n] for n in self.category_ids)
        self.subcategories, self.subcategory_parents = rows(subcategory_ids), rows(parent[n] for n in subcategory_ids)
        # subtrees are contiguous in guide (pre-)order: a subsystem's (category's) score sums a run of rows,
        # [start, stop) of its subtree
        self.subsystem_spans = self._spans(self.subsystems, row, depth).tolist()
        self.category_spans = self._spans(self.category_ids, row, depth).tolist()

    def _spans(self, ids: list[str], row: dict[str, int], depth: dict[str, int]) -> np.ndarray:
        """[start, stop) rows of each node's subtree (itself and its descendants)."""
        spans = []
        for node in ids:
            start = stop = row[node]
            while stop + 1 < len(self.node_ids) and depth[self.node_ids[stop + 1]] > depth[node]:
                stop += 1
            spans.append((start, stop + 1))
        return np.array(spans, dtype=np.int64)

    # -- evidence
    def raw_totals(self, titles: Sequence[str]) -> np.ndarray:
        """Sum of the (node, weight) pairs of each title's distinct table keys: ``nodes × len(titles)`` (a
        column per title: the column-wise steps below then read contiguous rows)."""
        n, nodes = len(titles), len(self.node_ids)
        if n == 0:
            return np.zeros((nodes, 0))
        normal, nfkc = unicodedata.is_normalized, unicodedata.normalize    # NFKC is slow; most titles are NFKC
        text = _TITLE_SEP.join(t if normal("NFKC", t) else nfkc("NFKC", t) for t in titles).lower()
        if text.count(_TITLE_SEP) != n - 1:                    # a title holds the separator: take it out
            text = _TITLE_SEP.join(nfkc("NFKC", t.replace(_TITLE_SEP, " ")) for t in titles).lower()
        text = _NOT_SEGMENT.sub("\x00", _STOP_RE.sub(" ", _PART_RE.sub(" ", text)))
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        bounds = np.flatnonzero(codes == 1)                    # the separators, in order
        key, start, end = self._matches(text, codes)
        if not len(key):
            return np.zeros((nodes, n))
        title = np.searchsorted(bounds, start)                # separators before the match = title number
        order = np.lexsort((end, start))                      # _hits' order: by start, then by length
        key, title = key[order], title[order]
        pair = title * self.key_count + key
        _, first = np.unique(pair, return_index=True)          # first occurrence of each (title, key)
        first.sort()
        key, title = key[first], title[first]
        counts = self.ptr[key + 1] - self.ptr[key]
        positions = ranges(self.ptr[key], counts)            # every (node, weight) pair of every kept key, in order
        cells = self.post_node[positions] * n + np.repeat(title, counts)
        totals = np.bincount(cells, weights=self.post_weight[positions], minlength=n * nodes)
        return totals.reshape(nodes, n)

    def _matches(self, text: str, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(key id, start, end) of every occurrence of every table key in ``text`` (overlapping), unordered."""
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        window = np.minimum(codes, _CLAMP).astype(np.uint64)   # no key holds U+FFFF: wider characters never match
        chars = window
        for length in range(1, _PACKED_CHARS + 1):
            if length > 1:                                     # windows of `length` characters, packed
                window = (window[:-1] << np.uint64(16)) | chars[length - 1:]
            for table in self.windows.get(length, []) if len(window) else []:
                slot = table.slots(window)
                start = np.flatnonzero(table.keys[slot] == window)
                parts.append((table.ids[slot[start]], start, start + length))
        if self.automaton is not None:
            found = self.automaton.find_matches_as_indexes(text, overlapping=True)
            if found:
                flat = np.fromiter(itertools.chain.from_iterable(found), dtype=np.int64, count=3 * len(found))
                parts.append((self.long_ids[flat[0::3]], flat[1::3], flat[2::3]))
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return tuple(np.concatenate(column) for column in zip(*parts))   # type: ignore[return-value]

    def evidence(self, titles: Sequence[str]) -> np.ndarray:
        """:meth:`LexicalClassifier.raw_evidence` of each title as a column (pruned, with the parent context)."""
        ev = self.raw_totals(titles)
        if not ev.shape[1]:
            return ev
        floor = self.params.prune * ev.max(axis=0)
        ev[ev < floor] = 0.0
        for children, parents in ((self.categories, self.category_parents),
                                  (self.subcategories, self.subcategory_parents)):
            own = ev[children]
            # own + CONTEXT * parent where the child has evidence (the loop's `own + CONTEXT * parent`)
            np.add(own, self.params.context * ev[parents], out=own, where=own > 0)
            ev[children] = own
        return ev

    def evidence_dicts(self, titles: Sequence[str]) -> list[dict[str, float]]:
        """:meth:`LexicalClassifier.raw_evidence` of each title as the same dict (node id -> evidence, the
        nodes with evidence in guide order): a batch's evidence for the per-title ranking and explanations."""
        by_title = np.ascontiguousarray(self.evidence(titles).T)     # a row per title
        rows, columns = np.nonzero(by_title)                       # row-major: each title's nodes in guide order
        values = by_title[rows, columns].tolist()
        ids = self.node_ids
        names = [ids[c] for c in columns.tolist()]
        cuts = np.searchsorted(rows, np.arange(len(titles) + 1)).tolist()
        return [dict(zip(names[a:b], values[a:b])) for a, b in zip(cuts, cuts[1:])]

    def shares(self, evidence: np.ndarray) -> np.ndarray:
        """:meth:`LexicalClassifier.shares` column-wise: squared evidence over its total, times the confidence."""
        power = self.params.sharpness
        sharp = evidence * evidence if power == 2.0 else evidence ** power
        total = sharp.sum(axis=0)
        confidence = 1.0 - np.exp(-evidence.max(axis=0) / self.params.confidence_scale)
        factor = np.where(total > 0, confidence / np.where(total > 0, total, 1.0), 0.0)
        sharp *= factor
        return sharp

    def subsystem_scores(self, shares: np.ndarray) -> np.ndarray:
        """Each subsystem's score (the sum of its subtree's shares): ``subsystems × titles``."""
        return _span_sums(shares, self.subsystem_spans)

    def category_scores(self, shares: np.ndarray) -> np.ndarray:
        """Each category's score (the sum of its subtree's shares): ``categories × titles``."""
        return _span_sums(shares, self.category_spans)


def _span_sums(matrix: np.ndarray, spans: list[list[int]]) -> np.ndarray:
    """Row ``k`` = the sum of ``matrix``'s rows in ``spans[k]`` (row by row: faster than ``np.add.reduceat``
    along axis 0, and no BLAS threads)."""
    out = np.empty((len(spans), matrix.shape[1]))
    for k, (start, stop) in enumerate(spans):
        matrix[start:stop].sum(axis=0, out=out[k])
    return out


def top_columns(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, score) of each column's best score; near ties (within :data:`TIE`) go to the first row."""
    best = scores.max(axis=0)
    row = np.argmax(scores >= best - TIE * np.abs(best), axis=0)
    return row, best


def blocks(items: Sequence[Any], size: int = BLOCK) -> list[Sequence[Any]]:
    return [items[k:k + size] for k in range(0, len(items), size)]
