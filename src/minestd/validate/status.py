"""MS4xx: status, dates, review (复审) and supersession chains."""
from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any


from ..designation import ParseResult, parse
from ..entry import STATUS_ALIASES, STATUSES, Entry
from ..model import Finding

if TYPE_CHECKING:
    pass

from .engine import ValidationContext, register_check
from .rules import REVIEW_YEARS, Rule, _rule, add_rules

#: the rules this module checks, beside their checks
STATUS_RULES: tuple[Rule, ...] = (
    _rule("MS401", "warning", "缺少状态 / missing status",
          "未填写状态 / status is missing",
          "填写以下之一：现行、即将实施、征求意见稿、已立项、计划、被代替、废止 / "
          "enter one of: current 现行, draft 征求意见稿, approved 已立项, planned 计划, superseded 被代替, withdrawn 废止"),
    _rule("MS402", "error", "状态无法识别 / unknown status",
          "状态 '{value}' 无法识别 / unknown status '{value}'",
          "改为以下之一：现行、即将实施、征求意见稿、已立项、计划、被代替、废止 / "
          "use one of: current 现行, draft 征求意见稿, approved 已立项, planned 计划, superseded 被代替, "
          "withdrawn 废止{hint}"),
    _rule("MS403", "warning", "日期无法识别 / unreadable date",
          "{field_zh} '{value}' 无法识别 / unreadable {what} date '{value}'",
          "按 YYYY-MM-DD 写完整日期，如 2024-12-26 / "
          "write the full date as YYYY-MM-DD, e.g. 2024-12-26"),
    _rule("MS404", "error", "实施早于发布 / effective before published",
          "实施日期 {effective} 早于发布日期 {published} / effective date {effective} is before the publication "
          "date {published}",
          "对照已发布的标准核对这两个日期 / "
          "check both dates against the published standard"),
    _rule("MS405", "warning", "年号与发布年份不符 / designation year differs from publication",
          "标准号年号 {year} 与发布日期 {published} 不符 / designation year {year} differs from the publication "
          "date {published}",
          "对照已发布的标准核对标准号中的年份和发布日期 / "
          "check the designation year and the publication date against the published standard",
          "Info when they differ by one year (a standard approved late in a year is often published early in the "
          "next), warning otherwise."),
    _rule("MS406", "warning", "现行标准日期在未来 / current standard dated in the future",
          "{field_zh} {value} 晚于今天 ({today}) 但状态为现行 / {what} date {value} is after today ({today}) but "
          "the status is current",
          "核对日期，或在发布前把状态设为已立项或征求意见稿 / "
          "check the date, or set the status to approved/draft until it is published",
          "Info when only the effective date is ahead (published, not yet in force: 即将实施)."),
    _rule("MS407", "info", "逾期复审 / review overdue",
          "现行标准已发布 {age} 年, 超过 {limit} 年复审周期 / current standard published {age} years ago, beyond the "
          "{limit}-year review (复审) period",
          "核对其复审结论（继续有效 / 修订 / 废止）并记录，或安排修订 / "
          "check the result of its review (继续有效 / 修订 / 废止) and record it, or plan a revision",
          f"复审周期一般不超过五年. Info (most current standards in a real catalog are older than {REVIEW_YEARS} "
          "years; it must not drown data errors — list them alone with --select MS407). Age from the publication "
          "date, else the effective date, else the designation year."),
    _rule("MS408", "warning", "被代替标准仍为现行 / superseded standard still current",
          "本标准已被现行标准 '{other}' (第 {other_row} 行) 代替, 但状态仍为现行 / replaced by the current standard "
          "'{other}' (row {other_row}) but still marked current",
          "把状态改为被代替，或更正“代替标准”“被代替标准”列 / "
          "set the status to superseded (被代替), or correct the replaces/replaced_by columns"),
    _rule("MS409", "info", "被代替标准未注明代替者 / superseded without successor",
          "状态为被代替, 但未说明由哪项标准代替 / marked superseded but no standard replaces it",
          "在“被代替标准”列填写代替它的标准号 / "
          "fill replaced_by (被代替) with the designation of the standard that replaces it"),
    _rule("MS410", "info", "代替关系引用的标准不在目录中 / supersession reference outside the catalog",
          "{field_zh}中的 '{value}' 不在本目录中 / '{value}' in {what} is not in this catalog",
          "若该标准属于矿山安全标准体系，把它加入目录；否则无需处理 / "
          "add that standard to the catalog if it belongs to the mine-safety system; otherwise nothing to do"),
    _rule("MS411", "warning", "代替关系中的标准号无法识别 / unreadable supersession reference",
          "{field_zh}中的 '{value}' 不是可识别的标准号 / '{value}' in {what} is not a readable designation",
          "标准号写作 'GB/T 15259-2008' 的形式，多个之间用 ';' 分隔 / "
          "write designations such as 'GB/T 15259-2008', one per ';'"),
    _rule("MS412", "error", "代替关系成环 / supersession cycle",
          "代替关系成环: {cycle} / supersession cycle: {cycle}",
          "标准不能（间接）代替自身：更正“代替标准”“被代替标准”列 / "
          "a standard cannot (indirectly) replace itself: correct the replaces/replaced_by columns"),
    _rule("MS413", "warning", "新标准早于被代替标准 / replacement older than the replaced standard",
          "'{value}' 代替 '{other}', 但年号更早 / '{value}' replaces '{other}' but has an earlier year",
          "核对代替关系的方向和年份 / "
          "check the direction of replaces/replaced_by and the years"),
)
add_rules(*STATUS_RULES)

_FIELD_ZH = {"published": "发布日期", "effective": "实施日期", "replaces": "代替标准", "replaced_by": "被代替标准"}


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
