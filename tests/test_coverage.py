"""Coverage analysis (minestd.coverage): statuses, links, reasons, roll-ups, statistics — the pure core."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from minestd.coverage import (COVERAGE_STATUSES, DISASTER_SUBSYSTEMS, CoverageReport, _fast_designation, _Matcher,
                              analyse, parse_statuses)
from minestd.entry import Entry

TODAY = dt.date(2025, 6, 1)
CATALOG = FIXTURES / "coverage" / "catalog.csv"


@pytest.fixture(scope="module")
def fixture_catalog():
    from minestd.data import load_catalog

    return load_catalog(CATALOG)


@pytest.fixture(scope="module")
def report(tx, fixture_catalog) -> CoverageReport:
    return analyse(tx, fixture_catalog, today=TODAY, catalog_name="catalog.csv")


def status_of(report: CoverageReport, pid: str) -> str:
    return report.priority(pid).status


def e(**kw) -> Entry:
    kw.setdefault("status", "current")
    return Entry(**kw)


# ------------------------------------------------------------------------------------------ statuses


def test_every_status_is_reachable(report):
    assert {p.status for p in report.priorities} == set(COVERAGE_STATUSES)
    assert {p.reason for p in report.priorities if p.status == "gap"} == {"no_standards", "no_match"}


@pytest.mark.parametrize(("pid", "status", "reason"), [
    ("05.02-p02", "covered", None),                 # current standard, title match
    ("05.02-p01", "covered", None),                 # current standard, explicit
    ("05.02-p03", "in_progress", None),             # draft, title match
    ("05.02-p06", "in_progress", None),             # planned, explicit (beats a current title match)
    ("01.01-p01", "revision_pending", "not_revised"),  # 修订: named standard, only pre-guide editions
    ("01.02-p02", "covered", None),                 # 修订: an edition published after the guide
    ("01.02-p03", "in_progress", None),             # 修订: a draft of the named standard
    ("05.02-p08", "gap", "no_match"),               # only a superseded standard matches
    ("05.02-p09", "gap", "no_match"),               # explicit link from a withdrawn standard
    ("05.03-p01", "gap", "no_standards"),           # nothing placed under 05.03
    ("07.02-p01", "gap", "no_standards"),
])
def test_status_and_reason(report, pid, status, reason):
    p = report.priority(pid)
    assert (p.status, p.reason) == (status, reason)


def test_explicit_beats_inferred(report):
    p = report.priority("05.02-p06")
    explicit = [lk for lk in p.standards if lk.link == "explicit"]
    inferred = [lk for lk in p.standards if lk.link == "inferred"]
    assert [lk.title for lk in explicit] == ["钻屑量测定方法"]
    assert [lk.designation for lk in inferred] == ["AQ 1999-2019"]   # shown ...
    assert inferred[0].decisive is False                            # ... but it does not decide
    assert p.standards[0].link == "explicit"                         # explicit links come first
    assert p.status == "in_progress"


def test_entry_listing_priorities_is_not_matched_by_title(tx):
    # the title matches 05.02-p02 too, but the entry says which priority it serves
    entries = [e(row=2, title="煤层瓦斯含量井下直接测定方法", nodes=("05.02.01",), priorities=("05.02-p01",))]
    r = analyse(tx, entries, today=TODAY)
    assert r.priority("05.02-p01").status == "covered"
    assert r.priority("05.02-p02").status == "gap"


def test_a_retired_priority_id_links_to_its_single_successor(tx):
    entries = [e(row=2, designation="AQ/T 9901-2023", title="赤泥库安全技术规范", nodes=("11.01",),
                 priorities=("11.01-p12",)),
               e(row=3, designation="AQ/T 9902-2023", title="盐湖开采", nodes=("10.03",), priorities=("10.03-p03",))]
    r = analyse(tx, entries, today=TODAY)
    assert [(lk.row, lk.link) for lk in r.priority("11.01-p22").standards] == [(2, "explicit")]
    assert {(f.rule, f.row) for f in r.findings} == {("COV004", 2), ("COV004", 3)}
    assert r.priority("10.03-p01").standards == () or all(lk.row != 3 or lk.link != "explicit"
                                                          for lk in r.priority("10.03-p01").standards)


def test_a_revision_item_names_its_standards_by_designation(tx):
    entries = [e(row=2, designation="AQ 2013.2-2008", title="局部通风（目录里的简称）", nodes=("04.02.04",))]
    links = analyse(tx, entries, today=TODAY).priority("04.01-p05").standards
    assert [(lk.row, lk.basis, lk.matched) for lk in links] == [(2, "named", ("AQ 2013.2-2008",))]


def test_inferred_link_is_labelled_with_score_and_terms(report):
    lk = report.priority("05.02-p02").standards[0]
    assert (lk.link, lk.basis) == ("inferred", "title")
    assert 0.5 <= lk.score < 1
    assert lk.matched == ("瓦斯含量", "测定方法")


def test_threshold_is_configurable(tx, fixture_catalog):
    strict = analyse(tx, fixture_catalog, today=TODAY, threshold=0.9)
    assert strict.priority("05.02-p02").status == "gap"           # 0.79 < 0.9
    assert strict.priority("05.02-p02").near[0].designation == "AQ 1066-2008"  # ... shown as the closest
    assert strict.priority("05.02-p01").status == "covered"       # explicit links ignore the threshold
    with pytest.raises(ValueError, match="threshold"):
        analyse(tx, fixture_catalog, threshold=1.5)


def test_outside_its_category_a_title_needs_strong_evidence(tx):
    entries = [e(row=2, title="瓦斯含量测定方法", nodes=("06.02",))]   # 05.02-p02's own words, placed under 火灾防治
    assert analyse(tx, entries, today=TODAY).priority("05.02-p02").standards[0].score == 1.0
    weak = [e(row=2, title="煤矿矿井瓦斯地质图编制方法", nodes=("06.02",))]   # 0.58 for 05.01-p02: not enough there
    assert analyse(tx, weak, today=TODAY).priority("05.01-p02").status == "gap"
    assert analyse(tx, weak, today=TODAY, cross_category=False).priority("05.02-p02").status == "gap"
    assert analyse(tx, entries, today=TODAY, cross_category=False).priority("05.02-p02").status == "gap"


@pytest.mark.parametrize("title, pid", [
    ("冲击地压测定、监测与防治方法 第4部分：微震监测方法", "08.02-p13"),   # 微震 is not 矿震: 「震监测方法」 straddles a word
    ("离子型稀土矿原地浸出开采技术规范", "09.02-p19"),               # 「采技术规范」 is not 初采…末采
    ("矿山个体呼吸性粉尘测定方法", "04.03-p08"),                    # a method standard does not answer a management item
    ("煤矿科技术语 第3部分：地下开采", "09.01-p02"),                 # terminology does not answer a method item
    ("隔绝式负压氧气呼吸器", "12.02.10-p03"),                        # 负压 is not 正压
    ("煤矿在用缠绕式提升机系统安全检测检验规范", "12.02.01-p01"),      # shared boilerplate only, no subject
    ("井下探放水技术规范", "07.02-p04"),                             # placed in 07.02 but MT: a coal standard
])
def test_evidence_that_is_not_evidence(tx, title, pid):
    node = tx.priority(pid).node
    designation = "MT/T 632-1996" if "探放水" in title else ""
    r = analyse(tx, [e(row=2, title=title, nodes=(node,), designation=designation)], today=TODAY)
    assert r.priority(pid).status == "gap", r.priority(pid).standards


def test_synonyms_and_word_level_evidence(tx):
    entries = [e(row=2, title="煤矿井下人员定位系统通用技术条件", nodes=("13.04.01",)),
               e(row=3, title="煤层气含量测定方法", nodes=("05.02.01",))]
    r = analyse(tx, entries, today=TODAY)
    assert r.priority("13.04-p01").standards[0].matched == ("人员位置监测系统",)
    assert r.priority("05.02-p02").standards[0].row == 3


def test_inactive_entries_never_cover(tx):
    for status in ("superseded", "withdrawn", "废止", "nonsense"):
        entries = [e(row=2, title="瓦斯含量测定方法", status=status, nodes=("05.02",), priorities=("05.02-p02",))]
        assert analyse(tx, entries, today=TODAY).priority("05.02-p02").status == "gap", status


def test_gap_reason_counts_only_valid_standards_under_the_node(tx):
    superseded = [e(row=2, title="无关标准", status="superseded", nodes=("05.03",))]
    assert analyse(tx, superseded, today=TODAY).priority("05.03-p01").reason == "no_standards"
    current = [e(row=2, title="无关标准", nodes=("05.03",))]
    assert analyse(tx, current, today=TODAY).priority("05.03-p01").reason == "no_match"


# ------------------------------------------------------------------------------------------ revisions


def test_revision_named_standard_found_anywhere_in_the_catalog(tx):
    # 尾矿库安全规程 is a priority of 01.02 but the standard is usually placed under 11.01 尾矿库
    entries = [e(row=2, designation="GB 39496-2020", title="尾矿库安全规程", nodes=("11.01",))]
    p = analyse(tx, entries, today=TODAY).priority("01.02-p03")
    assert (p.status, p.reason) == ("revision_pending", "not_revised")
    assert (p.standards[0].basis, p.standards[0].newer) == ("named", False)


def test_revision_newer_edition_by_year_or_published_date(tx):
    old = e(row=2, designation="GB 39496-2020", title="尾矿库安全规程", nodes=("11.01",))
    by_year = e(row=3, designation="GB 39496-2025", title="尾矿库安全规程", nodes=("11.01",))
    late_2024 = e(row=3, designation="GB 39496-2024", title="尾矿库安全规程", nodes=("11.01",), published="2024-12-30")
    early_2024 = e(row=3, designation="GB 39496-2024", title="尾矿库安全规程", nodes=("11.01",), published="2024-03-01")
    assert analyse(tx, [old, by_year], today=TODAY).priority("01.02-p03").status == "covered"
    assert analyse(tx, [old, late_2024], today=TODAY).priority("01.02-p03").status == "covered"
    assert analyse(tx, [old, early_2024], today=TODAY).priority("01.02-p03").status == "revision_pending"


def test_revision_found_through_the_designation_of_another_edition(tx):
    # the draft has another title but the same designation (without year) as the explicitly linked standard
    old = e(row=2, designation="AQ 1050-2008", title="保护层开采技术规范", nodes=("05.04",), priorities=("05.04-p02",))
    draft = e(row=3, designation="AQ 1050", title="煤矿保护层开采技术规范（修订）", status="征求意见稿", nodes=("05.04",))
    p = analyse(tx, [old, draft], today=TODAY).priority("05.04-p02")
    assert p.status == "in_progress"
    assert {(lk.designation, lk.basis) for lk in p.standards} == {("AQ 1050-2008", "listed"), ("AQ 1050", "edition")}


def test_revision_without_any_standard_is_a_gap(tx):
    assert analyse(tx, [], today=TODAY).priority("01.01-p01").status == "gap"


# ------------------------------------------------------------------------------------------ roll-ups


def test_roll_ups_add_up(report):
    s = report.summary
    assert s.total == 370 == s.covered + s.in_progress + s.revision_pending + s.gap
    subsystems = [n for n in report.nodes if n.kind == "subsystem"]
    assert len(subsystems) == 15
    for key in ("total", "covered", "in_progress", "revision_pending", "gap"):
        assert sum(getattr(n, key) for n in subsystems) == getattr(s, key)
    for sub in subsystems:
        cats = [n for n in report.nodes if n.parent == sub.id]
        assert sum(c.total for c in cats) == sub.total
    assert s.coverage == round(s.covered / s.total, 4)
    assert s.remaining == s.gap


def test_disaster_subsystems_are_highlighted(report):
    assert {n.id for n in report.nodes if n.kind == "subsystem" and n.highlighted} == set(DISASTER_SUBSYSTEMS)
    assert all(n.highlighted for n in report.nodes if n.kind == "category" and n.id[:2] in DISASTER_SUBSYSTEMS)
    d = report.summary.disaster
    assert d.total == sum(n.total for n in report.nodes if n.id in DISASTER_SUBSYSTEMS)
    assert d.covered == 4      # 01.02-p02 … and 08.02-p14; 08.02-p13 矿震 is not answered by a 微震 method


def test_node_without_priorities_has_no_ratio(report):
    assert report.node("03").total == 0 and report.node("03").coverage is None


def test_node_scope(tx, fixture_catalog):
    r = analyse(tx, fixture_catalog, today=TODAY, node="05")
    assert r.summary.scope == "05"
    assert r.summary.total == len(tx.priorities("05")) == len(r.priorities)
    assert {n.id for n in r.nodes} == {"05", "05.01", "05.02", "05.03", "05.04"}
    assert all(p.id.startswith("05.") for p in r.priorities)
    assert {row.id for row in r.statistics.rows} <= {"05", "05.01", "05.02", "05.03", "05.04"}


def test_with_statuses_filters_items_not_roll_ups(report):
    gaps = report.with_statuses(["gap"])
    assert {p.status for p in gaps.priorities} == {"gap"}
    assert gaps.summary == report.summary
    assert report.with_statuses(None) is report


# ------------------------------------------------------------------------------------------ statistics


def test_statistics_by_status_level_and_scope(report):
    t = report.statistics.total
    assert t.total == 18
    assert t.by_status["current"] == 11 and t.by_status["unknown"] == 1
    assert (t.by_level["national"], t.by_level["local"], t.by_level["group"], t.by_level["enterprise"]) == (7, 1, 1, 1)
    assert t.by_level["unknown"] == 2          # two planned/draft entries without a designation
    assert (t.by_scope["coal"], t.by_scope["metal-nonmetal"], t.by_scope["all"]) == (11, 4, 3)
    rows = {r.id: r for r in report.statistics.rows}
    assert rows["05"].total == 8 and rows["05"].highlighted
    assert sum(r.by_status["current"] for r in report.statistics.rows) >= t.by_status["current"]


# ------------------------------------------------------------------------------------------ findings


def test_catalog_problems_become_findings_not_dropped_rows(report):
    found = {(f.rule, f.row, f.field, f.value) for f in report.findings}
    assert found == {("COV003", 19, "status", "在用"), ("COV001", 19, "nodes", "99.01"),
                     ("COV002", 19, "priorities", "05.02-p99")}
    assert report.summary.entries == 18
    assert any(en.row == 19 and en.nodes == ("12.02",) for en in report.entries)


def test_priority_id_in_the_nodes_column(tx):
    r = analyse(tx, [e(row=2, title="x", nodes=("05.02-p01",))], today=TODAY)
    assert r.findings[0].rule == "COV001" and "priority id" in r.findings[0].message
    assert r.summary.unplaced == 1


# ------------------------------------------------------------------------------------------ matching


def test_no_pairwise_comparison(tx, monkeypatch):
    """Entries are scored only against the candidates the indexes find: their own categories' at the threshold,
    the whole tree's at WIDE_THRESHOLD (few)."""
    scored: list[int] = []
    original = _Matcher.evidence

    def spy(self, j, title, grams):
        scored.append(j)
        return original(self, j, title, grams)

    monkeypatch.setattr(_Matcher, "evidence", spy)
    entries = [e(row=i, title=f"瓦斯含量测定方法{i}", nodes=("05.02",)) for i in range(50)]
    analyse(tx, entries, today=TODAY)
    priorities = tx.priorities()
    assert scored and sum(priorities[j].node.startswith("05.02") for j in scored) > len(scored) / 2
    assert len(scored) < 50 * len(priorities) / 20


