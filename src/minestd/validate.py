"""Validate a catalog of standards against the guide's taxonomy: rules -> findings (pure core).

``validate(entries, tx)`` never raises for bad data: every problem becomes a :class:`~minestd.model.Finding`
with a stable rule id, a severity, a one-line Chinese / English message and a fix hint. The rules live in
one table (:data:`RULES`) that ``minestd validate --rules`` prints:

* ``MS1xx`` designation (syntax, normalisation, missing fields, mandatory local/group standards)
* ``MS2xx`` placement (node ids, levels, priorities, mine scope)
* ``MS3xx`` reserved for the classifier (a node that disagrees with the top suggestion): add checks with
  :func:`register_check` or pass ``extra_rules=[...]`` to :func:`validate`
* ``MS4xx`` status, dates, supersession, review (复审)
* ``MS5xx`` duplicates and overlap (same designation, same title, coal/non-coal twins, near-duplicate titles)
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
import os
import pickle
import re
import string
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from .designation import ParseResult, parse, parse_many
from .entry import MINE_SCOPES, STATUS_ALIASES, STATUSES, Entry, normalise_scope, normalise_status, parse_date
from .joined import map_joined
from .memory import PAUSE_ABOVE, gc_paused
from .model import SEVERITY_RANK, Finding, Node, Priority, Severity, construct_trusted, count_severities

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["Rule", "RULES", "CHECKS", "ValidationContext", "ValidationReport", "validate", "register_check",
           "normalise_title", "fix_entry", "fix_entries", "REVIEW_YEARS", "NEAR_DUPLICATE_THRESHOLD"]

#: 复审周期一般不超过五年 (行业标准管理办法; 国家标准管理办法) — see shared/reference/designations.md §4.
REVIEW_YEARS = 5
#: Character-bigram Jaccard similarity at or above which two titles are reported as near duplicates.
NEAR_DUPLICATE_THRESHOLD = 0.75
#: Statuses whose entries are expected to carry a designation.
PUBLISHED_STATUSES = frozenset({"current", "superseded", "withdrawn"})
INACTIVE_STATUSES = frozenset({"superseded", "withdrawn"})
LOCAL_MANDATORY_CUTOFF = 2018   # 2017 标准化法 (in force 2018-01-01): local standards are recommended


class Rule(BaseModel):
    """One validation rule. ``message`` and ``fix`` are templates filled with ``str.format``."""

    model_config = ConfigDict(frozen=True)

    id: str
    severity: Severity          # the usual severity (a few rules grade it, see ``doc``)
    title: str                  # 中文 / English, a few words
    message: str                # 中文 / English, one line, {placeholders}
    fix: str
    doc: str = ""

    def as_dict(self) -> dict[str, str]:
        """For ``--rules``: templates shown with their placeholders as '…'."""
        return {"id": self.id, "severity": self.severity, "title": self.title, "message": _describe(self.message),
                "fix": _describe(self.fix), "doc": self.doc}


def _describe(template: str) -> str:
    if template in ("{message}", "{fix}"):
        return "(given with each finding / 随每条问题给出)" if template == "{fix}" \
            else "(the designation parser's message / 标准号解析器的说明)"
    return re.sub(r"\{hint\}", "", re.sub(r"\{(?!hint)[a-z_]+(?::[^}]*)?\}", "…", template))


def _rule(id: str, severity: Severity, title: str, message: str, fix: str, doc: str = "") -> Rule:
    return Rule(id=id, severity=severity, title=title, message=message, fix=fix, doc=doc)


RULES: dict[str, Rule] = {r.id: r for r in (
    # -- MS1xx designation
    _rule("MS101", "error", "缺少标准号 / missing designation",
          "缺少标准号 / designation is missing",
          "enter the designation as published, e.g. 'GB/T 15259-2008'",
          "Only for published statuses (current, superseded, withdrawn) or an empty/unknown status; planned, "
          "approved and draft entries may have no number yet."),
    _rule("MS102", "error", "缺少标准名称 / missing title",
          "缺少标准名称 / title is missing", "enter the title as published{hint}"),
    _rule("MS103", "error", "标准号无法识别 / unreadable designation",
          "{message}", "{fix}",
          "The designation parser could not read the number, year or part (or the year is in the future)."),
    _rule("MS104", "error", "未知标准代号 / unknown code",
          "{message}", "{fix}", "Unknown code, invalid province code of a DBnn local standard, or an ambiguous code."),
    _rule("MS105", "warning", "标准号存疑 / questionable designation",
          "{message}", "{fix}",
          "Undated designation, several designations in one cell, GBZ vs GB/Z, edition year before the standard's."),
    _rule("MS106", "info", "标准号已规范化 / designation normalised",
          "{message}", "{fix}",
          "The designation was written in a non-canonical form (full-width, em dash, missing space, 2-digit year); "
          "'minestd validate --fix' writes the canonical form."),
    _rule("MS107", "warning", "标准号单元格含其他文字 / text glued to the designation",
          "标准号单元格含标题文字 '{rest}' / the designation cell also holds '{rest}'",
          "keep only the designation in this cell and put the title in the title column",
          "Info when the glued text is the title already in the title column."),
    _rule("MS108", "warning", "地方标准为强制性 / mandatory local standard",
          "地方标准 '{value}' 未带 /T (强制性) / local standard '{value}' has no /T (mandatory)",
          "local standards are recommended since 2018 (标准化法 第二条): write 'DB{region}/T {number}-{year}'",
          "Warning for a legacy (pre-2018 or undated) DBnn standard; error when dated 2018 or later."),
    _rule("MS109", "error", "团体/企业/地方标准标为强制 / non-mandatory family marked mandatory",
          "{level_zh}标准 '{value}' 被标为强制性 ({column}={mark}) / {level} standard '{value}' marked mandatory "
          "({column}={mark})",
          "only national (GB) and industry standards can be mandatory; group (T/), enterprise (Q/) and local "
          "(DBnn/T) standards are recommended — correct the {column} column"),
    # -- MS2xx placement
    _rule("MS201", "error", "未知体系编号 / unknown node id",
          "体系编号 '{value}' 不存在 / node id '{value}' is not in the system", "{fix}",
          "The fix names the zero-padded id (Excel turns 05.02 into 5.02), the closest ids, or says to move a "
          "priority id to the priorities column."),
    _rule("MS202", "warning", "只放到子体系 / placed at subsystem level",
          "'{value}' 是子体系 ({name}), 应放到类别或子类 / '{value}' is a subsystem ({name}); place the standard "
          "in a category or sub-category",
          "choose one of its categories, e.g. {children} (see 'minestd tree {value}')"),
    _rule("MS203", "warning", "适用矿山无法识别 / unknown mine scope",
          "适用矿山 '{value}' 无法识别 / unknown mine scope '{value}'",
          "use coal / metal-nonmetal / all (煤矿 / 金属非金属矿山 / 通用)"),
    _rule("MS204", "info", "未放入体系 / not placed",
          "未填写体系编号 / the standard is not placed in the system (no node id)",
          "add a node id (see 'minestd tree') or get suggestions with 'minestd classify \"{title}\"'"),
    _rule("MS205", "error", "未知建设重点编号 / unknown priority id",
          "建设重点编号 '{value}' 不存在 / priority id '{value}' is not in the guide", "{fix}",
          "Priority ids look like 05.02-p01 (see 'minestd priorities'); a node id here is reported too."),
    _rule("MS206", "warning", "建设重点不在所属节点下 / priority outside the entry's nodes",
          "建设重点 '{value}' 属于 {node}, 不在本条的体系编号 {nodes} 之下 / priority '{value}' belongs to {node}, "
          "outside this entry's nodes {nodes}",
          "add node {node} to the nodes column or correct the priority id (see 'minestd priorities {node}')"),
    _rule("MS207", "warning", "建设重点编号已退役 / retired priority id",
          "建设重点编号 '{value}' 已退役，由 {successors} 接替 / priority id '{value}' is retired, replaced by "
          "{successors}", "{fix}",
          "Released ids never change meaning: a merged, split or withdrawn item is retired (see 'minestd priorities "
          "--retired'). 'minestd validate --fix' writes the successor when there is exactly one."),
    # -- MS4xx status, dates, supersession, review
    _rule("MS401", "warning", "缺少状态 / missing status",
          "未填写状态 / status is missing",
          "enter one of: current 现行, draft 征求意见稿, approved 已立项, planned 计划, superseded 被代替, withdrawn 废止"),
    _rule("MS402", "error", "状态无法识别 / unknown status",
          "状态 '{value}' 无法识别 / unknown status '{value}'",
          "use one of: current 现行, draft 征求意见稿, approved 已立项, planned 计划, superseded 被代替, "
          "withdrawn 废止{hint}"),
    _rule("MS403", "warning", "日期无法识别 / unreadable date",
          "{field_zh} '{value}' 无法识别 / unreadable {what} date '{value}'",
          "write the full date as YYYY-MM-DD, e.g. 2024-12-26"),
    _rule("MS404", "error", "实施早于发布 / effective before published",
          "实施日期 {effective} 早于发布日期 {published} / effective date {effective} is before the publication "
          "date {published}", "check both dates against the published standard"),
    _rule("MS405", "warning", "年号与发布年份不符 / designation year differs from publication",
          "标准号年号 {year} 与发布日期 {published} 不符 / designation year {year} differs from the publication "
          "date {published}", "check the designation year and the publication date against the published standard",
          "Info when they differ by one year (a standard approved late in a year is often published early in the "
          "next), warning otherwise."),
    _rule("MS406", "warning", "现行标准日期在未来 / current standard dated in the future",
          "{field_zh} {value} 晚于今天 ({today}) 但状态为现行 / {what} date {value} is after today ({today}) but "
          "the status is current",
          "check the date, or set the status to approved/draft until it is published",
          "Info when only the effective date is ahead (published, not yet in force: 即将实施)."),
    _rule("MS407", "info", "逾期复审 / review overdue",
          "现行标准已发布 {age} 年, 超过 {limit} 年复审周期 / current standard published {age} years ago, beyond the "
          "{limit}-year review (复审) period",
          "check the result of its review (继续有效 / 修订 / 废止) and record it, or plan a revision",
          f"复审周期一般不超过五年. Info (most current standards in a real catalog are older than {REVIEW_YEARS} "
          "years; it must not drown data errors — list them alone with --select MS407). Age from the publication "
          "date, else the effective date, else the designation year."),
    _rule("MS408", "warning", "被代替标准仍为现行 / superseded standard still current",
          "本标准已被现行标准 '{other}' (第 {other_row} 行) 代替, 但状态仍为现行 / replaced by the current standard "
          "'{other}' (row {other_row}) but still marked current",
          "set the status to superseded (被代替), or correct the replaces/replaced_by columns"),
    _rule("MS409", "info", "被代替标准未注明代替者 / superseded without successor",
          "状态为被代替, 但未说明由哪项标准代替 / marked superseded but no standard replaces it",
          "fill replaced_by (被代替) with the designation of the standard that replaces it"),
    _rule("MS410", "info", "代替关系引用的标准不在目录中 / supersession reference outside the catalog",
          "{field_zh}中的 '{value}' 不在本目录中 / '{value}' in {what} is not in this catalog",
          "add that standard to the catalog if it belongs to the mine-safety system; otherwise nothing to do"),
    _rule("MS411", "warning", "代替关系中的标准号无法识别 / unreadable supersession reference",
          "{field_zh}中的 '{value}' 不是可识别的标准号 / '{value}' in {what} is not a readable designation",
          "write designations such as 'GB/T 15259-2008', one per ';'"),
    _rule("MS412", "error", "代替关系成环 / supersession cycle",
          "代替关系成环: {cycle} / supersession cycle: {cycle}",
          "a standard cannot (indirectly) replace itself: correct the replaces/replaced_by columns"),
    _rule("MS413", "warning", "新标准早于被代替标准 / replacement older than the replaced standard",
          "'{value}' 代替 '{other}', 但年号更早 / '{value}' replaces '{other}' but has an earlier year",
          "check the direction of replaces/replaced_by and the years"),
    # -- MS5xx duplicates and overlap
    _rule("MS501", "error", "标准号重复 / duplicate designation",
          "标准号 '{value}' 与第 {other_row} 行重复 / designation '{value}' already on row {other_row}",
          "keep one row per standard: merge the rows or correct the designation"),
    _rule("MS502", "warning", "同一标准多个版本均为现行 / several current editions",
          "'{value}' 与第 {other_row} 行的 '{other}' 是同一标准的不同版本, 均为现行 / '{value}' and '{other}' "
          "(row {other_row}) are editions of one standard and both current",
          "mark the older edition superseded (被代替) and link them with replaces/replaced_by"),
    _rule("MS503", "warning", "同名不同号 / same title, different designations",
          "标准名称与第 {other_row} 行 '{other}' 相同 / same title as '{other}' on row {other_row}",
          "if one replaces the other, fill replaces/replaced_by and mark the old one superseded; otherwise check "
          "for a duplicate (重复交叉) standard"),
    _rule("MS504", "info", "煤矿/非煤同题标准 / coal and non-coal twins",
          "与第 {other_row} 行 '{other}'《{other_title}》仅矿山类型不同, 可能重复交叉 / differs from '{other}' "
          "《{other_title}》 (row {other_row}) only in the mine type: possible overlap",
          "the guide asks to integrate coal and metal/non-metal standards (指南: 整合煤矿和非煤矿山现有标准): consider "
          "one standard for both"),
    _rule("MS505", "warning", "标准名称近似 / near-duplicate titles",
          "标准名称与第 {other_row} 行 '{other}'《{other_title}》高度相似 ({similarity:.0%}), 可能重复交叉 / title "
          "{similarity:.0%} similar to '{other}' 《{other_title}》 (row {other_row}): possible overlap",
          "check the scopes for overlap (重复交叉); merge or make the titles say what differs",
          f"Character-bigram Jaccard similarity >= {NEAR_DUPLICATE_THRESHOLD} among standards that are not "
          "superseded or withdrawn; parts of one standard and linked editions are not compared."),
)}

#: Designation problem codes (minestd.designation) -> rule id.
PROBLEM_RULES: dict[str, str] = {
    "empty": "MS101", "unparseable": "MS103", "truncated_number": "MS103", "invalid_number": "MS103",
    "ambiguous_number": "MS103", "truncated_year": "MS103", "impossible_year": "MS103", "future_year": "MS103",
    "unknown_code": "MS104", "invalid_region": "MS104", "ambiguous_code": "MS104",
    "missing_year": "MS105", "ambiguous_gbz": "MS105", "multiple_designations": "MS105",
    "edition_before_year": "MS105", "normalised": "MS106", "two_digit_year": "MS106",
    "legacy_local_mandatory": "MS108",
}

_FIELD_ZH = {"published": "发布日期", "effective": "实施日期", "replaces": "代替标准", "replaced_by": "被代替标准"}
_LEVEL_ZH = {"group": "团体", "enterprise": "企业", "local": "地方"}
#: Unknown-column headers that say whether a standard is mandatory (强制性) — normalised forms.
_KIND_HEADERS = frozenset({"性质", "标准性质", "强制性", "强制/推荐", "强制或推荐", "强制性/推荐性", "类型", "标准类型",
                           "类别", "标准类别", "type", "kind", "nature", "mandatory"})


# --------------------------------------------------------------------------- context and report

@dataclass
class ValidationContext:
    """What every check sees. ``parsed[i]`` is the designation parse of ``entries[i]`` (None when empty)."""

    entries: Sequence[Entry]
    tx: "Taxonomy"
    today: dt.date
    parsed: list[ParseResult | None] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    # per-run caches (several rules read the same derived values)
    _canonicals: list[str | None] | None = field(default=None, init=False, repr=False, compare=False)
    _keys: list[str | None] | None = field(default=None, init=False, repr=False, compare=False)
    _dates: dict[str, dt.date | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    _texts: dict[tuple[Any, ...], tuple[str, str]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)
    #: entries the overlap rules compare and their normalised titles (see ``_comparable_titles``)
    comparable: tuple[list[int], dict[int, str]] | None = field(default=None, repr=False, compare=False)

    def finding(self, rule_id: str, entry: Entry | None, field: str | None = None, value: str | None = None,
                severity: Severity | None = None, **fmt: Any) -> Finding:
        """A Finding for ``rule_id`` with its message and fix templates filled from ``value`` and ``fmt``."""
        rule = RULES[rule_id]
        values = {"value": value or "", "field": field or "", **fmt}
        # the texts depend only on the placeholders the templates use: formatted once per distinct set of values
        # (a catalog repeats them: MS407 is the same sentence for every standard of one age)
        key = (rule_id, *[values.get(name) for name in _placeholders(rule)])
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[key] = (rule.message.format_map(values), rule.fix.format_map(values))
        # built without validation: every value here is already of the right type (validating, or pydantic's
        # model_construct, would cost ~10 % of a run)
        return construct_trusted(Finding, {"rule": rule_id, "severity": severity or rule.severity,
                                    "message": texts[0], "fix": texts[1],
                                    "row": entry.row if entry is not None else None, "field": field, "value": value,
                                    "file": None, "line": None})

    @staticmethod
    def at_row(finding: Finding, row: int | None, value: str | None) -> Finding:
        """The same finding for another row and value (checks that give equal cells equal findings reuse them)."""
        return construct_trusted(Finding, {**finding.__dict__, "row": row, "value": value})

    def canonical(self, index: int) -> str | None:
        """The canonical designation of ``entries[index]`` (None when it does not parse)."""
        return self.canonicals()[index]

    def canonicals(self) -> list[str | None]:
        """:meth:`canonical` of every entry, computed once per run (several rules look them up)."""
        if self._canonicals is None or len(self._canonicals) != len(self.parsed):
            self._canonicals = [r.designation.canonical if r is not None and r.designation is not None else None
                                for r in self.parsed]
        return self._canonicals

    def keys(self) -> list[str | None]:
        """``Designation.key()`` (canonical without year) of every entry, None when it does not parse."""
        if self._keys is None or len(self._keys) != len(self.parsed):
            self._keys = [r.designation.key() if r is not None and r.designation is not None else None
                          for r in self.parsed]
        return self._keys

    def date(self, text: str) -> dt.date | None:
        """:func:`~minestd.entry.parse_date`, once per distinct text (catalogs repeat their dates)."""
        try:
            return self._dates[text]
        except KeyError:
            value = self._dates[text] = parse_date(text)
            return value

    def label(self, index: int) -> str:
        """The canonical designation, else what the user wrote, else the title."""
        entry = self.entries[index]
        return self.canonical(index) or entry.designation or entry.title


_PLACEHOLDERS: dict[tuple[str, str], tuple[str, ...]] = {}


def _placeholders(rule: Rule) -> tuple[str, ...]:
    """Names of the fields a rule's message and fix templates use (``{value}``, ``{age}`` ...)."""
    key = (rule.message, rule.fix)
    names = _PLACEHOLDERS.get(key)
    if names is None:
        found = [name for template in key for _, name, _, _ in string.Formatter().parse(template) if name]
        names = _PLACEHOLDERS[key] = tuple(dict.fromkeys(found))
    return names


