"""Curated terms of the priority items (the project's own words, taxonomy YAML ``curated_terms``): they propose review
candidates for gaps — never links — so a sensor standard is offered to 「矿山大气环境监测系统标准」 for a person to
accept or reject. Real standards: AQ 6206-2006 and GB/T 20104-2006 as in taxonomy/catalog/sample-catalog.csv."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES
from minestd.coverage import analyse
from minestd.coverage.matching import _matcher
from minestd.entry import Entry
from minestd.gapeval import evaluate_links
from minestd.linking import canonical_title
from minestd.review import decisions_from, review_rows
from minestd.data import load_taxonomy
from minestd.integrity import check_taxonomy

TAXO = FIXTURES / "taxonomy"
SENSOR = Entry(row=2, designation="AQ 6206-2006", title="煤矿用高低浓度甲烷传感器", status="current",
               nodes=("13.04.05",))


def _p09(report):
    return next(p for p in report.priorities if p.id == "13.04-p09")


def test_every_item_of_the_embedded_guide_has_curated_terms(tx):
    items = list(tx.priorities())
    assert len(items) == 370 and all(p.terms for p in items)
    assert "甲烷传感器" in tx.priority("13.04-p09").terms


def test_a_term_in_a_title_makes_a_candidate_not_a_link(tx):
    report = analyse(tx, [SENSOR])
    p = _p09(report)
    assert p.status == "gap" and not p.standards          # never counted
    near = [lk for lk in p.near if lk.basis == "term"]
    assert [(lk.designation, lk.matched) for lk in near] == [("AQ 6206-2006", ("甲烷传感器",))]
    assert report.summary.inferred_links == 0


def test_a_term_needs_the_item_s_category_or_a_shared_word(tx):
    """Placed under instruments (12.02.08) and sharing no word with 「矿山大气环境监测系统标准」: no candidate — a term
    counts when the entry sits in the item's category (its own or the classifier's places) or shares a word with it."""
    elsewhere = SENSOR.model_copy(update={"nodes": ("12.02.08",)})
    assert [lk for lk in _p09(analyse(tx, [elsewhere])).near if lk.basis == "term"] == []
    shares = Entry(row=2, title="矿井大气环境监测用甲烷传感器", status="current", nodes=("12.02.08",))
    assert [(lk.basis, lk.matched) for lk in _p09(analyse(tx, [shares])).near] == [("term", ("甲烷传感器", "环境监测"))]


def test_the_matcher_finds_terms_longest_first_and_ignores_boilerplate_terms(tx):
    m = _matcher(tx)
    j = next(k for k, p in enumerate(m.priorities) if p.id == "13.04-p09")
    assert m.curated_hits("煤矿用高低浓度甲烷传感器")[j] == ("甲烷传感器",)
    assert "鉴定" in tx.priority("15.04-p04").terms                    # written by the annotators, but boilerplate:
    k = next(k for k, p in enumerate(m.priorities) if p.id == "15.04-p04")
    assert k not in m.curated_hits("煤矿用设备鉴定")                    # no candidate from 鉴定 alone
    assert m.curated_hits("") == {}
    # terms are compared in the guide's spelling, as titles are (the curated synonyms: 振动 -> 震动)
    k = next(k for k, p in enumerate(m.priorities) if p.id == "13.04-p06")
    assert "振动传感器" in tx.priority("13.04-p06").terms and "震动传感器" not in tx.priority("13.04-p06").terms
    assert m.curated_hits(canonical_title("矿用振动传感器"))[k] == ("震动传感器",)


@pytest.mark.parametrize("entry", [
    SENSOR.model_copy(update={"status": "superseded"}),          # only current and in-progress standards count
    SENSOR.model_copy(update={"priorities": ("05.02-p01",)}),    # the catalog says what it answers
])
def test_who_gives_no_candidate(tx, entry):
    assert [lk for lk in _p09(analyse(tx, [entry])).near if lk.basis == "term"] == []


def test_a_term_candidate_respects_mine_scope(tx):
    """选矿厂 is a term of 「金属非金属选矿标准」: a metal-mine title is offered to it, a coal one is not."""
    metal = Entry(row=2, title="金属非金属矿山选矿厂安全规程", status="current")
    coal = Entry(row=2, title="煤矿选矿厂安全规程", status="current")

    def offered(entry):
        p = next(p for p in analyse(tx, [entry]).priorities if p.id == "11.02-p02")
        return [lk.matched for lk in p.near if lk.basis == "term"] + [lk.matched for lk in p.standards]

    assert "选矿厂" in tx.priority("11.02-p02").terms
    assert offered(metal) and offered(coal) == []


def test_a_term_candidate_respects_document_type(tx):
    """A terminology item takes terminology standards only: 瓦斯 terms do not offer a sensor to a 术语 item."""
    report = analyse(tx, [SENSOR])
    for p in report.priorities:
        for lk in p.near:
            if "术语" in p.text:
                assert lk.basis != "term", p.id


def test_a_rejected_candidate_is_not_offered_again(tx):
    report = analyse(tx, [SENSOR])
    rows = [r for r in review_rows(report, tx) if r.kind == "near" and r.target == "13.04-p09"]
    assert [r.basis for r in rows] == ["term"] and rows[0].evidence.startswith("甲烷传感器")
    decided = decisions_from([rows[0].model_dump() | {"decision": "拒绝"}], tx)
    again = analyse(tx, [SENSOR], decisions=decided)
    assert not [lk for lk in _p09(again).near if lk.row == 2]
    accepted = analyse(tx, [SENSOR], decisions=decisions_from([rows[0].model_dump() | {"decision": "采纳"}], tx))
    assert _p09(accepted).status == "covered" and _p09(accepted).standards[0].basis == "reviewed"


def test_evaluation_reports_what_a_review_can_reach(tx):
    gold = [SENSOR.model_copy(update={"priorities": ("13.04-p09",)}),
            Entry(row=3, designation="GB/T 20104-2006", title="煤自燃倾向性色谱吸氧鉴定法", status="current",
                  nodes=("06.02",), priorities=("06.02-p01",))]
    m = evaluate_links(tx, gold, modes=["with_nodes"]).mode("with_nodes")
    assert (m.links.true_positives, m.links.false_negatives) == (1, 1)           # the sensor is not linked …
    assert m.candidate_links.true_positives == 2 and m.candidate_links.false_negatives == 0   # … but offered
    assert m.candidate_priorities.recall == 1.0 and m.priorities.recall == 0.5
    missed = next(c for c in m.cases if c.kind == "false_negative")
    assert (missed.priority, missed.basis, missed.matched) == ("13.04-p09", "term", ("甲烷传感器",))


def test_cli_shows_candidates_and_their_terms(invoke, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_text("标准号,标准名称,状态,体系编号\nAQ 6206-2006,煤矿用高低浓度甲烷传感器,现行,13.04.05\n", encoding="utf-8")
    data = json.loads(invoke("gaps", str(path), "--format", "json").stdout)
    p09 = next(p for p in data["priorities"] if p["id"] == "13.04-p09")
    assert p09["status"] == "gap" and p09["near"][0]["basis"] == "term" and p09["near"][0]["matched"] == ["甲烷传感器"]
    md = invoke("gaps", str(path), "--format", "md", "--lang", "en").stdout
    row = next(line for line in md.splitlines() if line.startswith("| 13.04-p09 "))
    assert "candidates: AQ 6206-2006 “煤矿用高低浓度甲烷传感器” (curated-term candidate: 甲烷传感器)" in row


def test_curated_terms_in_a_taxonomy_folder_are_read_and_checked(tmp_path):
    folder = tmp_path / "guide"
    shutil.copytree(TAXO / "good", folder)
    alpha = folder / "01-alpha.yaml"
    text = alpha.read_text(encoding="utf-8")
    anchor = "        source: 甲术语、乙术语等标准\n"
    alpha.write_text(text.replace(anchor, anchor + "        curated_terms: [甲术语集, 乙术语表]\n", 1), encoding="utf-8")
    assert load_taxonomy(folder).priority("01.01-p01").terms == ("甲术语集", "乙术语表")
    alpha.write_text(text.replace(anchor, anchor + "        curated_terms: 5\n", 1), encoding="utf-8")
    hits = [f for f in check_taxonomy(folder).findings if f.rule == "TX010"]
    assert hits and "curated_terms" in hits[0].message and hits[0].file == "01-alpha.yaml"


def test_show_with_a_catalog_lists_the_candidate_and_its_terms(invoke, tmp_path):
    path = tmp_path / "目录.csv"
    path.write_text("标准号,标准名称,状态,体系编号\nAQ 6206-2006,煤矿用高低浓度甲烷传感器,现行,13.04.05\n", encoding="utf-8")
    out = invoke("show", "13.04-p09", "--catalog", str(path)).stdout
    assert "候选 / candidate: 行 / row 2  AQ 6206-2006 《煤矿用高低浓度甲烷传感器》 词表 / terms 甲烷传感器" in out


def test_the_review_file_has_a_row_for_a_term_candidate(invoke, tmp_path):
    from openpyxl import load_workbook

    path, review = tmp_path / "目录.csv", tmp_path / "待审核.xlsx"
    path.write_text("标准号,标准名称,状态,体系编号\nAQ 6206-2006,煤矿用高低浓度甲烷传感器,现行,13.04.05\n", encoding="utf-8")
    result = invoke("gaps", str(path), "--review", str(review))
    assert result.exit_code == 0 and f"wrote 1 row to review: {review}" in result.stderr
    rows = list(load_workbook(review).active.iter_rows(min_row=2, values_only=True))
    assert rows == [("候选 near", 2, "AQ 6206-2006", "煤矿用高低浓度甲烷传感器", "13.04-p09", "矿山大气环境监测系统标准",
                     "term", 0, "甲烷传感器; 类型 / type: 产品类 product; 适用 / scope: 煤矿 coal", None, None)]
