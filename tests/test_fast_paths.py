"""The fast paths taken for speed give the same results as the general code: the designation parser's canonical
fast path, trusted model construction, the lexical classifier's piece look-up and MS301's one-pass scoring
(moved here from the validate benchmark, where they ran although they are correctness tests)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from test_validate_bench import generate  # noqa: E402

CODES = ["GB", "GB/T", "GB/Z", "GBZ", "GBZ/T", "GBJ", "JJG", "AQ", "AQ/T", "MT", "MT/T", "KA/T", "NB/T", "DZ/T",
         "TB/T", "SY/T", "DB51/T", "DB14/T", "DB65/Z", "DB51", "DB99/T", "DB/T", "DB", "T/PCA", "T/CECS10X", "Q/ABC",
         "Q/ABC/J", "T/A/B", "XX", "XX/T", "GBT", "A", "ABCDEFG", "CH/Z"]
NUMBERS = ["1", "0", "00", "0001", "154.1", "2.1", "0.1", "15259", "12345", "123456", "1234567"]
YEARS = ["2008", "1949", "1948", "2025", "2026", "2050", "2051", "0999"]


def test_canonical_fast_path_matches_general_parser():
    from minestd import designation as d

    raws = [f"{c} {n}-{y}" for c in CODES for n in NUMBERS for y in YEARS]
    raws += [r.lower() for r in raws[::11]] + [r + "(2022年版)" for r in raws[::11]] + [r + " 标题" for r in raws[::11]]
    fast = 0
    for today in (None, 2025):
        d._code_fields.clear()
        for raw in raws:
            general = d._parse_full(raw, today)
            d._parse_cached.cache_clear()
            assert d._parse_cached(raw, today) == general, raw      # learns the code when clean
            d._parse_cached.cache_clear()
            result = d._parse_cached(raw, today)                   # the code is known: fast path if canonical
            assert result == general and repr(result) == repr(general), raw
            assert result.model_dump() == general.model_dump() and hash(result) == hash(general)
            assert result.designation is None or (
                result.designation.model_fields_set == general.designation.model_fields_set)
            fast += d._parse_canonical(raw, today) is not None
    assert fast > 1000           # the fast path did take the clean canonical strings


def test_trusted_construction_equals_validation():
    from minestd.model import construct_trusted as _construct
    from minestd.model import Finding

    values = {"rule": "MS407", "severity": "info", "message": "m", "fix": "f", "row": 5, "field": "published",
              "value": "2019-01-01", "file": None, "line": None}
    built, validated = _construct(Finding, dict(values)), Finding(**values)
    assert built == validated and repr(built) == repr(validated) and hash(built) == hash(validated)
    assert built.model_dump() == validated.model_dump() and built.model_fields_set == validated.model_fields_set
    assert built.model_copy(update={"row": 6}) == validated.model_copy(update={"row": 6})


def _evidence_by_every_piece(clf, title: str) -> dict[str, float]:
    """LexicalClassifier.raw_evidence as first written: every piece of 2-4 characters looked up (reference)."""
    from minestd.classify.features import content_segments
    from minestd.classify.lexical import CONTEXT, PRUNE

    index = clf.index
    totals = [0.0] * len(index.node_ids)
    touched: list[int] = []
    seen: set[str] = set()
    for seg in content_segments(title):
        size = len(seg)
        for i in range(size - 1):
            for j in range(i + 2, size + 1):
                piece = seg[i:j]
                if j > i + 4 and piece not in index.prefixes:
                    break
                if piece in seen:
                    continue
                seen.add(piece)
                for k, weight in index.table.get(piece, ()):
                    if not totals[k]:
                        touched.append(k)
                    totals[k] += weight
    scores = {index.node_ids[k]: totals[k] for k in touched}
    if not scores:
        return {}
    floor = PRUNE * max(scores.values())
    evidence = {k: v for k, v in scores.items() if v >= floor}
    for level in (2, 3):
        for node in [n for n in evidence if clf._depth[n] == level]:
            if clf._parent[node] in evidence:
                evidence[node] += CONTEXT * evidence[clf._parent[node]]
    return evidence


def test_lexical_piece_lookup_matches_every_piece(tx):
    from minestd.classify.lexical import LexicalClassifier
    from minestd.data import load_catalog

    clf = LexicalClassifier(tx)
    titles = [e.title for e in generate(1500)] + [e.title for e in load_catalog().entries]
    titles += [n.name + (n.description or "")[:40] for n in tx.walk()] + ["", "GB/T 1234 矿用 abc123 监测系统"]
    number = {node: k for k, node in enumerate(clf.index.node_ids)}
    for title in titles:
        got, want = clf.raw_evidence(title), _evidence_by_every_piece(clf, title)
        # same floats; the nodes in guide order (the evidence matrix's order), not in the order first touched
        assert got == want and list(got) == sorted(want, key=number.__getitem__), title


def test_ms301_one_pass_scoring_matches_rank(tx):
    from minestd.classify.lexical import LexicalClassifier
    from minestd.classify.validation import placement_disagreements
    from minestd.data import load_catalog

    class RanksItsOwnWay(LexicalClassifier):      # not "standard": judged through rank() as before
        def rank(self, title, level="category", top=10):
            return super().rank(title, level, top)

    entries = generate(3000) + list(load_catalog().entries)
    fast = placement_disagreements(entries, tx, LexicalClassifier(tx))
    general = placement_disagreements(entries, tx, RanksItsOwnWay(tx))
    assert fast == general and len(fast) > 100
