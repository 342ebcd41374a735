"""The trained classifier: learning from placed entries, the JSON model, its checks."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import FIXTURES, trained_model
from minestd.classify.trained import (DEFAULT_BLEND, MODEL_FORMAT, MODEL_VERSION, ModelError, TrainedClassifier,
                                      check_model, placed_examples, title_documents, title_hash, train)
from minestd.entry import Entry

TUNING = FIXTURES / "classify" / "tuning.csv"


def fixture_entries(path=TUNING) -> list[Entry]:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [Entry(row=i, designation=r["designation"], title=r["title"], nodes=tuple(r["nodes"].split(";")))
            for i, r in enumerate(rows, start=2)]


def test_model_is_versioned_json_and_deterministic(tx):
    entries = fixture_entries()
    model = train(entries, tx, source="tuning.csv", iterations=100)   # determinism does not need a finished solver
    assert model["format"] == MODEL_FORMAT and model["version"] == MODEL_VERSION
    assert model["taxonomy"]["edition"] == "guide-2024"
    assert model["training"]["entries"] == len(entries) == model["training"]["used"]
    text = json.dumps(model, ensure_ascii=False, sort_keys=True)
    assert json.loads(text) == model
    assert text == json.dumps(train(list(reversed(entries)), tx, source="tuning.csv", iterations=100),
                              ensure_ascii=False, sort_keys=True)
    assert model["subsystem_model"]["params"]["iterations"] == 100
    assert "矿用除尘器" in model["examples"]["12.02.01"] and "矿用除尘器" in model["examples"]["04.03.02"]
    # the subsystem model learned from the guide's texts plus each placed title once per subsystem
    assert model["params"] == {"training_weight": 2.0, "blend": DEFAULT_BLEND}
    documents = title_documents(model["examples"])
    assert ("矿用除尘器", "12") in documents and ("矿用除尘器", "04") in documents
    assert len(documents) == len(set(documents)) == model["subsystem_model"]["extra_documents"]


def test_placed_titles_teach_the_subsystem_model(tx):
    """Titles placed in the catalog speak for their subsystem more in the trained subsystem model than in the
    guide-only one (three titles the guide's texts alone leave uncertain; tuning.csv places them in 13, 04, 04)."""
    from minestd.classify.guide_model import SubsystemModel
    from minestd.data import subsystem_model

    guide_only = SubsystemModel(subsystem_model(tx), tx)
    trained = TrainedClassifier(tx, trained_model(fixture_entries(), tx))
    for title, subsystem in [("煤矿安全监控系统及检测仪器使用管理规范", "13"), ("巷道掘进混合式通风技术规范", "04"),
                             ("长钻孔煤层注水方法", "04")]:
        before = guide_only.probabilities(title)[subsystem]
        assert before < 0.6 and trained.subsystem_model.probabilities(title)[subsystem] > before + 0.25
    assert trained.blend == DEFAULT_BLEND


def test_skipped_entries_are_reported_with_row_and_reason(tx):
    entries = [Entry(row=2, title="", nodes=("05",)), Entry(row=3, title="煤矿安全规程"),
               Entry(row=4, title="某标准", nodes=("99.01",)), Entry(row=5, title="矿山安全术语", nodes=("01.01.01",))]
    examples, skipped = placed_examples(entries, tx)
    assert examples == {"01.01.01": ["矿山安全术语"]}
    assert [(s["row"], s["reason"]) for s in skipped] == [
        (2, "no title"), (3, "no node"), (4, "unknown node id(s): 99.01")]


def test_trained_classifier_learns_placements(tx):
    model = trained_model(fixture_entries(), tx)
    clf = TrainedClassifier(tx, model)
    top = clf.classify(["煤矿用低浓度载体催化式甲烷传感器"], top=2)[0]
    assert {s.id for s in top.suggestions} == {"12.02.08", "13.04.05"}
    assert any(m.field == "training" and m.text == "煤矿用高低浓度甲烷传感器" for m in top.top.matched)
    assert clf.title_hashes == frozenset(model["training"]["title_hashes"])
    assert title_hash(" 矿用除尘器 ") in clf.title_hashes


def test_lexical_prior_still_works_with_a_model(tx):
    clf = TrainedClassifier(tx, trained_model(fixture_entries(), tx))
    assert clf.classify(["煤矿用自动隔爆装置安全技术要求"])[0].top.id == "12.02.01"


def test_a_version_1_model_is_still_read_and_uses_the_placed_titles_alone(tx):
    """Models written before the subsystem model (version 1) classify as they did: the lexical evidence with
    the placed titles as node texts, nothing blended."""
    from minestd.classify.lexical import LexicalClassifier

    model = dict(trained_model(fixture_entries(), tx))
    del model["subsystem_model"]
    model["version"], model["params"] = 1, {"training_weight": 2.0}
    old = TrainedClassifier(tx, model)
    assert old.subsystem_model is None and old.blend == 0.0
    plain = LexicalClassifier(tx, extra_texts=model["examples"], field_weights={"training": 2.0})
    titles = ["煤矿用低浓度载体催化式甲烷传感器", "矿山救援培训大纲及考核规范", "煤矿用自动隔爆装置安全技术要求", "露天矿边坡监测"]
    assert old.classify(titles, top=3) == plain.classify(titles, top=3)


@pytest.mark.parametrize("model,message", [
    ({"format": "something"}, "not a minestd classifier model"),
    ({"format": MODEL_FORMAT, "version": 99, "examples": {}}, "model version 99 is not supported"),
    ({"format": MODEL_FORMAT, "version": 1, "examples": {"05": "not a list"}}, "must map node ids to lists"),
    ({"format": MODEL_FORMAT, "version": 1, "examples": {"99.09": ["x"]}}, "missing from the taxonomy: 99.09"),
    ({"format": MODEL_FORMAT, "version": 1, "taxonomy": {"edition": "guide-2030"}, "examples": {}},
     "trained on taxonomy edition 'guide-2030'"),
    ({"format": MODEL_FORMAT, "version": 2, "examples": {}}, "model's subsystem_model: not a minestd subsystem "
                                                             "model"),
    ({"format": MODEL_FORMAT, "version": 2, "examples": {}, "params": {"blend": 2}}, "'params.blend' must be"),
])
def test_bad_models_are_refused_with_the_reason(tx, model, message):
    with pytest.raises(ModelError, match=message):
        check_model(model, tx)


def test_trained_needs_a_model(tx):
    with pytest.raises(ModelError, match="needs a model"):
        TrainedClassifier(tx)


BUILT_IN_SOURCES = ("taxonomy/catalog/sample-catalog.csv", "tests/fixtures/classify/tuning.csv",
                    "tests/fixtures/classify/heldout.csv")


def test_built_in_model_is_learned_from_every_placed_title_we_hold(tx):
    """The shipped taxonomy/catalog/sample-model.json is what 'minestd train' makes of the sample catalog and the
    classifier fixtures now; when any of them or the guide's texts change this fails: make it again with
    'minestd train taxonomy/catalog/sample-catalog.csv tests/fixtures/classify/tuning.csv
    tests/fixtures/classify/heldout.csv --output taxonomy/catalog/sample-model.json'."""
    from conftest import ROOT
    from minestd.classify import get_classifier
    from minestd.data import load_catalog, sample_model

    model = sample_model(tx)
    groups = {path.rsplit("/", 1)[1]: list(load_catalog(ROOT / path, require=("title", "nodes")).entries)
              for path in BUILT_IN_SOURCES}
    assert model == train(groups, tx), "stale: remake it with 'minestd train " + " ".join(BUILT_IN_SOURCES) + \
        " --output taxonomy/catalog/sample-model.json'"
    assert model["training"]["source"] == "sample-catalog.csv + tuning.csv + heldout.csv"
    assert model["training"]["used"] == sum(map(len, groups.values())) and not model["training"]["skipped"]
    assert len(model["training"]["title_hashes"]) == 356
    clf = get_classifier("trained", tx)
    assert isinstance(clf, TrainedClassifier) and clf.model == model and get_classifier("trained", tx) is clf
    result = clf.classify(["矿山救援培训大纲及考核规范"], top=2, level="category")[0]
    assert result.top.id == "14.02"
    assert ("training", "矿山救援培训大纲及考核规范") in {(m.field, m.text) for m in result.top.matched}


def test_placed_titles_of_several_catalogs_add_up_and_skipped_rows_name_their_file(tx):
    one = [Entry(row=2, title="矿用除尘器", nodes=("12.02.01",)), Entry(row=3, title="", nodes=("05",))]
    two = [Entry(row=2, title="矿井防灭火规范", nodes=("06.01",)), Entry(row=3, title="矿用除尘器", nodes=("04.03.02",))]
    examples, skipped = placed_examples(one, tx, file="a.csv")
    assert skipped == [{"file": "a.csv", "row": 3, "title": "", "reason": "no title"}]
    assert placed_examples(two, tx, file="b.csv", examples=examples) == (examples, [])
    assert examples == placed_examples(one + two, tx)[0] == {
        "04.03.02": ["矿用除尘器"], "06.01": ["矿井防灭火规范"], "12.02.01": ["矿用除尘器"]}


def test_built_in_model_refuses_another_taxonomy_edition():
    from minestd.data import load_taxonomy, sample_model

    other = load_taxonomy(FIXTURES / "taxonomy" / "good")
    with pytest.raises(ValueError, match="learned from the sample catalog of the guide-2024 edition, not of 'test'"):
        sample_model(other)
