"""Evaluation metrics (Annif definitions), folds, reports, and the MS301 validation hook."""
from __future__ import annotations

import math

import pytest

from minestd.classify import get_classifier
from minestd.classify.evaluate import (METRICS, document_metrics, evaluate, f1_at_k, fold_of, ndcg,
                                       precision_at_k)
from minestd.classify.validation import RULE_ID, placement_disagreements
from minestd.entry import Entry
from conftest import trained_model
from minestd.classify.trained import TrainedClassifier, train
from test_classify_trained import fixture_entries


def test_precision_at_k_divides_by_the_suggestions_given():
    assert precision_at_k(["a", "b", "c"], {"a"}, 1) == 1.0
    assert precision_at_k(["a", "b", "c"], {"a"}, 3) == pytest.approx(1 / 3)
    assert precision_at_k(["a"], {"a"}, 3) == 1.0          # Annif: min(k, number of suggestions)
    assert precision_at_k([], {"a"}, 3) == 0.0


def test_ndcg_and_f1():
    assert ndcg(["b", "a"], {"a"}, 10) == pytest.approx(1 / math.log2(3))
    assert ndcg(["a", "b"], {"a", "b"}, 10) == 1.0
    assert ndcg(["x"], {"a"}, 10) == 0.0
    assert f1_at_k(["a", "b", "c", "d", "e"], {"a"}) == pytest.approx(2 * 0.2 * 1 / 1.2)
    assert f1_at_k(["x"], {"a"}) == 0.0
    assert set(document_metrics(["a"], {"a"})) == set(METRICS)


def test_evaluate_dummy_gives_known_figures(tx):
    entries = [Entry(row=2, title="矿山救援队训练规范", nodes=("14.02",)),
               Entry(row=3, title="煤矿安全规程", nodes=("01.02",)),
               Entry(row=4, title="矿山应急预案编制导则", nodes=("14.03.01", "14.02")),
               Entry(row=5, title="", nodes=("14.02",)), Entry(row=6, title="无节点")]
    report = evaluate(entries, tx, get_classifier("dummy", tx, node="14.02.01"))
    assert report.documents == 3 and report.skipped == 2
    assert report.metrics["subsystem"]["Precision@1"] == pytest.approx(2 / 3, abs=1e-4)
    assert report.metrics["category"]["Precision@1"] == pytest.approx(2 / 3, abs=1e-4)
    by_id = {s.id: s for s in report.per_subsystem}
    assert (by_id["14"].support, by_id["14"].predicted, by_id["14"].correct) == (2, 3, 2)
    assert by_id["14"].precision == pytest.approx(0.6667) and by_id["14"].recall == 1.0
    assert by_id["01"].recall == 0.0 and by_id["01"].precision is None
    labels = list(report.confusion_labels)
    assert report.confusion[labels.index("01")][labels.index("14")] == 1
    assert [m.row for m in report.misses] == [3]
    data = report.to_dict()
    assert data["confusion"]["labels"][-1] == "-" and len(data["confusion"]["rows"]) == 15


def test_lexical_on_the_tuning_set(tx):
    report = evaluate(fixture_entries(), tx)
    assert report.documents == 36
    assert report.metrics["subsystem"]["Precision@1"] >= 0.9
    assert report.metrics["category"]["Hit@3"] >= 0.9


def test_folds_are_deterministic_and_cover_every_title(tx):
    entries = fixture_entries()
    assert [fold_of(e, 4) for e in entries] == [fold_of(e, 4) for e in entries]
    assert {fold_of(e, 4) for e in entries} == {0, 1, 2, 3}

    def trainer(training):      # a rougher subsystem model (30 solver steps): folds and determinism are the point
        return TrainedClassifier(tx, train(training, tx, iterations=30))

    calls: list[tuple[int, int]] = []
    first = evaluate(entries, tx, folds=3, trainer=trainer, progress=lambda done, total: calls.append((done, total)))
    second = evaluate(list(reversed(entries)), tx, folds=3, trainer=trainer)
    assert first.metrics == second.metrics and first.documents == 36 and first.folds == 3
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]            # before the first fold and after each
    assert "cross-validation" in first.classifier