class ValidationReport(BaseModel):
    """Findings of one validation, sorted by row then rule. ``entries`` = number of entries checked."""

    model_config = ConfigDict(frozen=True)

    entries: int
    findings: tuple[Finding, ...]
    source: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "info")

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return count_severities(self.findings)

    def by_row(self) -> dict[int | None, list[Finding]]:
        grouped: dict[int | None, list[Finding]] = {}
        for f in self.findings:
            grouped.setdefault(f.row, []).append(f)
        return grouped

    def by_rule(self) -> dict[str, int]:
        return dict(sorted(Counter(f.rule for f in self.findings).items()))

    def at_least(self, severity: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[severity])

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when nothing at or above ``fail_on`` (error | warning) was found, else 1."""
        return 1 if self.at_least(fail_on) else 0

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON contract: entries, errors, warnings, findings[rule, severity, row, field, value,
        message, fix] (then extra keys: infos, by_rule, source)."""
        counts = self.counts()
        return {
            "entries": self.entries, "errors": counts["error"], "warnings": counts["warning"],
            "findings": [{"rule": f.rule, "severity": f.severity, "row": f.row, "field": f.field, "value": f.value,
                          "message": f.message, "fix": f.fix} for f in self.findings],
            "infos": counts["info"], "by_rule": self.by_rule(), "source": self.source,
        }