def test_sample_catalog(tx):
    from minestd.data import load_catalog

    r = analyse(tx, load_catalog(), today=TODAY)
    assert r.summary.entries >= 100 and not r.findings
    p = r.priority("01.01-p01")
    assert p.status == "revision_pending" and p.standards[0].designation == "GB/T 15259-2008"
    assert p.standards[0].link == "explicit"
    assert r.summary.covered > 0 and r.summary.gap > 0


# ------------------------------------------------------------------------------------------ helpers


def test_parse_statuses():
    assert parse_statuses("gap,in_progress") == ("gap", "in_progress")
    assert parse_statuses("缺失；待修订") == ("gap", "revision_pending")
    assert parse_statuses("in-progress, covered, gap") == ("in_progress", "covered", "gap")
    assert parse_statuses(None) == ()
    with pytest.raises(ValueError, match="bogus"):
        parse_statuses("gap,bogus")


CODES = st.sampled_from(["GB", "GB/T", "GB/Z", "GBZ", "AQ", "AQ/T", "MT", "MT/T", "KA/T", "NB/T", "JJG", "DB14/T",
                         "DB61/T", "DB99/T", "DB51", "T/CCS", "T/CMSA", "Q/SX", "XX", "XX/T", "JJG/T"])


@settings(max_examples=300, deadline=None)
@given(code=CODES, number=st.from_regex(r"[0-9]{1,7}(\.[0-9]{1,2})?", fullmatch=True),
       year=st.integers(1900, 2100))