def test_overlap_with_training_data_is_noted(tx):

    entries = fixture_entries()
    clf = TrainedClassifier(tx, trained_model(entries, tx))
    report = evaluate(entries, tx, clf, train_hashes=clf.title_hashes)
    assert any("trained on 36 of these 36 titles" in n for n in report.notes)
    assert report.unseen_metrics is None and report.unseen is None     # no title left to score on its own


def test_titles_the_model_was_not_trained_on_are_scored_on_their_own(tx):

    entries = fixture_entries()
    seen, others = entries[:20], entries[20:]
    # a rougher subsystem model (100 solver steps): the split of seen and unseen titles is the point
    clf = TrainedClassifier(tx, train(seen, tx, iterations=100))
    report = evaluate(entries, tx, clf, train_hashes=clf.title_hashes)
    alone = evaluate(others, tx, clf)                  # the same classifier on the unseen titles only
    assert report.unseen == len(others) == 16
    assert report.unseen_metrics == alone.metrics and report.unseen_primary_metrics is None
    assert report.metrics == evaluate(entries, tx, clf).metrics
    assert any("trained on 20 of these 36 titles" in n and "the figures on the 16 titles it was not trained on are given separately" in n
               for n in report.notes)
    # with a second annotation: both figures for the unseen titles too
    second = {"矿山救援队训练规范": ["14.02"]}
    both = evaluate(entries, tx, clf, train_hashes=clf.title_hashes, alternatives=second)
    assert both.unseen_metrics == evaluate(others, tx, clf, alternatives=second).metrics
    assert both.unseen_primary_metrics == alone.metrics


def test_evaluate_argument_checks(tx):
    with pytest.raises(ValueError, match="limit must be at least 5"):
        evaluate([], tx, limit=3)
    with pytest.raises(ValueError, match="folds must be at least 2"):
        evaluate(fixture_entries(), tx, folds=1)


# --------------------------------------------------------------------------- MS301


def test_ms301_flags_a_clear_disagreement(tx):
    entries = [Entry(row=2, title="矿井瓦斯涌出量预测方法", nodes=("14.02",)),
               Entry(row=3, title="矿井瓦斯涌出量预测方法", nodes=("05.02.02",)),
               Entry(row=4, title="煤矿井下粉尘综合防治技术规范", nodes=("07.03",)),
               Entry(row=5, title="巷道掘进混合式通风技术规范", nodes=("09.03",)),   # 04 or 09: unsure, no warning
               Entry(row=6, title="没有节点的标题")]
    findings = placement_disagreements(entries, tx)
    assert [(f.rule, f.severity, f.row, f.field, f.value) for f in findings] == [
        (RULE_ID, "warning", 2, "nodes", "14.02"), (RULE_ID, "warning", 4, "nodes", "07.03")]
    assert "05.02 瓦斯防治 › 测试评估" in findings[0].message and "14.02" in findings[0].message
    assert "minestd classify \"矿井瓦斯涌出量预测方法\" --explain" in findings[0].fix


def test_ms301_runs_in_validate_by_default(tx):
    from minestd.validate import validate

    entry = Entry(row=2, designation="AQ 1018-2006", title="矿井瓦斯涌出量预测方法", nodes=("14.02",), status="现行")
    report = validate([entry], tx)
    assert [f.rule for f in report.findings if f.rule.startswith("MS3")] == [RULE_ID]