Check = Callable[[ValidationContext], Iterable[Finding]]
#: (rule ids a check can emit, check). Append with :func:`register_check`.
CHECKS: list[tuple[frozenset[str], Check]] = []


def register_check(rules: Iterable[Rule | str], check: Check | None = None) -> Any:
    """Add a check (and the rules it emits) to the registry; usable as a decorator.

    New rules (e.g. the classifier's ``MS3xx``) are added to :data:`RULES` so ``--rules`` lists them::

        @register_check([Rule(id="MS301", severity="warning", title="...", message="...", fix="...")])
        def node_disagrees(ctx): ...
    """
    ids: set[str] = set()
    for rule in rules:
        if isinstance(rule, Rule):
            RULES[rule.id] = rule
            ids.add(rule.id)
        else:
            ids.add(rule)

    def add(func: Check) -> Check:
        CHECKS.append((frozenset(ids), func))
        return func

    return add(check) if check is not None else add


def validate(entries: Iterable[Entry], tx: "Taxonomy", *, today: dt.date | None = None,
             rules: Iterable[str] | None = None, extra_rules: Iterable[Check] = (), source: str = "",
             workers: int = 1) -> ValidationReport:
    """Check ``entries`` against the taxonomy ``tx``. Never raises for bad data.

    ``rules``: only these rule ids or prefixes (``["MS1", "MS501"]``); default all. ``extra_rules``: more
    checks ``f(ctx) -> Iterable[Finding]`` run after the registered ones. ``today`` (default: the current
    date) drives the review (复审) and future-date rules, so pass it for reproducible reports.

    ``workers=2`` (or more; 0 = as many as the machine has CPUs, at most 2) lets a second process, forked
    from this one, run the checks that need no designation parse (MS301, MS2xx) while this process
    parses the designations and runs the other rules: the same findings, in about 70 % of the time on large
    catalogs. Used from :data:`PARALLEL_MIN` entries on, where
    ``os.fork`` exists; otherwise (and if the worker fails) everything runs here.
    """
    register_builtin_extensions()
    items = list(entries)
    if workers == 0:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        workers = min(2, cpus)
    with gc_paused(len(items) > PAUSE_ABOVE):
        return _validate(items, tx, today, rules, extra_rules, source, workers)


