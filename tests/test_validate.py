"""Validation rules: one deliberately broken row per rule, clean fixtures, report API, hooks, fixes."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from minestd.entry import Entry
from minestd.io.catalog import read_catalog
from minestd.model import Finding
from minestd.validate import (CHECKS, RULES, Rule, ValidationReport, _bigrams, _similar_pairs, fix_entry,
                              title_key, register_check, validate)

CATALOGS = FIXTURES / "catalogs"
TODAY = dt.date(2025, 6, 30)

#: broken.csv: spreadsheet row -> the rule that row was written to break.
BROKEN = {
    2: "MS101", 3: "MS102", 4: "MS103", 5: "MS104", 6: "MS105", 7: "MS106", 8: "MS107", 9: "MS108", 10: "MS109",
    11: "MS201", 12: "MS202", 13: "MS203", 14: "MS204", 15: "MS205", 16: "MS206",
    17: "MS401", 18: "MS402", 19: "MS403", 20: "MS404", 21: "MS405", 22: "MS406", 23: "MS407", 24: "MS408",
    26: "MS409", 27: "MS410", 28: "MS411", 29: "MS412", 30: "MS412", 31: "MS413",
    33: "MS501", 34: "MS502", 35: "MS503", 37: "MS504", 39: "MS505", 40: "MS207",
}


#: This module's rules. MS3xx (classifier disagreement) belongs to minestd.classify and is tested there.
OWN = ["MS1", "MS2", "MS4", "MS5"]


@pytest.fixture(scope="module")
def broken_report(tx) -> ValidationReport:
    return validate(read_catalog(CATALOGS / "broken.csv").entries, tx, today=TODAY, rules=OWN)


@pytest.mark.parametrize("row, rule", sorted(BROKEN.items()))
def test_each_broken_row_is_reported_by_its_rule(broken_report, row, rule):
    assert rule in {f.rule for f in broken_report.findings if f.row == row}


def test_every_rule_has_a_broken_row():
    builtin = {r for r in RULES if not r.startswith("MS3")}
    assert builtin == set(BROKEN.values())


def test_broken_fixture_exact_findings(broken_report):
    """Nothing else fires on the broken fixture except these known side effects."""
    side_effects = {(25, "MS502"), (29, "MS408"), (30, "MS408")}
    found = {(f.row, f.rule) for f in broken_report.findings}
    assert found == {(row, rule) for row, rule in BROKEN.items()} | side_effects


@pytest.mark.parametrize("name", ["good.csv", "gb18030.csv", "utf8-bom.csv", "chinese-headers.xlsx",
                                  "title-row.xlsx", "good.json", "good.yaml"])
def test_good_fixtures_have_no_findings(tx, name):
    report = validate(read_catalog(CATALOGS / name).entries, tx, today=TODAY, rules=OWN)
    assert report.findings == () and report.entries == 6 and report.exit_code("warning") == 0


def test_messages_are_bilingual_and_carry_a_fix(broken_report):
    for f in broken_report.findings:
        assert " / " in f.message and f.fix and "{" not in f.message + f.fix, f


def test_findings_sorted_by_row_then_rule(broken_report):
    keys = [(f.row or 0, f.rule) for f in broken_report.findings]
    assert keys == sorted(keys)


def test_report_counts_and_exit_codes(broken_report):
    c = broken_report.counts()
    assert (len(broken_report.errors), len(broken_report.warnings), len(broken_report.infos)) == \
           (c["error"], c["warning"], c["info"])
    assert broken_report.exit_code("error") == 1 and not broken_report.ok
    data = broken_report.to_dict()
    assert list(data)[:4] == ["entries", "errors", "warnings", "findings"]
    assert list(data["findings"][0]) == ["rule", "severity", "row", "field", "value", "message", "fix"]


def test_warnings_only_exit_zero_unless_fail_on_warning(tx):
    report = validate([Entry(row=2, designation="AQ/T 9901-2023", title="测试", status="current", nodes=("04",))],
                      tx, today=TODAY, rules=OWN)
    assert [f.rule for f in report.findings] == ["MS202"]
    assert report.exit_code("error") == 0 and report.exit_code("warning") == 1


def test_a_retired_priority_id_names_its_successors_and_fix_replaces_a_single_one(tx):
    entries = [Entry(row=2, designation="AQ/T 9901-2023", title="测试", status="current", nodes=("11.01",),
                     priorities=("11.01-p13",)),
               Entry(row=3, designation="AQ/T 9902-2023", title="测试", status="current", nodes=("10.03",),
                     priorities=("10.03-p03", "10.03-p01"))]
    report = validate(entries, tx, today=TODAY, rules=["MS207"])
    by_row = {f.row: f for f in report.findings}
    assert by_row[2].message == ("建设重点编号 '11.01-p13' 已退役，由 11.01-p22 接替 / priority id '11.01-p13' is "
                                 "retired, replaced by 11.01-p22")
    assert by_row[2].fix == ("改为 11.01-p22（'minestd validate --fix' 可自动改） / write 11.01-p22 instead "
                             "('minestd validate --fix' does it)")
    assert "10.03-p01, 10.03-p02" in by_row[3].message and "/ choose the one(s)" in by_row[3].fix
    assert [f.rule for f in report.findings] == ["MS207", "MS207"]      # no MS205 'unknown id' besides
    assert fix_entry(entries[0], tx).priorities == ("11.01-p22",)
    assert fix_entry(entries[1], tx).priorities == ("10.03-p03", "10.03-p01")   # two successors: left to the user


def test_rule_selection_by_id_and_prefix(tx, broken_report):
    entries = read_catalog(CATALOGS / "broken.csv").entries
    only = validate(entries, tx, today=TODAY, rules=["MS1", "MS501"])
    assert {f.rule for f in only.findings} == {f.rule for f in broken_report.findings
                                               if f.rule.startswith("MS1") or f.rule == "MS501"}


def test_extra_rules_hook(tx):
    def always(ctx):
        for entry in ctx.entries:
            yield Finding(rule="MS301", severity="warning", message="x / x", fix="y", row=entry.row, field="nodes")

    report = validate([Entry(row=2, designation="AQ/T 9901-2023", title="t", status="current",
                             nodes=("04.02",))], tx, today=TODAY, extra_rules=[always], rules=OWN + ["MS399"])
    assert report.findings == ()                         # filtered by rules=
    report = validate([Entry(row=2, designation="AQ/T 9901-2023", title="t", status="current",
                             nodes=("04.02",))], tx, today=TODAY, extra_rules=[always], rules=OWN + ["MS301"])
    assert [f.rule for f in report.findings] == ["MS301"]


def test_register_check_adds_rules_to_the_table(tx):
    rule = Rule(id="MS399", severity="info", title="测试 / test", message="测试 {value} / test {value}", fix="none")
    count = len(CHECKS)
    try:
        @register_check([rule])
        def check(ctx):
            return [ctx.finding("MS399", e, "title", e.title) for e in ctx.entries]

        report = validate([Entry(row=2, designation="AQ/T 9901-2023", title="标题", status="current",
                                 nodes=("04.02",))], tx, today=TODAY, rules=OWN + ["MS399"])
        assert [(f.rule, f.message) for f in report.findings] == [("MS399", "测试 标题 / test 标题")]
    finally:
        del CHECKS[count:]
        RULES.pop("MS399", None)


# --------------------------------------------------------------------------- graded rules

def _rules(tx, *entries: Entry, today: dt.date = TODAY) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in validate(entries, tx, today=today, rules=OWN).findings]


def _e(**values) -> Entry:
    base = {"row": 2, "title": "测试标准", "status": "current", "nodes": ("04.02",)}
    return Entry(**(base | values))


def test_designation_year_one_off_publication_is_info(tx):
    assert _rules(tx, _e(designation="AQ/T 1-2023", published="2024-02-01")) == [("MS405", "info")]
    assert _rules(tx, _e(designation="AQ/T 1-2021", published="2024-02-01")) == [("MS405", "warning")]


def test_local_mandatory_is_a_warning_before_2018(tx):
    assert ("MS108", "warning") in _rules(tx, _e(designation="DB14 123-2015", published="2015-01-01"))
    assert ("MS108", "error") in _rules(tx, _e(designation="DB14 123-2019", published="2019-01-01"))


def test_group_standard_marked_mandatory(tx):
    entry = _e(designation="T/XYZ 1-2024", published="2024-01-01", extra=(("标准性质", "强制性"),))
    assert ("MS109", "error") in _rules(tx, entry)
    fine = entry.model_copy(update={"extra": (("标准性质", "推荐性"),)})
    assert _rules(tx, fine) == []


def test_review_overdue_grades(tx):
    assert _rules(tx, _e(designation="AQ/T 1-2019", published="2019-06-01")) == [("MS407", "info")]
    assert _rules(tx, _e(designation="AQ/T 1-2004", published="2004-06-01")) == [("MS407", "info")]
    assert _rules(tx, _e(designation="AQ/T 1-2020", published="2020-07-01")) == []       # 4 years 11 months
    assert _rules(tx, _e(designation="AQ/T 1-2017")) == [("MS407", "info")]             # from the year alone
    assert _rules(tx, _e(designation="AQ/T 1-2017", status="superseded", replaced_by=())) == [("MS409", "info")]


def test_effective_in_the_future_is_info(tx):
    entry = _e(designation="AQ/T 1-2025", published="2025-03-01", effective="2025-09-01")
    assert _rules(tx, entry) == [("MS406", "info")]


def test_glued_title_equal_to_the_title_is_info(tx):
    entry = _e(designation="AQ/T 1-2024 测试标准", published="2024-01-01")
    assert ("MS107", "info") in _rules(tx, entry)


def test_planned_entries_need_no_designation(tx):
    assert _rules(tx, _e(designation="", status="planned")) == []
    assert ("MS101", "error") in _rules(tx, _e(designation="", status="current"))


def test_numeric_node_fix_suggests_zero_padding(tx):
    report = validate([_e(designation="AQ/T 1-2024", published="2024-01-01", nodes=("5.02",))], tx, today=TODAY,
                      rules=OWN)
    assert report.findings[0].fix.startswith("写作 '05.02'（编号补零") and "/ write '05.02' (ids are zero-padded" in \
        report.findings[0].fix


def test_priority_id_in_nodes_and_node_id_in_priorities(tx):
    report = validate([_e(designation="AQ/T 1-2024", published="2024-01-01", nodes=("05.02-p01",),
                          priorities=("05.02",))], tx, today=TODAY, rules=OWN)
    fixes = {f.rule: f.fix for f in report.findings}
    assert "move it to the priorities column" in fixes["MS201"]
    assert "put it in the nodes column" in fixes["MS205"]


def test_priority_of_a_parent_category_is_within(tx):
    entry = _e(designation="AQ/T 1-2024", published="2024-01-01", nodes=("05.02.01",), priorities=("05.02-p01",))
    assert _rules(tx, entry) == []


def test_self_replacement_is_a_cycle(tx):
    entry = _e(designation="AQ/T 1-2024", published="2024-01-01", replaces=("AQ/T 1-2024",))
    assert ("MS412", "error") in _rules(tx, entry)


def test_undated_reference_matches_any_edition(tx):
    old = _e(row=2, designation="AQ/T 1-2010", published="2010-01-01", status="superseded")
    new = _e(row=3, designation="AQ/T 1-2024", published="2024-01-01", replaces=("AQ/T 1",), title="测试标准二")
    assert _rules(tx, old, new) == []


def test_parts_of_one_standard_are_not_near_duplicates(tx):
    a = _e(row=2, designation="AQ/T 1.1-2024", published="2024-01-01", title="矿用设备安全检测检验规范 第1部分：通则")
    b = _e(row=3, designation="AQ/T 1.2-2024", published="2024-01-01", title="矿用设备安全检测检验规范 第2部分：通则")
    assert _rules(tx, a, b) == []


def test_validate_never_raises(tx):
    weird = [Entry(), Entry(row=2, designation="\u3000", nodes=("",), priorities=("-p",), published="0000-00-00",
                            replaces=("",), status="?", mine_scope=";")]
    report = validate(weird, tx, today=TODAY)
    assert report.entries == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.builds(Entry, row=st.integers(2, 50), designation=st.text(max_size=20),
                          title=st.text(max_size=20), status=st.text(max_size=6),
                          nodes=st.lists(st.text(max_size=8), max_size=2).map(tuple),
                          priorities=st.lists(st.text(max_size=10), max_size=2).map(tuple),
                          published=st.text(max_size=12), effective=st.text(max_size=12),
                          replaces=st.lists(st.text(max_size=16), max_size=2).map(tuple),
                          replaced_by=st.lists(st.text(max_size=16), max_size=2).map(tuple)), max_size=8))
def test_validate_never_raises_on_random_entries(tx, entries):
    report = validate(entries, tx, today=TODAY)
    assert report.entries == len(entries)


# --------------------------------------------------------------------------- near duplicates

@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="煤矿井下安全监测规范方法系统", min_size=4, max_size=12), min_size=2, max_size=25),
       st.sampled_from([0.5, 0.75, 0.9]), st.sampled_from([63, 0]))
def test_prefix_filtering_finds_every_similar_pair(titles, threshold, packed_bits):
    """Against all pairs; packed_bits=0 takes the lexsort paths meant for catalogs too big to pack sort keys."""
    import minestd.validate.similarity as module

    module._PACKED_BITS = packed_bits
    try:
        _check_similar_pairs(titles, threshold)
    finally:
        module._PACKED_BITS = 63


def _check_similar_pairs(titles, threshold):
    ids = list(range(len(titles)))
    mapping = dict(zip(ids, titles))
    found = {(i, j) for i, j, _ in _similar_pairs(ids, mapping, threshold, per_entry=10 ** 6, posting_cap=10 ** 6)}
    expected = set()
    for i, j in itertools.combinations(ids, 2):
        a, b = _bigrams(titles[i]), _bigrams(titles[j])
        if len(a & b) / len(a | b) >= threshold:
            expected.add((j, i))
    assert found == expected


def test_dense_clusters_of_near_copies_are_capped_but_sound():
    """1,000 near-copies: each title meets only the cluster's first POSTING_CAP titles per prefix bigram, so the join
    stays small — every pair reported is still a true near duplicate, and nearly every copy that has one gets one
    (measured: 653 of the 670 that the uncapped join finds)."""
    import random

    from minestd.validate.similarity import POSTING_CAP

    rng = random.Random(7)
    base = "煤矿用隔爆型移动变电站安全技术要求"
    titles = {}
    for i in range(1000):
        chars = list(base)
        chars[rng.randrange(len(chars))] = rng.choice("甲乙丙丁戊己庚辛壬癸")
        titles[i] = "".join(chars) + f"第{i % 50}部分"
    pairs = _similar_pairs(list(titles), titles, 0.8)
    for later, earlier, similarity in pairs:
        a, b = _bigrams(titles[later]), _bigrams(titles[earlier])
        assert earlier < later and similarity == pytest.approx(len(a & b) / len(a | b)) and similarity >= 0.8
    per_entry = {}
    for later, _earlier, _similarity in pairs:
        per_entry[later] = per_entry.get(later, 0) + 1
    uncapped = {later for later, _, _ in _similar_pairs(list(titles), titles, 0.8, posting_cap=10 ** 6)}
    assert max(per_entry.values()) <= 3 and set(per_entry) <= uncapped
    assert len(per_entry) >= 0.95 * len(uncapped) and POSTING_CAP < 100


def test_normalise_title():
    assert title_key("《煤矿安全规程》 （2022年版）") == "煤矿安全规程2022年版"


# --------------------------------------------------------------------------- --fix

def test_fix_entry_normalises_without_guessing(tx):
    entry = Entry(row=2, designation="ＡＱ／Ｔ 1029—2019", title="", status="现行", mine_scope="煤矿",
                  published="2019年5月1日", replaces=("AQ1029-2007",), nodes=("5.02",), extra=(("x", "y"),))
    fixed = fix_entry(entry, tx)
    assert (fixed.designation, fixed.status, fixed.mine_scope, fixed.published, fixed.replaces, fixed.nodes,
            fixed.extra, fixed.row) == ("AQ/T 1029-2019", "现行", "煤矿", "2019-05-01", ("AQ 1029-2007",),
                                        ("05.02",), (("x", "y"),), 2)     # Chinese words stay Chinese
    assert (fix_entry(Entry(status="现行有效", mine_scope="非煤")).status,
            fix_entry(Entry(status="现行有效", mine_scope="非煤")).mine_scope) == ("现行", "金属非金属矿山")
    assert fix_entry(Entry(status="即将实施")).status == "即将实施"       # the national platform's word
    assert (fix_entry(Entry(status="Current ", mine_scope="Coal")).status,
            fix_entry(Entry(status="Current ", mine_scope="Coal")).mine_scope) == ("current", "coal")
    glued = fix_entry(Entry(designation="AQ 1029-2019 煤矿安全监控系统", title=""))
    assert (glued.designation, glued.title) == ("AQ 1029-2019", "煤矿安全监控系统")
    unreadable = Entry(designation="XX 12", status="现形")
    assert fix_entry(unreadable) == unreadable


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="煤矿金属非山ΣσA a_《》：—\x01\u0301e\uff21ﬁ\u3000", max_size=10), max_size=8))
def test_batch_title_normalisation_equals_one_by_one(titles):
    from minestd.validate import _MINE_WORDS_RE, _without_mine_words, title_key, title_keys

    assert title_keys(titles) == [title_key(t) for t in titles]
    assert _without_mine_words(titles) == [_MINE_WORDS_RE.sub("", t) for t in titles]


def test_status_and_date_findings_are_per_row_when_cells_repeat(tx):
    # equal cells give equal findings, each on its own row; undated MS407 names each entry's own designation
    entries = [Entry(row=2, designation="AQ 1001-2010", title="甲", status="current", published="2010-03-01"),
               Entry(row=3, designation="AQ 1002-2010", title="乙", status="current", published="2010-03-01"),
               Entry(row=4, designation="AQ 1003-2010", title="丙", status="current"),
               Entry(row=5, designation="AQ 1004-2010", title="丁", status="current")]
    report = validate(entries, tx, today=dt.date(2025, 6, 30), rules=["MS407"])
    assert [(f.row, f.field, f.value) for f in report.findings] == [
        (2, "published", "2010-03-01"), (3, "published", "2010-03-01"),
        (4, "designation", "AQ 1003-2010"), (5, "designation", "AQ 1004-2010")]
    assert len({f.message for f in report.findings}) == 1


def test_status_and_date_findings_of_entries_without_row_numbers(tx):
    # API users may build entries without rows: each undated MS407 still names its own designation
    entries = [Entry(designation=f"AQ 100{k}-2010", title=t, status="current") for k, t in enumerate("甲乙丙")]
    report = validate(entries, tx, today=dt.date(2025, 6, 30), rules=["MS407"])
    assert sorted(f.value for f in report.findings) == ["AQ 1000-2010", "AQ 1001-2010", "AQ 1002-2010"]


def test_rules_as_a_string_and_wrong_types(tx):
    entries = read_catalog(CATALOGS / "broken.csv").entries
    by_string = validate(entries, tx, today=TODAY, rules="MS501")
    assert {f.rule for f in by_string.findings} == {"MS501"}
    assert validate(entries, tx, today=TODAY, rules="ms1,MS501").findings == \
        validate(entries, tx, today=TODAY, rules=["MS1", "MS501"]).findings
    with pytest.raises(TypeError, match="rules must be a list of rule ids"):
        validate(entries, tx, rules=501)
    with pytest.raises(ValueError, match="malformed rule id or prefix 'X1'"):
        validate(entries, tx, rules=["X1"])


def test_the_national_platforms_status_words_are_read(tx):
    """现行 / 即将实施 / 废止 / 被代替 (the 矿山安全标准服务平台's words): 即将实施 is published, not yet in force."""
    from minestd.coverage import analyse
    from minestd.entry import normalise_status

    assert [normalise_status(w) for w in ("现行", "即将实施", "废止", "被代替")] == \
        ["current", "current", "withdrawn", "superseded"]
    entry = Entry(row=2, designation="AQ/T 9901-2025", title="矿井瓦斯涌出量预测方法", status="即将实施",
                  nodes=("05.02.02",), published="2025-05-01", effective="2025-11-01")
    report = validate([entry], tx, today=TODAY, rules=["MS4"])
    assert [(f.rule, f.severity) for f in report.findings] == [("MS406", "info")]
    assert analyse(tx, [entry], today=TODAY).priority("05.02-p08").status == "covered"


def test_every_fixed_fix_text_reads_in_chinese_first():
    """A standards engineer reads Chinese first: every rule whose fix is a fixed text gives it as '中文 / English'."""
    import re

    from minestd.validate import register_builtin_extensions

    rules = register_builtin_extensions()
    static = {k: r.fix for k, r in rules.items() if r.fix != "{fix}"}
    assert len(static) >= 28
    for rule_id, fix in static.items():
        assert re.match(r"[^a-zA-Z']*[\u4e00-\u9fff].*? / [a-z]", fix), (rule_id, fix)
