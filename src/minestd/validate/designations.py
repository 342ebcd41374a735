"""MS1xx: the designation — syntax, normalisation, missing fields, mandatory marks."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING


from ..designation import ParseResult
from ..entry import Entry
from ..model import Finding, Severity

if TYPE_CHECKING:
    pass

from .titles import _norm_title_cached
from .engine import ValidationContext, register_check
from .rules import LOCAL_MANDATORY_CUTOFF, Rule, _rule, add_rules

#: the rules this module checks, beside their checks
DESIGNATION_RULES: tuple[Rule, ...] = (
    _rule("MS101", "error", "缺少标准号 / missing designation",
          "缺少标准号 / designation is missing",
          "按发布文本填写标准号，如 'GB/T 15259-2008' / "
          "enter the designation as published, e.g. 'GB/T 15259-2008'",
          "Only for published statuses (current, superseded, withdrawn) or an empty/unknown status; planned, "
          "approved and draft entries may have no number yet."),
    _rule("MS102", "error", "缺少标准名称 / missing title",
          "缺少标准名称 / title is missing",
          "按发布文本填写标准名称 / "
          "enter the title as published{hint}"),
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
          "此单元格只保留标准号，标准名称写入“标准名称”列 / "
          "keep only the designation in this cell and put the title in the title column",
          "Info when the glued text is the title already in the title column."),
    _rule("MS108", "warning", "地方标准为强制性 / mandatory local standard",
          "地方标准 '{value}' 未带 /T (强制性) / local standard '{value}' has no /T (mandatory)",
          "2018 年起地方标准为推荐性（标准化法 第二条），应写作 'DB{region}/T {number}-{year}' / "
          "local standards are recommended since 2018 (标准化法 第二条): write 'DB{region}/T {number}-{year}'",
          "Warning for a legacy (pre-2018 or undated) DBnn standard; error when dated 2018 or later."),
    _rule("MS109", "error", "团体/企业/地方标准标为强制 / non-mandatory family marked mandatory",
          "{level_zh}标准 '{value}' 被标为强制性 ({column}={mark}) / {level} standard '{value}' marked mandatory "
          "({column}={mark})",
          "只有国家标准（GB）和行业标准可为强制性，团体（T/）、企业（Q/）和地方（DBnn/T）标准为推荐性：请更正“{column}”列 / "
          "only national (GB) and industry standards can be mandatory; group (T/), enterprise (Q/) and local "
          "(DBnn/T) standards are recommended — correct the {column} column"),
)
add_rules(*DESIGNATION_RULES)


#: Designation problem codes (minestd.designation) -> rule id.
PROBLEM_RULES: dict[str, str] = {
    "empty": "MS101", "unparseable": "MS103", "truncated_number": "MS103", "invalid_number": "MS103",
    "ambiguous_number": "MS103", "truncated_year": "MS103", "impossible_year": "MS103", "future_year": "MS103",
    "unknown_code": "MS104", "invalid_region": "MS104", "ambiguous_code": "MS104",
    "missing_year": "MS105", "ambiguous_gbz": "MS105", "multiple_designations": "MS105",
    "edition_before_year": "MS105", "normalised": "MS106", "two_digit_year": "MS106",
    "legacy_local_mandatory": "MS108",
}

_LEVEL_ZH = {"group": "团体", "enterprise": "企业", "local": "地方"}
#: Unknown-column headers that say whether a standard is mandatory (强制性) — normalised forms.
_KIND_HEADERS = frozenset({"性质", "标准性质", "强制性", "强制/推荐", "强制或推荐", "强制性/推荐性", "类型", "标准类型",
                           "类别", "标准类别", "type", "kind", "nature", "mandatory"})


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