def register_builtin_extensions() -> dict[str, "Rule"]:
    """Register the checks that live in other core packages (MS301, the classifier's placement check),
    imported lazily so that `import minestd.validate` stays light. Idempotent; returns :data:`RULES`."""
    from .classify.validation import register

    register()
    return RULES


#: Catalogs at least this long are validated by two processes when ``workers`` > 1 (forking costs ~10 ms).
PARALLEL_MIN = 5_000


_FINDING_FIELDS = tuple(Finding.model_fields)     # a finding crosses the pipe as a tuple of these


class _Worker:
    """A forked process that runs ``checks`` on a context without parsed designations and sends back their
    findings (as field tuples) through a pipe."""

    def __init__(self, pid: int, fd: int):
        self.pid, self.fd = pid, fd

    @classmethod
    def start(cls, ctx: ValidationContext, checks: list[Check]) -> "_Worker | None":
        if not checks:
            return None
        try:
            read, write = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:                                             # the worker
            code = 0
            try:
                os.close(read)
                fields = operator.attrgetter(*_FINDING_FIELDS)
                payload = pickle.dumps([fields(f) for check in checks for f in check(ctx)], protocol=5)
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
            except BaseException:                                # the parent then does the work itself
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        return cls(pid, read)

    def collect(self, ctx: ValidationContext, checks: list[Check]) -> list[Finding]:
        """The worker's findings; when it failed, ``checks`` run here instead."""
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(self.pid, 0)
            found = pickle.loads(payload) if status == 0 and payload else None
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            found = None
        if found is None:
            return [f for check in checks for f in check(ctx)]
        return [construct_trusted(Finding, dict(zip(_FINDING_FIELDS, values))) for values in found]


def _validate(items: list[Entry], tx: "Taxonomy", today: dt.date | None, rules: Iterable[str] | None,
              extra_rules: Iterable[Check], source: str, workers: int = 1) -> ValidationReport:
    ctx = ValidationContext(items, tx, today or dt.date.today())
    statuses: dict[str, str] = {"": ""}        # a catalog uses a handful of status words
    for e in items:
        if e.status not in statuses:
            statuses[e.status] = normalise_status(e.status)
    ctx.statuses = [statuses[e.status] for e in items]
    wanted = tuple(rules) if rules is not None else None

    def selected(rule_id: str) -> bool:
        return wanted is None or any(rule_id.startswith(w) for w in wanted)

    checks = [check for ids, check in CHECKS if wanted is None or any(selected(i) for i in ids)]
    # what a worker process can do without the designation parse: the checks marked parse_free (MS301); this
    # process meanwhile parses the designations and runs the other checks
    aside = [check for check in checks if getattr(check, "parse_free", False)]
    worker = None
    if workers > 1 and len(items) >= PARALLEL_MIN and hasattr(os, "fork"):
        worker = _Worker.start(ctx, aside)
    parsed = iter(parse_many([e.designation for e in items if e.designation], today=ctx.today))
    ctx.parsed = [next(parsed) if e.designation else None for e in items]
    findings: list[Finding] = []
    for check in checks:
        if worker is None or check not in aside:
            findings.extend(check(ctx))
    if worker is not None:
        findings.extend(worker.collect(ctx, aside))
    for check in extra_rules:
        findings.extend(check(ctx))
    if wanted is not None:
        kept = {rule_id: selected(rule_id) for rule_id in {f.rule for f in findings}}
        findings = [f for f in findings if kept[f.rule]]
    findings.sort(key=lambda f: (f.row or 0, f.rule, f.field or "", f.value or "", f.message))
    return ValidationReport(entries=len(items), findings=tuple(findings), source=source)


# --------------------------------------------------------------------------- MS1xx designation

@register_check(["MS101", "MS102", "MS103", "MS104", "MS105", "MS106", "MS107", "MS108", "MS109"])
def check_designations(ctx: ValidationContext) -> Iterator[Finding]:
    for entry, result, status in zip(ctx.entries, ctx.parsed, ctx.statuses):
        if not entry.title:
            hint = f" (the designation cell holds '{result.title_rest}')" if result and result.title_rest else ""
            yield ctx.finding("MS102", entry, "title", "", hint=hint)
        if result is None:
            if status not in ("draft", "approved", "planned"):
                yield ctx.finding("MS101", entry, "designation", "")
            continue
        for problem in result.problems:
            if problem.code == "empty":
                continue
            rule_id = PROBLEM_RULES.get(problem.code, "MS103" if problem.severity == "error" else "MS105")
            if rule_id == "MS108":
                yield _local_mandatory(ctx, entry, result)
                continue
            yield ctx.finding(rule_id, entry, "designation", entry.designation, severity=problem.severity,
                              message=problem.message, fix=problem.fix)
        if result.title_rest:
            same = _norm_title_cached(result.title_rest) == _norm_title_cached(entry.title)
            yield ctx.finding("MS107", entry, "designation", entry.designation, severity="info" if same else None,
                              rest=result.title_rest)
        d = result.designation
        if d is not None and d.level in _LEVEL_ZH and entry.extra:
            for header, mark in entry.extra:
                if _is_mandatory_mark(header, mark) and not (d.level == "local" and not d.suffix):
                    yield ctx.finding("MS109", entry, header, d.canonical, column=header, mark=mark,
                                      level=d.level, level_zh=_LEVEL_ZH[d.level])


def _local_mandatory(ctx: ValidationContext, entry: Entry, result: ParseResult) -> Finding:
    d = result.designation
    assert d is not None
    dated = ctx.date(entry.published)
    year = dated.year if dated else d.year
    severity: Severity = "error" if year is not None and year >= LOCAL_MANDATORY_CUTOFF else "warning"
    return ctx.finding("MS108", entry, "designation", entry.designation, severity=severity, region=d.region or "",
                       number=d.number, year=d.year or "YYYY")


def _is_mandatory_mark(header: str, mark: str) -> bool:
    key = re.sub(r"[\s_\-*]+", "", unicodedata.normalize("NFKC", header).lower())
    if key not in _KIND_HEADERS:
        return False
    value = mark.strip().lower()
    return ("强制" in value and "推荐" not in value and "非强制" not in value) or value in ("mandatory", "m", "yes")


# --------------------------------------------------------------------------- MS2xx placement

_NUMERIC_ID = re.compile(r"\d{1,2}(?:\.\d{1,2}){0,2}")


def _pad_id(value: str) -> str:
    return ".".join(part.zfill(2) for part in value.split("."))