def test_fast_designation_path_agrees_with_the_parser(code, number, year):
    """The shortcut for canonical designations must give what minestd.designation.parse gives."""
    from minestd.designation import parse

    raw = f"{code} {number}-{year}"
    fast = _fast_designation(raw)
    if fast is None:
        return
    d = parse(raw, today=dt.date(2100, 1, 1)).designation
    assert d is not None, raw
    assert fast == (d.canonical, d.key(), d.year, d.level), raw


def test_the_guide_date_and_highlighted_subsystems_come_from_the_edition(tmp_path):
    import shutil

    from minestd.data import edition_dir, load_taxonomy

    folder = tmp_path / "guide-2030"
    shutil.copytree(edition_dir(), folder)
    (folder / "compiled.json").unlink()
    system = (folder / "system.yaml").read_text(encoding="utf-8")
    system = system.replace('date: "2024-12-26"', 'date: "2030-06-30"').replace(
        'highlighted: ["05", "06", "07", "08"]', 'highlighted: ["07"]')
    (folder / "system.yaml").write_text(system, encoding="utf-8")
    tx2030 = load_taxonomy(folder)
    r = analyse(tx2030, [e(row=2, title="矿山安全术语", designation="GB/T 15259-2026", nodes=("01.01.01",),
                           published="2026-01-01")], today=TODAY)
    assert r.summary.guide_date.isoformat() == "2030-06-30" and r.summary.highlighted == ("07",)
    assert r.priority("01.01-p01").status == "revision_pending"     # 2026 is before this edition's date
    assert [n.id for n in r.nodes if n.kind == "subsystem" and n.highlighted] == ["07"]
    assert r.summary.disaster.total == len(tx2030.priorities("07"))


def test_a_title_link_carries_the_document_type_and_mine_scope_it_was_checked_for(tx):
    """The issue's evidence: matched words, document type, scope, score, basis (explicit links have no such facts)."""
    report = analyse(tx, [e(designation="AQ 1018-2006", title="矿井瓦斯涌出量预测方法", nodes=("05.02.02",)),
                          e(row=3, designation="AQ 1029-2019", title="煤矿安全监控系统及检测仪器使用管理规范",
                            priorities=("13.04-p09",))])
    title = next(lk for p in report.priorities if p.id == "05.02-p08" for lk in p.standards)
    assert (title.basis, title.doc_type, title.mine_scope, title.matched) == \
        ("title", "method", "coal", ("瓦斯涌出量预测方法",))
    listed = next(lk for p in report.priorities if p.id == "13.04-p09" for lk in p.standards)
    assert (listed.basis, listed.doc_type, listed.mine_scope) == ("listed", None, None)
