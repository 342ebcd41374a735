"""The lexical classifier's batch scorer (classify/matrix.py) gives the per-title numbers, and MS301 the same
verdicts on a catalog scored as a matrix as title by title."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minestd.classify.base import normalise_title, normalise_titles
from minestd.classify.lexical import LexicalClassifier
from minestd.classify.matrix import EvidenceMatrix, top_columns
from minestd.classify.validation import BATCH_MIN, placement_disagreements
from minestd.data import load_catalog
from minestd.entry import Entry

ODD_TITLES = ["", "  ", "ＧＢ／Ｔ 矿用隔爆型电气设备 第２部分：通用要求", "煤矿\x01安全规程", "矿山\x00救护",
              "金属非金属地下矿山通风技术规范 第1部分：通风系统", "abc123 监测系统", "冲击地压微震监测", "ΣΑΣ 矿井",
              "煤矿用自动隔爆装置安全技术要求" * 3,
              # characters beyond U+FFFF (packed windows clamp them) and U+FFFF itself next to real terms
              "煤矿\U00020000安全规程", "\U0002a6a5瓦斯抽采\uffff监测", "冲击\U0001f600地压", "煤\uffff矿"]


@pytest.fixture(scope="module")
def clf(tx):
    return LexicalClassifier(tx)


def rows_as_dicts(matrix: EvidenceMatrix, ev: np.ndarray) -> list[dict[str, float]]:
    return [{matrix.node_ids[k]: float(ev[k, j]) for k in np.flatnonzero(ev[:, j])} for j in range(ev.shape[1])]


def test_matrix_evidence_equals_raw_evidence_exactly(tx, clf):
    titles = [normalise_title(e.title) for e in load_catalog().entries] + ODD_TITLES
    titles += [n.name + (n.description or "")[:30] for n in tx.walk()]
    matrix = clf.evidence_matrix()
    got = rows_as_dicts(matrix, matrix.evidence(titles))
    assert got == [clf.raw_evidence(t) for t in titles]      # same floats (bincount adds in the loop's order)
    assert sum(bool(g) for g in got) > 150


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="煤矿井下安全监测冲击地压瓦斯抽采通风系统规范第1部分：ＡＢ \x01\U00020000\uffff", max_size=24), max_size=6))
def test_matrix_evidence_equals_raw_evidence_on_random_titles(clf, titles):
    matrix = clf.evidence_matrix()
    assert rows_as_dicts(matrix, matrix.evidence(titles)) == [clf.raw_evidence(t) for t in titles]


def test_evidence_dicts_are_raw_evidence_in_the_same_order(tx, clf):
    titles = [normalise_title(e.title) for e in load_catalog().entries] + ODD_TITLES
    got = clf.evidence_matrix().evidence_dicts(titles)
    assert [list(d.items()) for d in got] == [list(clf.raw_evidence(t).items()) for t in titles]
    assert clf.evidence_matrix().evidence_dicts([]) == []


def _one_by_one(clf, titles, **options):
    return [clf.classify_one(t, **options) for t in titles]


@pytest.mark.parametrize("level", ["subsystem", "category", "subcategory"])
def test_a_large_batch_gives_what_title_by_title_gives(tx, monkeypatch, level):
    """From MATRIX_BATCH titles on, classify() takes the evidence from the matrix: the results (scores,
    order, explanations) are the ones each title gets alone."""
    from minestd.classify import lexical

    titles = [e.title for e in load_catalog().entries] + ODD_TITLES + [n.name for n in tx.walk()]
    titles += titles[:20]                                       # repeated titles
    monkeypatch.setattr(lexical, "MATRIX_BATCH", len(titles))    # this batch exactly: one title fewer goes per title
    monkeypatch.setattr("minestd.classify.matrix.BLOCK", 97)  # several blocks, one short
    batch_clf, alone_clf = LexicalClassifier(tx), LexicalClassifier(tx)
    sizes: list[int] = []
    real = EvidenceMatrix.evidence_dicts

    def counted(self, block):
        sizes.append(len(block))
        return real(self, block)

    monkeypatch.setattr(EvidenceMatrix, "evidence_dicts", counted)
    batch = batch_clf.classify(titles, top=5, level=level, explain=True)
    assert sum(sizes) == len(titles) and max(sizes) == 97 and len(sizes) > 2   # block by block
    assert batch_clf._cache == {} and batch_clf._batch == {}      # evidence from the matrix, then let go
    assert batch == _one_by_one(alone_clf, titles, top=5, level=level, explain=True)
    assert LexicalClassifier(tx).classify(titles[:-1], level=level)[0] == batch[0]   # one fewer: per title


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="煤矿井下安全监测冲击地压瓦斯抽采通风系统规范第1部分：ＡＢ 𠀀￿", max_size=24),
                min_size=1, max_size=8))
def test_batch_path_equals_title_by_title_on_random_titles(tx, clf, titles):
    from minestd.classify import lexical

    saved = lexical.MATRIX_BATCH
    lexical.MATRIX_BATCH = 1
    try:
        fresh = LexicalClassifier.__new__(LexicalClassifier)   # share the built index, fresh caches
        fresh.__dict__.update(clf.__dict__)
        fresh._cache, fresh._span_matches, fresh._batch, fresh._spans_kept = {}, {}, {}, 0
        batch = fresh.classify(titles, level="subcategory")
    finally:
        lexical.MATRIX_BATCH = saved
    assert batch == _one_by_one(clf, titles, level="subcategory")


def test_a_trained_classifier_takes_the_batch_path_too(tx, monkeypatch):
    from minestd.classify import lexical
    from minestd.classify.trained import TrainedClassifier
    from minestd.data import sample_model

    entries = load_catalog().entries
    model = sample_model(tx)                         # learned from these entries
    titles = [e.title for e in entries]
    monkeypatch.setattr(lexical, "MATRIX_BATCH", 10)
    batch_clf = TrainedClassifier(tx, model)
    batch = batch_clf.classify(titles, top=3, level="category")
    assert batch_clf._matrix is not None
    assert batch == _one_by_one(TrainedClassifier(tx, model), titles, top=3, level="category", explain=True)


def test_matrix_shares_and_subsystem_ranking_match_rank(tx, clf):
    titles = [normalise_title(e.title) for e in load_catalog().entries]
    matrix = clf.evidence_matrix()
    shares = matrix.shares(matrix.evidence(titles))
    top, best = top_columns(matrix.subsystem_scores(shares))
    for j, title in enumerate(titles):
        ranked = clf.rank(title, "subsystem", 1)
        if not ranked:
            assert best[j] == 0
            continue
        assert matrix.subsystems[top[j]] == ranked[0][0], title
        assert best[j] == pytest.approx(ranked[0][1], rel=1e-12)
    cat_top, cat_best = top_columns(matrix.category_scores(shares))
    for j, title in enumerate(titles):
        ranked = clf.rank(title, "category", 1)
        if ranked:
            assert matrix.category_ids[cat_top[j]] == ranked[0][0]
            assert cat_best[j] == pytest.approx(ranked[0][1], rel=1e-12)


def test_classifiers_that_score_their_own_way_get_no_matrix(tx):
    class Own(LexicalClassifier):
        def raw_evidence(self, title):
            return {}

    assert Own(tx).evidence_matrix() is None
    assert LexicalClassifier(tx, segmenter="jieba").evidence_matrix() is None


def test_ms301_batch_equals_title_by_title(tx, clf):
    entries = [e for e in load_catalog().entries if e.title and e.nodes]
    # every catalog title placed in its own subsystem and in a wrong one (the first subsystem that is not its own)
    wrong = []
    for k, e in enumerate(entries):
        own = e.nodes[0].split(".")[0]
        other = "01.01" if own != "01" else "02.01"
        wrong.append(Entry(row=1000 + k, designation=e.designation, title=e.title, status=e.status, nodes=(other,)))
        # several nodes in one cell: two wrong subsystems (caught when the title is clear), the own one beside a
        # wrong one (never caught), an unknown id beside a wrong one, a priority id
        third = "02.02" if own != "02" and other != "02.01" else "03.01"
        wrong.append(Entry(row=2000 + k, title=e.title, status=e.status, nodes=(other, third)))
        wrong.append(Entry(row=3000 + k, title=e.title, status=e.status, nodes=(other, e.nodes[0])))
        wrong.append(Entry(row=4000 + k, title=e.title, status=e.status, nodes=("99.99", other)))
        if k % 7 == 0:
            wrong.append(Entry(row=5000 + k, title=e.title, status=e.status, nodes=("01.02-p01",)))
    catalog = entries + wrong
    assert len(catalog) >= BATCH_MIN
    batch = placement_disagreements(catalog, tx, clf)
    one_by_one = [f for k in range(len(catalog)) for f in placement_disagreements(catalog[k:k + 1], tx, clf)]
    assert batch == one_by_one
    assert len(batch) > 60                     # the wrongly placed copies are caught
    rows = {f.row for f in batch}
    assert any(2000 <= r < 3000 for r in rows) and any(4000 <= r < 5000 for r in rows)
    # a second node can only take a disagreement away: (wrong, own) is flagged only where (wrong,) is
    assert {r - 2000 for r in rows if 3000 <= r < 4000} <= {r for r in rows if 1000 <= r < 2000}
    assert len([r for r in rows if 3000 <= r < 4000]) < len([r for r in rows if 1000 <= r < 2000])


def test_keys_are_packed_or_left_to_aho_corasick(tx):
    """Keys of up to 4 characters, all below U+FFFF, are packed (16 bits a character, first highest); the others
    (longer terms, characters from U+FFFF on) go to the automaton."""
    clf = LexicalClassifier(tx)
    odd = {"\U00020000矿": ((0, 1.0),), "煤\uffff": ((1, 1.0),), "x": ((2, 1.0),), "冲击地压防治技术": ((3, 1.0),)}
    clf.index.table = {**clf.index.table, **odd}
    matrix = EvidenceMatrix(clf)
    keys = list(clf.index.table)

    def pack(key: str) -> int:
        value = 0
        for char in key:
            value = (value << 16) | ord(char)
        return value

    packed = {int(table.ids[slot]): int(table.keys[slot]) for tables in matrix.windows.values() for table in tables
              for slot in np.flatnonzero(np.isin(table.ids, np.arange(len(keys))))
              if table.keys[slot] == pack(keys[int(table.ids[slot])])}
    expected = {k for k, key in enumerate(keys) if len(key) <= 4 and max(map(ord, key)) < 0xFFFF}
    assert set(packed) == expected and all(packed[k] == pack(keys[k]) for k in expected)
    assert set(matrix.long_ids.tolist()) == set(range(len(keys))) - expected
    assert {keys[k] for k in matrix.long_ids} >= {"\U00020000矿", "煤\uffff", "冲击地压防治技术"} and "x" not in {
        keys[k] for k in matrix.long_ids}


def test_hash_tables_find_each_packed_key_once_and_nothing_else():
    from minestd.classify.matrix import _hash_tables

    rng = np.random.default_rng(7)
    keys = np.unique(rng.integers(1, 2**63, 150_000, dtype=np.uint64))      # > 2**16 slots: many tables
    ids = np.arange(len(keys), dtype=np.int64) * 3
    tables = _hash_tables(keys, ids)
    assert len(tables) > 2
    others = np.array([0, 2**64 - 1, *rng.integers(1, 2**63, 1000, dtype=np.uint64)], dtype=np.uint64)
    others = others[~np.isin(others, keys)]
    windows = np.concatenate((keys, others))
    found = np.full(len(windows), -1, dtype=np.int64)
    for table in tables:
        slot = table.slots(windows)
        hit = np.flatnonzero(table.keys[slot] == windows)
        assert (found[hit] == -1).all()                  # no key is in two tables
        found[hit] = table.ids[slot[hit]]
    assert (found[:len(keys)] == ids).all() and (found[len(keys):] == -1).all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=" \t\n\u3000\x1c\x85\xa0\x01煤矿a", max_size=8)), max_size=8))
def test_normalise_titles_equals_normalise_title(titles):
    assert normalise_titles(titles) == [normalise_title(t) for t in titles]


TERMS = ["煤矿", "冲击地压", "微震监测", "瓦斯抽采", "尾矿库", "排土场", "矿山救护", "隔爆型", "电气设备", "通风",
         "粉尘", "防治水", "安全规程", "技术规范", "监测系统", "人员定位", "露天", "边坡", "爆破", "培训"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(TERMS), min_size=0, max_size=4),
                          st.lists(st.sampled_from(["01.02", "02.01.01", "05.03", "08.02.01", "11.01", "12.02.01",
                                                    "13.04.05", "14.01", "99.99", "05.02-p01", ""]),
                                   min_size=0, max_size=3)),
                min_size=BATCH_MIN, max_size=BATCH_MIN + 40))
def test_ms301_batch_equals_title_by_title_on_random_entries(tx, clf, rows):
    entries = [Entry(row=k + 2, title="".join(words), status="current", nodes=tuple(n for n in nodes if n))
               for k, (words, nodes) in enumerate(rows)]
    batch = placement_disagreements(entries, tx, clf)
    assert batch == [f for k in range(len(entries)) for f in placement_disagreements(entries[k:k + 1], tx, clf)]


def test_parameters_passed_in_reach_the_index_the_title_path_and_the_matrix(tx, monkeypatch):
    """LexicalParams given to the classifier (never module constants overwritten) govern both scoring paths: a
    large batch (the evidence matrix) gives what each title gets alone, and the parameters change the result."""
    from minestd.classify import lexical
    from minestd.classify.lexindex import LexicalParams

    params = LexicalParams(context=0.9, prune=0.2, sharpness=3.0, confidence_scale=6.0, term_bonus=3.0,
                           max_df_share=0.3, length_factor={2: 1.0, 3: 2.0, 4: 3.0})
    titles = [e.title for e in load_catalog().entries] + ODD_TITLES
    monkeypatch.setattr(lexical, "MATRIX_BATCH", len(titles))
    batch = LexicalClassifier(tx, params=params).classify(titles, top=5, level="category", explain=False)
    alone = _one_by_one(LexicalClassifier(tx, params=params), titles, top=5, level="category", explain=False)
    assert batch == alone
    default = LexicalClassifier(tx).classify(titles, top=5, level="category", explain=False)
    assert sum(a != b for a, b in zip(batch, default)) > len(titles) // 2
    # field weights given both ways are merged: the explicit override wins over the params' own
    clf = LexicalClassifier(tx, field_weights={"keyword": 5.0}, params=LexicalParams(context=0.1))
    assert clf.params.field_weights["keyword"] == 5.0 and clf.params.context == 0.1
    assert clf.params.field_weights["name"] == lexical.FIELD_WEIGHTS["name"]