def _unknown_id_fix(tx: "Taxonomy", value: str, what: str) -> str:
    if _NUMERIC_ID.fullmatch(value) and _pad_id(value) in tx and _pad_id(value) != value:
        return (f"write '{_pad_id(value)}' (ids are zero-padded; format the column as text so Excel keeps the "
                f"leading zero)")
    if what == "priority":
        node = tx.get(value.partition("-p")[0])
        if isinstance(node, Node):
            items = [p.id for p in tx.priorities(node.id)]
            if items:
                return (f"{node.id} has priorities {items[0]} … {items[-1]} (see 'minestd priorities {node.id}')")
            return f"{node.id} has no priority items; see 'minestd priorities' for the ids"
    parent = tx.get(value.rpartition(".")[0]) if what == "node" and "." in value else None
    if isinstance(parent, Node) and parent.children:
        return (f"{parent.id} {parent.name} has {parent.children[0]} … {parent.children[-1]} "
                f"(see 'minestd tree {parent.id}')")
    close = [c for c in tx.suggest_ids(value, limit=6) if ("-p" in c) == (what == "priority")][:3]
    if close:
        return f"did you mean {' or '.join(repr(c) for c in close)}? (see 'minestd tree' / 'minestd priorities')"
    example = "05.02-p01" if what == "priority" else "05.02 or 05.02.01"
    command = "minestd priorities" if what == "priority" else "minestd tree"
    return f"use a {what} id from '{command}', e.g. {example}"


def _retired_fix(tx: "Taxonomy", ident: str) -> str:
    successors = tx.successors(ident)
    if len(successors) == 1:
        return f"write {successors[0]} instead ('minestd validate --fix' does it)"
    if successors:
        return (f"choose the one(s) that this standard answers among {', '.join(successors)} "
                f"(see 'minestd show {successors[0]}')")
    return "remove the id: its item was withdrawn (see 'minestd priorities --retired')"


@register_check(["MS201", "MS202", "MS203", "MS204", "MS205", "MS206", "MS207"])
def check_placement(ctx: ValidationContext) -> Iterator[Finding]:
    tx = ctx.tx
    scopes: dict[str, bool] = {}     # mine-scope cell -> known (catalogs repeat a few values)
    for entry, status in zip(ctx.entries, ctx.statuses):
        placed: list[str] = []
        for ident in entry.nodes:
            node = tx.get(ident)
            if not isinstance(node, Node):
                fix = (f"'{ident}' is a priority id: move it to the priorities column (建设重点)" if node is not None
                       else _unknown_id_fix(tx, ident, "node"))
                yield ctx.finding("MS201", entry, "nodes", ident, fix=fix)
                continue
            if node.kind in ("root", "subsystem"):
                children = ", ".join(c.id for c in tx.children(ident)[:3]) or "-"
                yield ctx.finding("MS202", entry, "nodes", ident, name=node.name, children=children)
            placed.append(ident)
        if not entry.nodes and status not in INACTIVE_STATUSES and (entry.title or entry.designation):
            yield ctx.finding("MS204", entry, "nodes", "", title=entry.title or entry.designation)
        for ident in entry.priorities:
            item = tx.get(ident)
            gone = tx.retired(ident) if item is None else None
            if gone is not None:
                yield ctx.finding("MS207", entry, "priorities", ident, successors=", ".join(gone.replaced_by) or "-",
                                  fix=_retired_fix(tx, ident))
                continue
            if not isinstance(item, Priority):
                fix = (f"'{ident}' is a node id: put it in the nodes column (体系编号)" if item is not None
                       else _unknown_id_fix(tx, ident, "priority"))
                yield ctx.finding("MS205", entry, "priorities", ident, fix=fix)
                continue
            node_id = item.node
            if placed and not any(tx.is_within(node_id, p) or tx.is_within(p, node_id) for p in placed):
                yield ctx.finding("MS206", entry, "priorities", ident, node=node_id, nodes=";".join(placed))
        if entry.mine_scope:
            known = scopes.get(entry.mine_scope)
            if known is None:
                known = scopes[entry.mine_scope] = _scope_known(entry.mine_scope)
            if not known:
                yield ctx.finding("MS203", entry, "mine_scope", entry.mine_scope)


#: reads nodes, priorities, mine scope and status words only: validate(workers=2) runs it in its worker process
check_placement.parse_free = True  # type: ignore[attr-defined]


def _scope_known(mine_scope: str) -> bool:
    """Every part of a mine-scope cell is a known scope (coal, metal-nonmetal, all, or an alias)."""
    return all(normalise_scope(part) in MINE_SCOPES for part in re.split(r"[;；,，、/]+", mine_scope) if part.strip())


# --------------------------------------------------------------------------- MS4xx status, dates, review

def _years_between(earlier: dt.date, later: dt.date) -> int:
    years = later.year - earlier.year
    return years - 1 if (later.month, later.day) < (earlier.month, earlier.day) else years


@register_check(["MS401", "MS402", "MS403", "MS404", "MS405", "MS406", "MS407"])
def check_status_and_dates(ctx: ValidationContext) -> Iterator[Finding]:
    # the findings depend on the cells below (the status word's meaning follows from the word) and the
    # designation's year only, and catalogs repeat them (one status word, a few hundred publication dates):
    # checked once per distinct combination, copied per row
    memo: dict[tuple[Any, ...], tuple[Finding, ...]] = {}
    for entry, result, status in zip(ctx.entries, ctx.parsed, ctx.statuses):
        year = result.designation.year if result is not None and result.designation is not None else None
        key = (entry.status, entry.published, entry.effective, year, bool(entry.designation or entry.title))
        found = memo.get(key)
        if found is None:
            found = memo[key] = tuple(_status_and_dates(ctx, entry, status, year))
            yield from found
            continue
        for f in found:     # MS407 of an undated standard names its designation cell, the only cell outside the key
            yield ctx.at_row(f, entry.row, entry.designation if f.field == "designation" else f.value)


