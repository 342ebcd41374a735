"""The classifiers (core): ranking, explanations, levels, hierarchy consistency, determinism, registry."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minestd.classify import (LEVELS, ClassificationResult, classify, get_classifier, gold_at_level,
                              register_classifier)
from minestd.classify.base import at_level
from minestd.classify.features import core_term, ngrams


@pytest.fixture(scope="module")
def lexical(tx):
    return get_classifier("lexical", tx)


# --------------------------------------------------------------------------- ranking on a fixture set

RANKING = [
    # (title, level, expected top id)
    ("煤矿用自动隔爆装置安全技术要求", "subcategory", "12.02.01"),
    ("煤矿用自动隔爆装置安全技术要求", "subsystem", "12"),
    ("冲击地压矿井防冲专项设计规范", "category", "08.02"),
    ("冲击地压矿井微震监测技术规范", "category", "08.02"),
    ("煤矿冲击地压危险性评价方法", "category", "08.02"),
    ("矿山救援队训练规范", "category", "14.02"),
    ("矿山救援队伍建设规范", "category", "14.02"),
    ("煤层瓦斯压力测定方法", "category", "05.02"),
    ("尾矿库在线监测系统技术规范", "category", "11.01"),
    ("露天矿山边坡监测技术规范", "category", "10.02"),
    ("煤矿巷道锚杆支护技术规范", "category", "08.03"),
    ("矿用隔爆型移动变电站", "subcategory", "12.02.07"),
    ("矿山安全评价导则", "category", "15.04"),
    ("煤矿安全规程", "category", "01.02"),
    ("矿山安全术语", "category", "01.01"),
]


@pytest.mark.parametrize("title,level,expected", RANKING)
def test_ranking_fixture_set(lexical, title, level, expected):
    result = lexical.classify([title], top=3, level=level)[0]
    assert result.top is not None, f"no suggestion for {title}"
    assert result.top.id == expected, [(s.id, s.score) for s in result.suggestions]


def test_the_issue_example_names_subsystem_and_path(lexical, tx):
    top = lexical.classify(["煤矿用自动隔爆装置安全技术要求"])[0].top
    assert top.id == "12.02.01"
    assert top.path == "防爆与设备设施 › 专用要求 › 一通三防及灾害防治设备"
    assert top.path == tx.path_label("12.02.01")
    assert top.score > 0.9


# --------------------------------------------------------------------------- explanations


def test_explanation_names_the_matched_term_and_node_text(lexical):
    top = lexical.classify(["煤矿用自动隔爆装置安全技术要求"])[0].top
    first = top.matched[0]
    assert first.term == "煤矿用自动隔爆装置安全技术要求"      # the whole title is a priority text of the guide
    assert first.node == "12.02.01" and first.field == "priority"
    assert first.text == "煤矿用自动隔爆装置安全技术要求"
    assert all(m.term in "煤矿用自动隔爆装置安全技术要求" for m in top.matched)


def test_explanation_uses_curated_keywords(lexical):
    top = lexical.classify(["矿用隔爆型移动变电站"])[0].top
    keyword = [m for m in top.matched if m.field == "keyword"]
    assert ("移动变电站", "12.02.07") in {(m.term, m.node) for m in keyword}
    assert top.matched[0].term == "移动变电站"


def test_explanations_come_from_the_node_or_its_ancestors(lexical):
    for result in lexical.classify(["冲击地压矿井微震监测技术规范", "矿山救援队训练规范"], top=3):
        for s in result.suggestions:
            assert s.matched, s
            for m in s.matched:
                assert s.id == m.node or s.id.startswith(m.node + ".") or m.node.startswith(s.id + "."), (s.id, m)
                assert m.term in result.title


def test_generic_words_alone_explain_nothing(lexical):
    result = lexical.classify(["安全技术要求"])[0]
    assert all(m.term not in ("安全技术要求", "要求", "技术") for s in result.suggestions for m in s.matched)


def _reference_explanation(clf, title, node_id, limit=6):
    """The explanation spelled out the slow way: every maximal run of bigrams a node shares with the title
    that holds an informative bigram, split greedily into the longest pieces found in one node text."""
    from bisect import bisect_right

    from minestd.classify.features import segments

    index = clf.index
    evidence = clf.raw_evidence(title)
    order = {n.id: i for i, n in enumerate(n for n in clf.tx.walk() if n.kind != "root")}
    below = sorted((n for n in evidence if n.startswith(node_id + ".")), key=lambda n: (-evidence[n], order[n]))
    ancestors = [".".join(node_id.split(".")[:k]) for k in range(node_id.count("."), 0, -1)]
    matches, seen = [], set()
    for node in [node_id, *below, *ancestors]:
        grams, joined = index.node_grams.get(node, set()), index.joined[node]
        for seg in segments(title):
            flags = [seg[i:i + 2] in grams for i in range(len(seg) - 1)] + [False]
            start = None
            for i, flag in enumerate(flags):
                if flag and start is None:
                    start = i
                elif not flag and start is not None:
                    span, start = seg[start:i + 1], None
                    if not any(span[k:k + 2] in index.informative for k in range(len(span) - 1)):
                        continue
                    k = 0
                    while k < len(span) - 1:
                        j = next((j for j in range(len(span), k + 1, -1) if span[k:j] in joined), None)
                        if j is None:
                            k += 1
                            continue
                        term, k = span[k:j], j
                        if any(term[m:m + 2] in index.informative for m in range(len(term) - 1)) and term not in seen:
                            seen.add(term)
                            item = index.texts[node][bisect_right(index.starts[node], joined.find(term)) - 1]
                            matches.append((term, node, item.field, item.text))
    matches.sort(key=lambda m: -len(m[0]))
    return matches[:limit]


REFERENCE_TITLES = ["煤矿用自动隔爆装置安全技术要求", "冲击地压矿井微震监测技术规范", "矿山救援队训练规范",
                    "金属非金属矿山排土场安全生产规则", "煤矿井下粉尘综合防治技术规范", "瓦斯抽放用热导式高浓度甲烷传感器",
                    "矿井水文地质类型划分及探放水技术要求", "露天煤矿边坡稳定性监测规范", "煤矿安全生产标准化管理体系基本要求"]


@pytest.mark.parametrize("level", LEVELS)
def test_explanations_equal_the_spelled_out_reference(tx, level):
    from minestd.classify.lexical import LexicalClassifier

    clf = LexicalClassifier(tx)
    for result in clf.classify(REFERENCE_TITLES * 2, top=5, level=level):   # twice: the caches give the same
        for s in result.suggestions:
            got = [(m.term, m.node, m.field, m.text) for m in s.matched]
            assert got == _reference_explanation(clf, result.title, s.id), (result.title, s.id)


def test_the_span_cache_is_bounded_across_nodes(tx, monkeypatch):
    from minestd.classify import lexical as lexical_module
    from minestd.classify.lexical import LexicalClassifier

    unbounded = LexicalClassifier(tx).classify(REFERENCE_TITLES, top=5)
    monkeypatch.setattr(lexical_module, "CACHE_SIZE", 5)
    clf = LexicalClassifier(tx)
    assert clf.classify(REFERENCE_TITLES, top=5) == unbounded
    assert clf._spans_kept == 5 == sum(len(spans) for spans in clf._span_matches.values())


def test_explain_all_equals_explain_one_by_one_in_any_order(lexical):
    title = "冲击地压矿井微震监测技术规范"
    ids = [node for node, _ in lexical.rank(title, "subcategory", 5)] + ["08", "08.02", "01"]
    together = lexical.explain_all(title, ids)
    assert together == [lexical.explain(title, node) for node in ids]
    assert lexical.explain_all(title, ids[::-1]) == together[::-1]
    assert lexical.explain_all(title, []) == []


def test_explain_top_explains_only_the_first_suggestions(lexical):
    titles = ["冲击地压矿井微震监测技术规范", "矿山救援队训练规范", ""]
    full = lexical.classify(titles, top=4)
    first = lexical.classify(titles, top=4, explain_top=1)
    for a, b in zip(full, first):
        assert [(s.id, s.score) for s in a.suggestions] == [(s.id, s.score) for s in b.suggestions]
        if a.suggestions:
            assert b.suggestions[0].matched == a.suggestions[0].matched != ()
            assert all(s.matched == () for s in b.suggestions[1:])
    assert lexical.classify(titles, top=4, explain_top=10) == full
    with pytest.raises(ValueError, match="explain_top must be at least 1"):
        lexical.classify(titles, explain_top=0)


# --------------------------------------------------------------------------- scores, levels, hierarchy


def test_scores_are_in_range_and_sorted(lexical):
    results = lexical.classify(["煤矿井下粉尘综合防治技术规范", "金属非金属矿山排土场安全生产规则", "x"], top=10)
    for r in results:
        scores = [s.score for s in r.suggestions]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("level", LEVELS)
def test_level_controls_the_ids(lexical, tx, level):
    result = lexical.classify(["冲击地压矿井微震监测技术规范"], top=10, level=level)[0]
    for s in result.suggestions:
        node = tx.node(s.id)
        if level == "subcategory":
            assert node.kind == "subcategory" or node.kind == "category"
        else:
            assert node.kind == level


def test_subcategory_level_stops_where_the_evidence_stops(lexical):
    # the guide lists 冲击地压 priorities at category level: the deepest supported node is 08.02 itself
    assert lexical.classify(["冲击地压煤层开采孤岛煤柱安全要求"], level="subcategory")[0].top.id == "08.02"


WORDS = ["煤矿", "瓦斯", "冲击地压", "尾矿库", "监测", "传感器", "救援队", "粉尘", "隔爆", "培训", "露天", "边坡",
         "充填", "通风", "水害", "火灾", "标准", "规范", "安全", "系统", "设备"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))
def test_hierarchy_consistency(tx, words):
    """A category never scores above its subsystem, a sub-category never above its category."""
    clf = get_classifier("lexical", tx)
    title = "".join(words)
    scores = clf.distribution(title)
    for node, score in scores.items():
        assert 0.0 <= score <= 1.0 + 1e-9
        parent = tx.node(node).parent
        if parent and parent != "root":
            assert score <= scores[parent] + 1e-9, (title, node, parent)
    assert sum(v for k, v in scores.items() if "." not in k) <= 1.0 + 1e-9
    # the best category lies in one of the subsystems that are ranked
    sub = dict(clf.rank(title, "subsystem", None))
    for cat, score in clf.rank(title, "category", 3):
        assert sub[cat.split(".")[0]] >= score - 1e-9


def test_empty_and_unmatched_titles_get_no_suggestions(lexical):
    empty, junk = lexical.classify(["   ", "hello world"])
    assert empty.title == "" and empty.suggestions == ()
    assert junk.suggestions == ()


# --------------------------------------------------------------------------- determinism


def test_determinism_across_instances_and_input_order(tx):
    from minestd.classify.lexical import LexicalClassifier

    titles = ["矿山救援队训练规范", "煤矿用自动隔爆装置安全技术要求", "尾矿库安全规程", "矿用隔爆型移动变电站"]
    first = [r.to_dict() for r in LexicalClassifier(tx).classify(titles, top=5)]
    second = [r.to_dict() for r in LexicalClassifier(tx).classify(list(reversed(titles)), top=5)]
    assert first == list(reversed(second))
    assert json.dumps(first, ensure_ascii=False) == json.dumps(
        [r.to_dict() for r in LexicalClassifier(tx).classify(titles, top=5)], ensure_ascii=False)


def test_result_json_shape(lexical):
    data = lexical.classify(["煤矿用自动隔爆装置安全技术要求"])[0].to_dict()
    assert list(data) == ["title", "suggestions"]
    assert list(data["suggestions"][0]) == ["id", "path", "score", "matched"]
    assert list(data["suggestions"][0]["matched"][0]) == ["term", "node", "field", "text"]


# --------------------------------------------------------------------------- registry, entry point


def test_classify_entry_point_accepts_a_single_string(tx):
    results = classify("煤矿用自动隔爆装置安全技术要求", tx, top=1)
    assert len(results) == 1 and isinstance(results[0], ClassificationResult)
    assert results[0].top.id == "12.02.01"


def test_registry_unknown_name(tx):
    with pytest.raises(ValueError, match="unknown classifier 'svm': use one of dummy, hybrid, lexical, trained"):
        get_classifier("svm", tx)


def test_dummy_classifier(tx):
    dummy = get_classifier("dummy", tx, node="14.02")
    result = dummy.classify(["anything at all", ""], level="category")
    assert result[0].top.id == "14.02" and result[0].top.score == 1.0
    assert result[0].top.matched[0].term == "anything at all"
    assert result[1].suggestions == ()
    assert dummy.classify(["x"], level="subsystem")[0].top.id == "14"


def test_register_a_classifier(tx):
    register_classifier("always-dummy", "minestd.classify.dummy:DummyClassifier")
    assert get_classifier("always-dummy", tx).classify(["x"])[0].top.id == "01.01.01"


def test_bad_arguments(lexical):
    with pytest.raises(ValueError, match="unknown level"):
        lexical.classify(["x"], level="priority")
    with pytest.raises(ValueError, match="top must be at least 1"):
        lexical.classify(["x"], top=0)


def test_importing_the_package_is_lazy():
    code = ("import sys, minestd.classify; "
            "print('minestd.classify.lexical' in sys.modules, 'minestd.classify.trained' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


# --------------------------------------------------------------------------- features and helpers


def test_ngrams_skip_document_kind_words_and_punctuation():
    grams = ngrams("冲击地压测定、监测与防治方法 第4部分：微震监测方法")
    assert "微震" in grams and "压测" in grams
    assert "定、" not in grams and "4部" not in grams
    assert not any("规范" in g for g in ngrams("粉尘防治技术规范"))


def test_core_term_strips_document_kind_suffixes():
    assert core_term("煤矿用自动隔爆装置安全技术要求") == "煤矿用自动隔爆装置"
    assert core_term("刮板转载机安全技术要求及定期检验要求") == "刮板转载机"
    assert core_term("标准") == "标准"


def test_gold_at_level():
    assert gold_at_level(["12.02.08", "13.04.05", "12.02"], "subsystem") == ["12", "13"]
    assert gold_at_level(["12.02.08", "13"], "category") == ["12.02"]
    assert at_level("05", "category") is None


def test_jieba_segmenter_is_optional_and_caches_in_the_temp_dir(tx):
    import os
    import tempfile

    from minestd.classify.lexical import LexicalClassifier

    clf = LexicalClassifier(tx, segmenter="jieba")
    assert clf.classify(["煤矿用自动隔爆装置安全技术要求"])[0].top.id == "12.02.01"
    assert clf.index.words                                   # jieba words of node texts were added
    assert os.path.isdir(os.path.join(tempfile.gettempdir(), "minestd-jieba"))
    with pytest.raises(ValueError, match="unknown segmenter 'thulac'"):
        LexicalClassifier(tx, segmenter="thulac")


def test_standardisation_is_a_topic_not_a_document_kind(tx):
    """标准 and 规范 are cut out of titles as document kinds, but not inside 标准化 / 规范化 (安全生产标准化 is
    a 15.02 topic): before, 「金属非金属矿山安全标准化规范 导则」 kept only 安全 and got no suggestion at all."""
    from minestd.classify.features import content_segments
    from minestd.classify.lexical import LexicalClassifier

    assert content_segments("金属非金属矿山安全标准化规范 导则") == ["安全标准化"]
    assert content_segments("煤矿安全规范") == ["安全"]
    assert "安全生产标准化" in LexicalClassifier(tx).index.terms          # the curated keyword is a whole term again
    top = LexicalClassifier(tx).classify_one("金属非金属矿山安全标准化规范 导则", level="subsystem").top
    assert top is not None and top.id == "15"