def test_ms301_register_adds_the_rule_and_check():
    """register() mutates minestd.validate's global tables: run it in a fresh interpreter."""
    import subprocess
    import sys

    code = ("from minestd.classify.validation import register\n"
            "from minestd import validate as v\n"
            "from minestd.data import default_taxonomy\n"
            "from minestd.entry import Entry\n"
            "register(); register()\n"
            "print(v.RULES['MS301'].severity, sum(1 for ids, _ in v.CHECKS if 'MS301' in ids))\n"
            "e = Entry(row=2, title='矿井瓦斯涌出量预测方法', nodes=('14.02',))\n"
            "print([f.rule for f in v.validate([e], default_taxonomy(), rules=['MS3']).findings])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["warning 1", "['MS301']"]


# --------------------------------------------------------------------------- regression guards on real titles


def _fixture(name: str) -> list[Entry]:
    import csv

    from conftest import FIXTURES

    with open(FIXTURES / "classify" / name, encoding="utf-8") as fh:
        return [Entry(row=i, designation=r["designation"], title=r["title"], nodes=tuple(r["nodes"].split(";")))
                for i, r in enumerate(csv.DictReader(fh), start=2)]


def test_heldout_real_titles_regression_guard(tx):
    """208 real titles never tuned on (batches A–K), lexical classifier. A regression guard at the measured figures
    (docs/classify.md: subsystem P@1 0.856 = 178/208, category Hit@3 0.885 = 184/208): a drop means a change to the
    classifier or the keywords made things worse. (The issue's 0.90 subsystem target is missed.)"""
    from minestd.classify import get_classifier

    report = evaluate(_fixture("heldout.csv"), tx, get_classifier("lexical", tx))
    assert report.documents == 208
    assert report.metrics["subsystem"]["Precision@1"] >= round(178 / 208, 4)
    assert report.metrics["category"]["Hit@3"] >= round(184 / 208, 4)


def test_heldout_titles_not_in_the_sample_catalog_with_the_catalog_model(tx):
    """The trained classifier learned from the sample catalog (the built-in model until it learned from the fixtures
    too; its blend chosen by cross-validation on the development titles), scored on the held-out titles it was not
    trained on. With the 190-row catalog: 168 of 208 unseen, subsystem P@1 0.893 = 150/168, category Hit@3 0.899 =
    151/168 (docs/experiments/classify-catalog-blend.md). Since 2026-12-06 the catalog has 179 rows (rows resting
    only on spam mirrors removed) and the priority items were re-read: 170 unseen, 152/170 and 155/170 (measured).
    A regression guard at the measured figures."""
    from conftest import trained_model
    from minestd.data import load_catalog

    clf = TrainedClassifier(tx, trained_model(load_catalog().entries, tx))
    report = evaluate(_fixture("heldout.csv"), tx, clf, train_hashes=clf.title_hashes)
    assert (report.documents, report.unseen) == (208, 170)
    assert report.unseen_metrics["subsystem"]["Precision@1"] >= round(152 / 170, 4)
    assert report.unseen_metrics["category"]["Hit@3"] >= round(155 / 170, 4)


def test_evaluate_runs_on_the_sample_catalog(invoke):
    import json

    result = invoke("evaluate", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["documents"] >= 100 and data["classifier"] == "hybrid"      # the default classifier


# --------------------------------------------------------------------------- a second annotation


def test_second_annotation_counts_either_place_and_keeps_the_first_alone(tx):
    from minestd.classify.evaluate import placements_by_title

    entries = [Entry(row=2, title="煤矿井底车场设计规范", nodes=("09.01",)),
               Entry(row=3, title="矿山救援队训练规范", nodes=("14.02",)),
               Entry(row=4, title="尾矿库安全监测技术规范", nodes=("11.01",))]
    second = [Entry(row=2, title=" 煤矿井底车场设计规范", nodes=("14.02.01",)),      # agrees with the dummy only
              Entry(row=3, title="矿山救援队训练规范", nodes=("14.02",)),
              Entry(row=4, title="矿山救援队训练规范", nodes=("14.03", "nonsense"))]  # same title: merged, unknown id dropped
    alternatives = placements_by_title(second, tx)
    assert alternatives == {"煤矿井底车场设计规范": ["14.02.01"], "矿山救援队训练规范": ["14.02", "14.03"]}
    report = evaluate(entries, tx, get_classifier("dummy", tx, node="14.02.01"), alternatives=alternatives)
    assert report.metrics["subsystem"]["Precision@1"] == pytest.approx(2 / 3, abs=1e-4)        # either annotation
    assert report.primary_metrics["subsystem"]["Precision@1"] == pytest.approx(1 / 3, abs=1e-4)  # GOLD alone
    assert report.alternatives == 2
    # the second annotation's first place against GOLD: 09 vs 14 wrong, 14 vs 14 right (the third title is not in it)
    assert report.agreement == {"subsystem": 0.5, "category": 0.5}
    assert [m.row for m in report.misses] == [4]
    assert any("1 titles are not in the second annotation" in n for n in report.notes)
    labels = list(report.confusion_labels)
    assert report.confusion[labels.index("09")][labels.index("14")] == 1     # rows stay the first annotation's
    plain = evaluate(entries, tx, get_classifier("dummy", tx, node="14.02.01"))
    assert plain.primary_metrics is None and plain.agreement is None and plain.metrics == report.primary_metrics


def test_second_annotation_from_the_cli(invoke, tmp_path):
    import json

    gold = tmp_path / "gold.csv"
    gold.write_text("designation,title,nodes\n,煤矿井底车场设计规范,09.01\n,矿山救援队训练规范,14.02\n", encoding="utf-8")
    other = tmp_path / "expert-b.csv"
    # an annotator's file needs no designation column
    other.write_text("标准名称,体系编号\n煤矿井底车场设计规范,03.01\n矿山救援队训练规范,14.02\n", encoding="utf-8")
    result = invoke("evaluate", str(gold), "--second-annotation", str(other), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["alternatives"] == 2 and data["agreement"]["subsystem"] == 0.5
    assert set(data["primary_metrics"]) == {"subsystem", "category"}
    text = invoke("evaluate", str(gold), "--second-annotation", str(other))
    assert text.exit_code == 0, text.stderr
    assert "either annotation" in text.stdout and "first (GOLD) alone" in text.stdout
    assert "annotators' agreement / 标注者一致率" in text.stdout and "subsystem 0.5000, category 0.5000" in text.stdout
    # two files, one title each: merged
    part1, part2 = tmp_path / "b1.csv", tmp_path / "b2.csv"
    part1.write_text("title,nodes\n煤矿井底车场设计规范,03.01\n", encoding="utf-8")
    part2.write_text("title,nodes\n矿山救援队训练规范,14.02\n", encoding="utf-8")
    both = invoke("evaluate", str(gold), "--second-annotation", str(part1), "--second-annotation", str(part2),
                  "--format", "json")
    assert both.exit_code == 0, both.stderr
    assert json.loads(both.stdout)["alternatives"] == 2 and json.loads(both.stdout)["metrics"] == data["metrics"]
    # a rougher subsystem model (--iterations 60): which titles it was trained on is the point, not its quality
    trained = invoke("train", str(other), "--output", str(tmp_path / "model.json"), "--format", "json",
                     "--iterations", "60")
    assert trained.exit_code == 0, trained.stderr
    assert json.loads(trained.stdout)["used"] == 2
    # a gold that holds the model's two training titles and one more: that one is also scored on its own
    wider = tmp_path / "wider.csv"
    wider.write_text(gold.read_text(encoding="utf-8") + ",矿井防灭火规范,06.01\n", encoding="utf-8")
    scored = invoke("evaluate", str(wider), "--model", str(tmp_path / "model.json"))
    assert scored.exit_code == 0, scored.stderr
    assert "titles the model was not trained on / 未参与训练的标题 (1):" in scored.stdout
    assert ("note: the model was trained on 2 of these 3 titles: figures are optimistic; the figures on the 1 "
            "titles it was not trained on are given separately; use --folds K for cross-validated figures"
            ) in scored.stdout
    scored_json = json.loads(invoke("evaluate", str(wider), "--model", str(tmp_path / "model.json"),
                                    "--format", "json").stdout)
    assert scored_json["unseen"] == 1 and set(scored_json["unseen_metrics"]) == {"subsystem", "category"}
    unplaced = tmp_path / "unplaced.csv"
    unplaced.write_text("title\n煤矿井底车场设计规范\n", encoding="utf-8")
    bad = invoke("evaluate", str(gold), "--second-annotation", str(unplaced))
    assert bad.exit_code == 2
    assert bad.stderr.strip() == (f"错误 / error: {unplaced}: 缺少必需的列 / no nodes (体系编号) column found; "
                                  "headers are: title — 把表头改为 标准名称/title, 体系编号/nodes / "
                                  "rename the header (标准名称/title, 体系编号/nodes)")
    missing = invoke("evaluate", str(gold), "--second-annotation", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2
    assert "nope.csv" in missing.stderr and "Traceback" not in missing.stderr


def test_two_annotators_measurement_on_the_heldout_titles(tx):
    """docs/experiments/classify-two-annotators.md: the second annotator's first place agrees with the gold's
    subsystem for 202 of the 208 held-out titles (53/58 of batches A–D, 31/31 of E, 16/16 of F, 20/20 of G, 30/30 of
    H, 22/23 of I, 13/13 of J, 17/17 of K); the lexical classifier scores 185/208 counting either annotation. Guards
    the recorded measurement (fixture unchanged, classifier not worse)."""
    from minestd.classify import get_classifier
    from minestd.classify.evaluate import placements_by_title

    alternatives = placements_by_title(_fixture("second-annotation.csv"), tx)
    assert len(alternatives) == 349
    report = evaluate(_fixture("heldout.csv"), tx, get_classifier("lexical", tx), alternatives=alternatives)
    assert report.alternatives == 208
    assert report.agreement["subsystem"] == pytest.approx(202 / 208, abs=1e-4)
    assert report.metrics["subsystem"]["Precision@1"] >= round(185 / 208, 4)
    assert report.primary_metrics["subsystem"]["Precision@1"] >= round(178 / 208, 4)


#: development titles that left the sample catalog on 2026-12-06 (their only sources were spam mirrors); they were
#: development titles when the hybrid's parameters were chosen, so they stay out of the "outside" set
LEFT_THE_CATALOG = ("金属非金属地下矿山紧急避险系统建设规范", "金属非金属地下矿山通信联络系统建设规范")


def test_hybrid_default_regression_guard_on_titles_outside_the_development_set(tx):
    """The hybrid classifier's blend and the subsystem model's parameters were chosen on the development titles
    (the sample catalog + tuning.csv). On the 168 held-out titles outside them (batches H–K included, each measured
    once while sealed) it scores subsystem P@1 0.905 = 152/168 (lexical alone: 144/168) and category Hit@3 0.893 =
    150/168; on all 208 held-out titles 0.894 = 186/208 (re-measured 2026-12-06 after the priority items were
    re-read: the same 152/168 and 150/168, 186/208 instead of 185/208) (docs/experiments/classify-guide-model.md,
    classify-catalog-blend.md). A regression guard at the measured figures."""
    from minestd.classify import get_classifier, normalise_title
    from minestd.data import load_catalog

    development = {normalise_title(e.title) for e in load_catalog().entries}
    development |= {normalise_title(e.title) for e in _fixture("tuning.csv")}
    development |= {normalise_title(t) for t in LEFT_THE_CATALOG}
    outside = [e for e in _fixture("heldout.csv") if normalise_title(e.title) not in development]
    hybrid = get_classifier("hybrid", tx)
    assert len(outside) == 168
    report = evaluate(outside, tx, hybrid)
    assert report.metrics["subsystem"]["Precision@1"] >= round(152 / 168, 4)
    assert report.metrics["category"]["Hit@3"] >= round(150 / 168, 4)
    assert evaluate(_fixture("heldout.csv"), tx, hybrid).metrics["subsystem"]["Precision@1"] >= round(186 / 208, 4)