def _status_and_dates(ctx: ValidationContext, entry: Entry, status: str, year: int | None) -> Iterator[Finding]:
    """MS401–MS407 for one entry (reads its status, dates, designation-or-title presence and ``year``)."""
    today = ctx.today
    if not entry.status:
        if entry.designation or entry.title:
            yield ctx.finding("MS401", entry, "status", "")
    elif status not in STATUSES:
        close = difflib.get_close_matches(entry.status.lower(), list(STATUS_ALIASES), n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        yield ctx.finding("MS402", entry, "status", entry.status, hint=hint)
    dates: dict[str, dt.date | None] = {}
    for name in ("published", "effective"):
        text = getattr(entry, name)
        dates[name] = ctx.date(text)
        if text and dates[name] is None:
            yield ctx.finding("MS403", entry, name, text, field_zh=_FIELD_ZH[name], what=name)
    published, effective = dates["published"], dates["effective"]
    if published and effective and effective < published:
        yield ctx.finding("MS404", entry, "effective", entry.effective, effective=effective.isoformat(),
                          published=published.isoformat())
    if published and year and year != published.year:
        yield ctx.finding("MS405", entry, "published", entry.published, year=year,
                          published=published.isoformat(),
                          severity="info" if abs(year - published.year) == 1 else None)
    if status != "current":
        return
    if published and published > today:
        yield ctx.finding("MS406", entry, "published", entry.published, field_zh="发布日期", what="publication",
                          today=today.isoformat())
    elif effective and effective > today:
        yield ctx.finding("MS406", entry, "effective", entry.effective, severity="info", field_zh="实施日期",
                          what="effective", today=today.isoformat())
    start = published or effective
    age = _years_between(start, today) if start else (today.year - year if year else None)
    if age is not None and age > REVIEW_YEARS:
        field_name = "published" if published else ("effective" if effective else "designation")
        yield ctx.finding("MS407", entry, field_name, getattr(entry, field_name), age=age, limit=REVIEW_YEARS)


# --------------------------------------------------------------------------- MS4xx supersession

@dataclass
class _Index:
    by_canonical: dict[str, list[int]]
    by_key: dict[str, list[int]]


def _index(ctx: ValidationContext) -> _Index:
    by_canonical: dict[str, list[int]] = defaultdict(list)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (canonical, key) in enumerate(zip(ctx.canonicals(), ctx.keys())):
        if canonical is not None:
            by_canonical[canonical].append(i)
            by_key[key].append(i)
    return _Index(by_canonical, by_key)


def _resolve_ref(ctx: ValidationContext, index: _Index, ref: str) -> tuple[ParseResult, list[int]]:
    result = parse(ref, today=ctx.today)
    d = result.designation
    if d is None:
        return result, []
    if d.year is None:   # an undated reference: any edition
        return result, index.by_key.get(d.key(), [])
    return result, index.by_canonical.get(d.canonical, [])


@register_check(["MS408", "MS409", "MS410", "MS411", "MS412", "MS413"])
def check_supersession(ctx: ValidationContext) -> Iterator[Finding]:
    index: _Index | None = None      # built at the first reference (most catalogs have few or none)
    edges: dict[int, set[int]] = defaultdict(set)       # newer -> older ("replaces")
    replaced_by_current: dict[int, int] = {}
    refs_seen = False
    for i, entry in enumerate(ctx.entries):
        for field_name in ("replaces", "replaced_by"):
            for ref in getattr(entry, field_name):
                refs_seen = True
                if index is None:
                    index = _index(ctx)
                result, targets = _resolve_ref(ctx, index, ref)
                if result.designation is not None and result.designation.year is None:
                    targets = [j for j in targets if j != i]     # an undated reference means another edition
                if result.designation is None:
                    yield ctx.finding("MS411", entry, field_name, ref, field_zh=_FIELD_ZH[field_name],
                                      what=field_name)
                    continue
                if not targets:
                    yield ctx.finding("MS410", entry, field_name, ref, field_zh=_FIELD_ZH[field_name],
                                      what=field_name)
                    continue
                for j in targets:
                    newer, older = (i, j) if field_name == "replaces" else (j, i)
                    edges[newer].add(older)
                    if ctx.statuses[newer] == "current" and ctx.statuses[older] == "current" and newer != older:
                        replaced_by_current.setdefault(older, newer)
                    _year_new, _year_old = _year(ctx, newer), _year(ctx, older)
                    if (field_name == "replaces" and _year_new and _year_old and _year_new < _year_old):
                        yield ctx.finding("MS413", entry, field_name, ctx.label(newer), other=ctx.label(older))
    for older, newer in sorted(replaced_by_current.items()):
        yield ctx.finding("MS408", ctx.entries[older], "status", ctx.entries[older].status, other=ctx.label(newer),
                          other_row=ctx.entries[newer].row or "?")
    replaced = {older for olders in edges.values() for older in olders}
    for i, (entry, status) in enumerate(zip(ctx.entries, ctx.statuses)):
        if status == "superseded" and not entry.replaced_by and i not in replaced:
            yield ctx.finding("MS409", entry, "replaced_by", "")
    if refs_seen:
        for component in _cycles(edges, len(ctx.entries)):
            members = sorted(component, key=lambda k: ctx.entries[k].row or 0)
            cycle = " → ".join(ctx.label(k) for k in members) + f" → {ctx.label(members[0])}"
            for k in members:
                yield ctx.finding("MS412", ctx.entries[k], "replaces", ctx.label(k), cycle=cycle)


def _year(ctx: ValidationContext, i: int) -> int | None:
    result = ctx.parsed[i]
    return result.designation.year if result is not None and result.designation is not None else None


def _cycles(edges: dict[int, set[int]], n: int) -> list[list[int]]:
    """Strongly connected components with a cycle (size > 1, or a self-loop): iterative Tarjan."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for start in sorted(edges):
        if start in index_of:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index_of[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index_of:
                    index_of[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index_of[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(component)
    return found


# --------------------------------------------------------------------------- MS5xx duplicates and overlap

_TITLE_DROP = re.compile(r"[\W_]+")
#: Mine-type words removed to find coal / non-coal twins (longest first).
MINE_WORDS = ("金属非金属矿山", "金属非金属", "非煤矿山", "煤矿", "矿山")
_MINE_WORDS_RE = re.compile("|".join(MINE_WORDS))


def normalise_title(title: str) -> str:
    """Title for comparison: NFKC, lower case, whitespace and punctuation (《》：— …) removed."""
    return _TITLE_DROP.sub("", unicodedata.normalize("NFKC", title)).lower()


_TITLE_DROP_BUT_BREAK = re.compile(r"(?:[^\w\x01]|_)+")     # _TITLE_DROP except the title break \x01


def normalise_titles(titles: Sequence[str]) -> list[str]:
    """:func:`normalise_title` of each title, in one pass over their joined text (NFKC, the punctuation cut and
    lower case act within a title: U+0001 between titles neither composes nor is cased)."""
    normal, nfkc = unicodedata.is_normalized, unicodedata.normalize    # (NFKC of the whole text is slow)
    return map_joined([t if normal("NFKC", t) else nfkc("NFKC", t) for t in titles],
                      lambda joined: _TITLE_DROP_BUT_BREAK.sub("", joined).lower(), normalise_title)


_title_cache: dict[str, str] = {}


def _norm_title_cached(title: str) -> str:
    value = _title_cache.get(title)
    if value is None:
        if len(_title_cache) > 200_000:
            _title_cache.clear()
        value = _title_cache[title] = normalise_title(title)
    return value


@register_check(["MS501", "MS502", "MS503", "MS504", "MS505"])
def check_duplicates(ctx: ValidationContext) -> Iterator[Finding]:
    entries = ctx.entries
    first_by_designation: dict[str, int] = {}
    current_by_key: dict[str, int] = {}
    keys = ctx.keys()
    for i, (entry, result, canonical) in enumerate(zip(entries, ctx.parsed, ctx.canonicals())):
        if result is None:
            continue
        name = canonical if canonical is not None else normalise_title(entry.designation)
        if name in first_by_designation:
            other = entries[first_by_designation[name]]
            yield ctx.finding("MS501", entry, "designation", entry.designation, other_row=other.row or "?")
            continue
        first_by_designation[name] = i
        if canonical is not None and ctx.statuses[i] == "current":
            key = keys[i]
            if key in current_by_key:
                j = current_by_key[key]
                yield ctx.finding("MS502", entry, "designation", entry.designation, other=ctx.label(j),
                                  other_row=entries[j].row or "?")
            else:
                current_by_key[key] = i
    linked = _linked_pairs(ctx)
    active, titles = _comparable_titles(ctx)
    reported: set[tuple[int, int]] = set()
    # MS503 same title, different designations (only titles that occur twice or more form groups)
    named = [i for i in active if ctx.parsed[i] is not None and titles[i]]
    for group in _groups(named, [titles[i] for i in named]):
        for pos, i in enumerate(group[1:], start=1):
            for j in group[:pos]:
                if _comparable(ctx, i, j, linked) and _base(ctx, i) != _base(ctx, j):
                    reported.add((j, i))
                    yield ctx.finding("MS503", entries[i], "title", entries[i].title, other=ctx.label(j),
                                      other_row=entries[j].row or "?")
                    break
    # MS504 coal / non-coal twins: equal once mine-type words are removed
    originals = [titles[i] for i in active]
    residuals = _without_mine_words(originals)
    twins = [(i, r) for i, t, r in zip(active, originals, residuals) if r != t and len(r) >= 4]
    for group in _groups([i for i, _ in twins], [r for _, r in twins]):
        for pos, i in enumerate(group[1:], start=1):
            for j in group[:pos]:
                if titles[i] != titles[j] and _comparable(ctx, i, j, linked):
                    reported.add((j, i))
                    yield ctx.finding("MS504", entries[i], "title", entries[i].title, other=ctx.label(j),
                                      other_title=entries[j].title, other_row=entries[j].row or "?")
                    break
    # MS505 near-duplicate titles
    near = near_duplicate_pairs(ctx)
    for i, j, similarity in near:
        if (j, i) in reported or titles[i] == titles[j] or not _comparable(ctx, i, j, linked):
            continue
        yield ctx.finding("MS505", entries[i], "title", entries[i].title, other=ctx.label(j),
                          other_title=entries[j].title, other_row=entries[j].row or "?", similarity=similarity)


def _groups(ids: list[int], keys: list[str]) -> list[list[int]]:
    """The ids of each key that occurs more than once, in order (keys seen once are skipped without a group)."""
    counts = Counter(keys)
    grouped: dict[str, list[int]] = defaultdict(list)
    for i, key in zip(ids, keys):
        if counts[key] > 1:
            grouped[key].append(i)
    return list(grouped.values())


def _without_mine_words(titles: list[str]) -> list[str]:
    """Each title with the mine-type words removed, in one pass over the joined titles."""
    drop = functools.partial(_MINE_WORDS_RE.sub, "")
    return map_joined(titles, drop, drop)


def _comparable_titles(ctx: ValidationContext) -> tuple[list[int], dict[int, str]]:
    """Entries the MS503–MS505 overlap rules compare (not superseded or withdrawn, with a title) and their
    normalised titles (computed once per context)."""
    if ctx.comparable is None:
        entries = ctx.entries
        active = [i for i, s in enumerate(ctx.statuses) if s not in INACTIVE_STATUSES and entries[i].title]
        ctx.comparable = active, dict(zip(active, normalise_titles([entries[i].title for i in active])))
    return ctx.comparable


def near_duplicate_pairs(ctx: ValidationContext) -> list[tuple[int, int, float]]:
    """(later, earlier, similarity) entry indexes with near-duplicate titles (MS505's candidates)."""
    return _similar_pairs(*_comparable_titles(ctx), NEAR_DUPLICATE_THRESHOLD)


def _base(ctx: ValidationContext, i: int) -> str | None:
    """Code + base number (``MT/T 154``): parts and editions of one standard share it."""
    result = ctx.parsed[i]
    if result is None or result.designation is None:
        return None
    return f"{result.designation.code} {result.designation.base_number}"


def _comparable(ctx: ValidationContext, i: int, j: int, linked: set[tuple[int, int]]) -> bool:
    """Two entries worth comparing for overlap: not parts/editions of one standard, not linked by supersession."""
    if (min(i, j), max(i, j)) in linked:
        return False
    base_i, base_j = _base(ctx, i), _base(ctx, j)
    return base_i is None or base_i != base_j


def _linked_pairs(ctx: ValidationContext) -> set[tuple[int, int]]:
    refs = [(i, ref) for i, e in enumerate(ctx.entries) for ref in (*e.replaces, *e.replaced_by)]
    if not refs:
        return set()
    index = _index(ctx)
    pairs: set[tuple[int, int]] = set()
    for i, ref in refs:
        for j in _resolve_ref(ctx, index, ref)[1]:
            pairs.add((min(i, j), max(i, j)))
    return pairs


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(map(operator.add, text, text[1:])) if len(text) > 1 else frozenset((text,))


def _similar_pairs(ids: Sequence[int], titles: dict[int, str], threshold: float,
                   per_entry: int = 3) -> list[tuple[int, int, float]]:
    """Pairs (later, earlier, jaccard) with bigram Jaccard >= threshold, exactly, without comparing all pairs;
    for each later entry its ``per_entry`` most similar earlier ones.

    AllPairs prefix filtering (Bayardo et al. 2007) with PPJoin's positional filter (Xiao et al. 2008), in
    numpy: each title's distinct bigrams (``_bigrams``) are ranked by rising document frequency (bigrams of
    one title only are never shared: they count in the size and are dropped); titles are visited by size. A
    pair with Jaccard >= t shares a bigram within the first |x| - ceil(t|x|) + 1 of the larger title x (probe
    prefix) and within the first |y| - ceil(2t/(1+t)|y|) + 1 of the smaller y (index prefix); the first
    shared bigrams bound the overlap, which must reach t/(1+t)(|x| + |y|) — counting every shared bigram found
    in the prefixes and the rest after the last one (a shared bigram ranked before it lies in both prefixes).
    Survivors get the exact Jaccard. Any global bigram order gives the same pairs (rarest first only makes it
    fast).
    """
    keep = [i for i in ids if len(titles[i]) >= 4]
    if len(keep) < 2:
        return []
    import numpy as np

    from .arrays import ranges, run_starts, sorted_places

    n = len(keep)
    texts = [titles[i] for i in keep]
    length = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    code = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    # every bigram (record, code) then the distinct ones per record
    count = length - 1
    rec = np.repeat(np.arange(n, dtype=np.int64), count)
    first_char = ranges(np.cumsum(length) - length, count)
    gram = (code[first_char] << 21) | code[first_char + 1]    # two code points of 21 bits each
    del code, first_char
    if n.bit_length() + 42 <= _PACKED_BITS:    # one int64 per (record, bigram), record on top: np.sort beats lexsort
        both = np.sort((rec << 42) | gram)
        both = both[run_starts(both)]
        rec, gram = both >> 42, both & ((1 << 42) - 1)
        del both
    else:
        order = np.lexsort((gram, rec))
        rec, gram = rec[order], gram[order]
        distinct = run_starts(rec) | run_starts(gram)
        rec, gram = rec[distinct], gram[distinct]
    size = np.bincount(rec, minlength=n)
    # document frequency of each bigram
    place, sorted_gram = sorted_places(gram)
    new = run_starts(sorted_gram)
    token = np.empty(len(gram), dtype=np.int64)
    token[place] = np.cumsum(new) - 1
    df = np.diff(np.append(np.flatnonzero(new), len(gram)))
    del place, sorted_gram, new
    shared = df[token] > 1
    rank = np.empty(len(df), dtype=np.int64)
    rank[np.argsort(df, kind="stable")] = np.arange(len(df))
    bits = max(1, len(df).bit_length())
    rec_tok = np.sort((rec[shared] << bits) | rank[token[shared]])     # by record, then rank
    rec, tok = rec_tok >> bits, rec_tok & ((1 << bits) - 1)
    common = np.bincount(rec, minlength=n)                 # shared bigrams per record
    pos = ranges(np.zeros(n, dtype=np.int64), common)     # place of each shared bigram in its record
    unique = size - common
    probe = size - np.ceil(threshold * size - 1e-9).astype(np.int64) + 1 - unique
    index_ratio = 2 * threshold / (1 + threshold)
    indexed = size - np.ceil(index_ratio * size - 1e-9).astype(np.int64) + 1 - unique
    visit = np.empty(n, dtype=np.int64)                     # visiting order: by size, then catalog order
    visit[np.argsort(size, kind="stable")] = np.arange(n)
    p_mask = pos < probe[rec]
    i_mask = pos < indexed[rec]
    order, p_tok = sorted_places(tok[p_mask])         # both sides by bigram: the searches run in order
    p_rec, p_pos = rec[p_mask][order], pos[p_mask][order]
    order, i_tok = sorted_places(tok[i_mask])
    i_rec, i_pos = rec[i_mask][order], pos[i_mask][order]
    lo = np.searchsorted(i_tok, p_tok, "left")
    hits = np.searchsorted(i_tok, p_tok, "right") - lo
    xs, ys, firsts_i, firsts_j = [], [], [], []
    # expand the (probe entry, index entry) pairs in chunks (bounded memory on catalogs of near-copies)
    cum = np.cumsum(hits)
    start = 0
    while start < len(p_rec):
        stop = int(np.searchsorted(cum, (cum[start - 1] if start else 0) + _JOIN_CHUNK, "right"))
        stop = max(stop, start + 1)
        h = hits[start:stop]
        if h.any():
            base = ranges(lo[start:stop], h)
            x = np.repeat(p_rec[start:stop], h)
            y = i_rec[base]
            ok = (visit[y] < visit[x]) & (size[y] >= threshold * size[x] - 1e-9)
            xs.append(x[ok]); ys.append(y[ok])
            firsts_i.append(np.repeat(p_pos[start:stop], h)[ok]); firsts_j.append(i_pos[base][ok])
        start = stop
    if not xs:
        return []
    x, y, i, j = (np.concatenate(a) for a in (xs, ys, firsts_i, firsts_j))
    shift = max(1, int(common.max()).bit_length())        # per pair, its shared prefix bigrams in order
    order = (np.argsort((((x * n) + y) << shift) | i) if (n * n).bit_length() + shift <= _PACKED_BITS
             else np.lexsort((i, y, x)))
    x, y, i, j = x[order], y[order], i[order], j[order]
    last = np.ones(len(x), dtype=bool)
    last[:-1] = (x[1:] != x[:-1]) | (y[1:] != y[:-1])
    ends = np.flatnonzero(last)
    matched = np.diff(ends, prepend=-1)                    # shared prefix bigrams per pair
    x, y, i, j = x[ends], y[ends], i[ends], j[ends]
    # every shared bigram ranked up to the last one found is within both prefixes, so it was found: the
    # overlap is at most those plus what follows in the shorter rest
    bound = matched + np.minimum(common[x] - i - 1, common[y] - j - 1)
    alive = bound >= threshold / (1 + threshold) * (size[x] + size[y]) - 1e-6
    x, y = x[alive], y[alive]
    # exact overlaps of the survivors: each shared bigram of x looked up among y's (rec_tok is sorted), a
    # block of pairs at a time (bounded memory)
    ptr = np.concatenate(([0], np.cumsum(common)))
    inter = np.zeros(len(x), dtype=np.int64)
    for lo in range(0, len(x), _VERIFY_CHUNK):
        bx, by = x[lo:lo + _VERIFY_CHUNK], y[lo:lo + _VERIFY_CHUNK]
        spread = common[bx]
        pair = np.repeat(np.arange(len(bx)), spread)
        at = ranges(ptr[bx], spread)
        place, wanted = sorted_places((np.repeat(by, spread) << bits) | tok[at])   # sorted: faster search
        pair = pair[place]
        where = np.minimum(np.searchsorted(rec_tok, wanted), len(rec_tok) - 1)
        inter[lo:lo + len(bx)] = np.bincount(pair[rec_tok[where] == wanted], minlength=len(bx))
        del spread, pair, at, place, wanted, where
    similarity = inter / (size[x] + size[y] - inter)
    good = similarity >= threshold - 1e-9
    found: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for a, b, value in zip(x[good].tolist(), y[good].tolist(), similarity[good].tolist()):
        ka, kb = keep[a], keep[b]
        later, earlier = (ka, kb) if ka > kb else (kb, ka)
        found[later].append((value, earlier))
    pairs: list[tuple[int, int, float]] = []
    for later in sorted(found):
        best = sorted(found[later], key=lambda p: (-p[0], p[1]))[:per_entry]
        pairs.extend((later, earlier, similarity) for similarity, earlier in best)
    return pairs


#: Bits of an int64 that :func:`_similar_pairs` packs sort keys into (wider keys: a slower lexsort).
_PACKED_BITS = 63
#: (probe, index) bigram pairs expanded at a time, and candidate pairs verified at a time, by
#: :func:`_similar_pairs` (memory: ~50 MB per million).
_JOIN_CHUNK = 500_000
_VERIFY_CHUNK = 40_000


# --------------------------------------------------------------------------- --fix: a normalised copy

def fix_entry(entry: Entry, tx: "Taxonomy | None" = None) -> Entry:
    """The entry with what can be normalised without guessing: canonical designation (only when it parses
    without errors; a title glued to it moves to an empty title cell), canonical status and mine-scope codes,
    ISO dates, canonical supersession references and, with ``tx``, zero-padded node ids (5.02 -> 05.02) and a
    retired priority id replaced by its successor when it has exactly one (MS207)."""
    update: dict[str, Any] = {}
    if entry.designation:
        result = parse(entry.designation)
        if result.ok and result.designation is not None and not any(
                p.code == "multiple_designations" for p in result.problems):
            rest = result.title_rest
            if rest is None or normalise_title(rest) == normalise_title(entry.title):
                update["designation"] = result.designation.canonical
            elif not entry.title:
                update["designation"] = result.designation.canonical
                update["title"] = rest
    if entry.status and normalise_status(entry.status) in STATUSES:
        update["status"] = normalise_status(entry.status)
    if entry.mine_scope:
        parts = [normalise_scope(p) for p in re.split(r"[;；,，、/]+", entry.mine_scope) if p.strip()]
        if parts and all(p in MINE_SCOPES for p in parts):
            update["mine_scope"] = ";".join(dict.fromkeys(parts))
    for name in ("published", "effective"):
        date = parse_date(getattr(entry, name))
        if date is not None:
            update[name] = date.isoformat()
    for name in ("replaces", "replaced_by"):
        refs = getattr(entry, name)
        if refs:
            update[name] = tuple(_canonical_ref(r) for r in refs)
    if tx is not None and entry.nodes:
        update["nodes"] = tuple(_pad_id(n) if n not in tx and _NUMERIC_ID.fullmatch(n) and _pad_id(n) in tx else n
                                for n in entry.nodes)
    if tx is not None and entry.priorities:
        update["priorities"] = tuple(dict.fromkeys(_successor_or_self(tx, p) for p in entry.priorities))
    changed = {k: v for k, v in update.items() if getattr(entry, k) != v}
    return entry.model_copy(update=changed) if changed else entry


def _successor_or_self(tx: "Taxonomy", ident: str) -> str:
    successors = tx.successors(ident) if tx.retired(ident) is not None else ()
    return successors[0] if len(successors) == 1 else ident


def _canonical_ref(ref: str) -> str:
    result = parse(ref)
    return result.designation.canonical if result.ok and result.designation is not None \
        and result.title_rest is None else ref


def fix_entries(entries: Iterable[Entry], tx: "Taxonomy | None" = None) -> list[Entry]:
    """:func:`fix_entry` over a catalog (same order, same rows, unknown columns untouched)."""
    return [fix_entry(e, tx) for e in entries]
