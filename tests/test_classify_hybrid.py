"""The hybrid classifier (the default): lexical evidence + the subsystem model learned from the guide's texts."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from minestd.classify import classify, default_classifier, get_classifier
from minestd.classify.guide_model import (SubsystemModel, SubsystemModelError, check_subsystem_model,
                                          current_digest, documents, train_subsystem_model)
from minestd.classify.hybrid import HybridClassifier
from minestd.data import subsystem_model, subsystem_model_path

TITLES = ["煤矿用自动隔爆装置安全技术要求", "冲击地压矿井微震监测技术规范", "尾矿库安全监测技术规范", "矿山救护队培训规范",
          "露天矿边坡稳定性监测技术规范", "煤矿井下人员定位系统通用技术条件", "矿井瓦斯涌出量预测方法", "煤矿防治水细则"]


def test_the_shipped_subsystem_model_is_made_from_the_current_taxonomy_texts(tx):
    """taxonomy/guide-2024/subsystem-model.json is generated; when the taxonomy's texts (or the training
    parameters) change, this fails: run 'minestd train --guide --output taxonomy/guide-2024/subsystem-model.json'."""
    model = json.loads(subsystem_model_path().read_text(encoding="utf-8"))
    assert model["digest"] == current_digest(tx), "stale: run minestd train --guide --output " + str(
        subsystem_model_path())
    check_subsystem_model(model, tx, fresh=True)
    assert model["documents"] == len(documents(tx)) and model["subsystems"] == [n.id for n in tx.subsystems()]


def test_training_reproduces_the_shipped_model(tx):
    """Deterministic training: the same texts and parameters give the same weights (to the 6 digits stored);
    a progress callback follows the iterations and changes nothing."""
    calls: list[tuple[int, int]] = []
    again = train_subsystem_model(tx, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 1000) and calls[-1] == (1000, 1000) and len(calls) == 1000 // 25 + 1
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    shipped = subsystem_model(tx)
    assert again["vocabulary"] == shipped["vocabulary"] and again["digest"] == shipped["digest"]
    import numpy as np

    assert np.allclose(again["weights"], shipped["weights"], rtol=1e-4, atol=1e-6)
    assert np.allclose(again["bias"], shipped["bias"], rtol=1e-4, atol=1e-6)


def test_documents_are_the_guides_texts_labelled_by_subsystem(tx):
    docs = documents(tx)
    assert ("煤矿用自动隔爆装置安全技术要求", "12") in docs            # a priority text of 12.02.01
    assert any(sub == "08" and "冲击地压" in text for text, sub in docs)
    assert {sub for _, sub in docs} == {n.id for n in tx.subsystems()}


def test_model_probabilities_sum_to_one_and_point_the_right_way(tx):
    model = SubsystemModel(subsystem_model(tx))
    p = model.probabilities("冲击地压矿井微震监测技术规范")
    assert sum(p.values()) == pytest.approx(1.0) and max(p, key=p.get) == "08"
    unknown = model.probabilities("ЖЖЖ")          # no piece the model knows: uniform
    assert set(unknown.values()) == {1 / 15}


def test_default_classifier_is_hybrid_for_the_embedded_guide(tx):
    assert default_classifier() == default_classifier(tx) == "hybrid"
    result = classify(TITLES[:1])[0]
    assert result.top.id == "12.02.01"
    assert classify(TITLES, tx)[3].to_dict() == get_classifier("hybrid", tx).classify(TITLES)[3].to_dict()


def test_default_classifier_is_lexical_for_another_taxonomy():
    from conftest import FIXTURES
    from minestd.data import load_taxonomy

    other = load_taxonomy(FIXTURES / "taxonomy" / "good")
    assert default_classifier(other) == "lexical"


def test_hybrid_is_hierarchy_consistent_and_keeps_the_lexical_order_within_a_subsystem(tx):
    hybrid, lexical = get_classifier("hybrid", tx), get_classifier("lexical", tx)
    for title in TITLES:
        scores = hybrid.distribution(title)
        for node, score in scores.items():
            parent = hybrid._parent[node]
            if parent and parent != "root":
                assert score <= scores[parent] + 1e-9
        lex = lexical.shares(lexical.evidence(title))
        mixed = hybrid.title_shares(title)
        # the lexical total (its confidence) is shared out again; model-only subsystems under the floor are dropped
        assert sum(mixed.values()) <= sum(lex.values()) + 1e-9
        assert set(lex) <= set(mixed)
        for a in lex:
            for b in lex:
                if a.split(".")[0] == b.split(".")[0] and lex[a] < lex[b]:
                    assert mixed[a] < mixed[b]


def test_blend_zero_is_the_lexical_classifier(tx):
    lexical = get_classifier("lexical", tx)
    plain = HybridClassifier(tx, subsystem_model(tx), blend=0.0)
    for title in TITLES:
        mixed, plain_lexical = plain.rank(title, "subcategory", 10), lexical.rank(title, "subcategory", 10)
        assert [k for k, _ in mixed] == [k for k, _ in plain_lexical]
        assert [v for _, v in mixed] == pytest.approx([v for _, v in plain_lexical])


def test_a_subsystem_only_the_model_supports_is_explained_by_its_weighted_pieces(tx):
    hybrid = get_classifier("hybrid", tx)
    title = "煤炭工业矿井设计规范"
    result = hybrid.classify([title], top=5, level="subsystem")[0]
    assert result.suggestions and all(s.matched for s in result.suggestions[:2])
    ids = [s.id for s in result.suggestions]
    lexical_subsystems = {n.split(".")[0] for n in get_classifier("lexical", tx).evidence(title)}
    for sub in set(ids) - lexical_subsystems:          # suggested by the model alone: pieces of the title
        matches = hybrid.model_matches(title, sub)
        assert all(m.term in title and m.term in m.text and m.node.split(".")[0] == sub for m in matches)


def test_batch_path_gives_the_same_results(tx):
    hybrid = get_classifier("hybrid", tx)
    titles = (TITLES * 60)[:450]                     # 400+ titles take the evidence matrix
    batch = [r.to_dict() for r in hybrid.classify(titles, top=3)]
    one_by_one = [hybrid.classify([t], top=3)[0].to_dict() for t in TITLES]
    assert batch[:len(TITLES)] == one_by_one


def test_bad_subsystem_models_are_refused(tx):
    with pytest.raises(SubsystemModelError, match="not a minestd subsystem model"):
        check_subsystem_model({"format": "x"})
    with pytest.raises(SubsystemModelError, match="version 9 is not supported"):
        check_subsystem_model({"format": "minestd-subsystem-model", "version": 9})
    broken = dict(subsystem_model(tx), bias=[0.0])
    with pytest.raises(SubsystemModelError, match="do not fit together"):
        check_subsystem_model(broken)
    with pytest.raises(SubsystemModelError, match="needs a subsystem model"):
        HybridClassifier(tx)


def test_batch_probabilities_equal_one_at_a_time(tx):
    model = SubsystemModel(subsystem_model(tx))
    titles = TITLES + ["", "ЖЖЖ", "矿", "煤矿用电缆 第1部分：移动类软电缆一般规定"]
    many = model.probabilities_many(titles)
    for title, probs in zip(titles, many):
        one = model.probabilities(title)
        assert list(probs) == list(one) and list(probs.values()) == pytest.approx(list(one.values()), abs=1e-12)


_PIECES = st.sampled_from(["煤矿", "冲击地压", "监测", "矿用", "第1部分：", "规范", "ＡＢＣ", "kV", " ", "\x01", "\x00",
                           "、", "尾矿库", "𠀀", "\uffff", "瓦斯", "1", "（", "Ⅱ"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), min_size=1, max_size=12))
def test_batch_probabilities_equal_one_at_a_time_on_any_text(titles):
    from minestd.data import default_taxonomy

    model = _model(default_taxonomy())
    for title, probs in zip(titles, model.probabilities_many(titles)):
        assert list(probs.values()) == pytest.approx(list(model.probabilities(title).values()), abs=1e-12)


_MODELS: dict = {}


def _model(tx):
    if "m" not in _MODELS:
        _MODELS["m"] = SubsystemModel(subsystem_model(tx))
    return _MODELS["m"]
