"""Parse and normalise Chinese standard designations (标准编号): GB, GB/T, AQ, MT, KA, DB51/T, T/ABC, Q/ABC ...

Pure core module: no printing, no file IO, no CLI imports. ``parse`` never raises for any ``str``.

A designation is ``代号[/T|/Z] 顺序号[.部分号]-年号[(YYYY年版)]``. The canonical form is
``CODE NUMBER-YYYY`` with one space after the code and an ASCII hyphen: ``GB/T 15259-2008``,
``MT/T 154.1-2011``, ``DB51/T 1412-2011``, ``T/PCA 004-2023``, ``GB 50213-2010(2022年版)``.
Real data is dirty (full-width forms, em dashes, dropped slashes, titles glued on); everything
that had to be guessed or could not be read is reported as a :class:`DesignationProblem`.

The rules live in tables (``KNOWN_CODES``, ``LOCAL_REGIONS``, ``SUFFIX_KIND`` in
:mod:`minestd.designation_types`, ``_PROBLEMS`` in :mod:`minestd.designation_problems`); one function (:func:`parse`) reads them. Facts and sources:
``shared/reference/designations.md``.
"""
from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple


from .designation_types import (_MAX_NUMBER_DIGITS, _SEISMIC, EARLIEST_YEAR, KNOWN_CODES, LATEST_YEAR,
                                LOCAL_REGIONS, SUFFIX_KIND, CodeInfo, Designation, DesignationProblem, Kind,
                                ParseResult)
from .designation_problems import _PROBLEMS, FIX_ZH
from .model import construct_trusted

__all__ = [
    "CodeInfo", "Designation", "DesignationProblem", "ParseResult",
    "KNOWN_CODES", "LOCAL_REGIONS", "SUFFIX_KIND", "EARLIEST_YEAR", "LATEST_YEAR",
    "normalise_text", "parse", "canonical",
]

# --------------------------------------------------------------------------- normalisation

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
#: dash look-alikes left after NFKC (which already maps － ～ ﹣ to - ~ -); a run becomes one "-"
_DASHES = re.compile("[\\-~\u2010-\u2015\u2043\u2053\u2212\u2e3a\u2e3b\u301c\ufe58]+")
_DASH_HINT = re.compile("[~\u2010-\u2015\u2043\u2053\u2212\u2e3a\u2e3b\u301c\ufe58]|--")
_SLASHES = re.compile("[\\\\\u2044\u2215]")
_CJK_ONE_DASH = re.compile(r"(?<=[0-9])\s*\u4e00+\s*(?=[0-9])")   # 一 used as a dash between digits


def normalise_text(s: str) -> str:
    """NFKC, dash and slash look-alikes to ASCII, doubled dashes and whitespace runs collapsed."""
    if not s.isascii():
        s = unicodedata.normalize("NFKC", _INVISIBLE.sub("", s))
        if "\u4e00" in s:
            s = _CJK_ONE_DASH.sub("-", s)
    if _DASH_HINT.search(s):
        s = _DASHES.sub("-", s)
    if "\\" in s or not s.isascii():
        s = _SLASHES.sub("/", s)
    return " ".join(s.split())


# --------------------------------------------------------------------------- the pattern

_DESIGNATION_RE = re.compile(r"""
    (?<![A-Z0-9/_\-])                                   # not inside a longer token
    (?:
        (?P<family>[TQ]) \s*/\s* (?P<org>[A-Z]+(?:[0-9]+[A-Z]+)*)   # T/ABC group, Q/ABC enterprise
        (?: \s*/\s* (?P<cls>[A-Z])(?![A-Z]) )?                       # Q/ABC/J class code
      | DB \s* (?P<region>[0-9]{2})                          # DB51 local
        (?= \s*[/_\-]?\s*[TZ](?![A-Z]) | \s*/ | \s+[0-9] )
      | (?P<letters>[A-Z]{1,6})
    )
    (?: \s* [/_\-]? \s* (?P<suffix>[TZ]) (?![A-Z]) )?    # /T /Z _T -T " T" or glued (DB51T)
    (?P<bare> \s*/ (?!\s*[A-Z]) )?                       # DB51/ 123 (slash, no suffix)
    (?P<extra> \s*/\s* [A-Z][A-Z0-9]* )?                 # QB/HNEC: unknown sub-code
    (?: \s*[\-_]\s* (?=[0-9]+(?:\.[0-9]+)?\s*[\-_]\s*[0-9]) )?   # GB-T-15259-2008
    \s* (?P<number>[0-9]+(?:\.[0-9]+)?)?
    (?:
        \s*[\-_]+\s* (?P<year>[0-9]+)
      | \s+ (?P<year_sp>(?:19|20)[0-9]{2}) (?![0-9.])
      | (?P<dangling> \s*[\-_]+ \s*$ )
    )?
    (?: \s* \( \s* (?P<edition>[0-9]{4}) \s* 年? \s* 版 \s* \) )?
    (?![0-9])
""", re.VERBOSE | re.IGNORECASE | re.ASCII)


class _Code(NamedTuple):
    """A resolved code: info plus the parts of the code string."""

    info: CodeInfo
    prefix: str
    suffix: str
    region: str | None
    org: str | None
    code: str


class _Candidate(NamedTuple):
    match: re.Match[str]
    code: _Code | None
    problem: tuple[str, Mapping[str, str]] | None   # resolution problem (unknown/ambiguous/region)

    def rank(self) -> tuple[bool, bool, bool, bool]:
        m = self.match
        dated = bool(m["year"] or m["year_sp"])
        mine = self.code is not None and self.code.info.mine
        return self.code is not None, dated, m["number"] is not None, mine


# --------------------------------------------------------------------------- code resolution

def _code_string(prefix: str, suffix: str, region: str | None = None, org: str | None = None) -> str:
    head = f"{prefix}{region or ''}"
    if org is not None:
        return f"{head}/{org}"
    return f"{head}/{suffix}" if suffix else head


def _split_glued_suffix(letters: str, suffix: str) -> tuple[str, str]:
    """``GBT`` -> (GB, T), ``NBT`` -> (NB, T); an exact code (``GBZ``, ``MT``) wins over a split."""
    if suffix or letters in KNOWN_CODES or letters[-1:] not in SUFFIX_KIND:
        return letters, suffix
    if letters[:-1] in KNOWN_CODES:
        return letters[:-1], letters[-1]
    return letters, suffix


_Resolution = tuple["_Code | None", "tuple[str, Mapping[str, str]] | None"]
_KEY_GROUPS = ("family", "org", "cls", "region", "letters", "suffix", "extra")


def _up(text: str | None) -> str:
    """A matched group in upper case ("" when it did not take part), spaces removed."""
    return text.upper().replace(" ", "") if text else ""


def _resolve_family(family: str, org: str, cls: str, suffix: str, extra: str) -> _Resolution:
    if suffix or extra or (cls and family == "T"):
        bad = _code_string(family, "", org=org) + (f"/{cls}" if cls else "") + extra + suffix
        return None, ("unknown_code", {"code": bad})
    org = f"{org}/{cls}" if cls else org
    return _Code(KNOWN_CODES[family], family, "", None, org, _code_string(family, "", org=org)), None


def _resolve_local(region: str, suffix: str) -> _Resolution:
    code = _Code(KNOWN_CODES["DB"], "DB", suffix, region, None, _code_string("DB", suffix, region))
    return code, None if region in LOCAL_REGIONS else ("invalid_region", {"region": region})


def _resolve_letters(letters: str, suffix: str, extra: str) -> _Resolution:
    prefix, suffix = _split_glued_suffix(letters, suffix)
    info = KNOWN_CODES.get(prefix)
    if extra or info is None or info.level in ("group", "enterprise") or suffix not in info.suffixes:
        return None, ("unknown_code", {"code": _code_string(prefix, suffix) + extra})
    if prefix == "DB":
        if not suffix:
            return None, ("ambiguous_code", _DB_AMBIGUOUS)
        info = _SEISMIC
    return _Code(info, prefix, suffix, None, None, _code_string(prefix, suffix)), None


_DB_AMBIGUOUS = MappingProxyType({"code": "DB"})


@functools.lru_cache(maxsize=4096)
def _resolve_key(family: str | None, org: str | None, cls: str | None, region: str | None,
                 letters: str | None, suffix: str | None, extra: str | None) -> _Resolution:
    """Resolve the code part of a match (cached: real data uses few distinct codes)."""
    if family:
        return _resolve_family(_up(family), _up(org), _up(cls), _up(suffix), _up(extra))
    if region:
        return _resolve_local(region, _up(suffix))
    return _resolve_letters(_up(letters), _up(suffix), _up(extra))


def _resolve(m: re.Match[str]) -> _Candidate:
    return _Candidate(m, *_resolve_key(*m.group(*_KEY_GROUPS)))


def _best(candidates: list[_Candidate]) -> _Candidate | None:
    """The most complete candidate (known code, dated, numbered, mine-safety code); first on ties."""
    plausible = [c for c in candidates if c.code is not None or c.match["number"] or c.match["extra"]]
    if len(plausible) < 2:
        return plausible[0] if plausible else None
    return max(plausible, key=_Candidate.rank)  # max keeps the first of equals


# --------------------------------------------------------------------------- field checks

_Problem = tuple[str, Mapping[str, object]]


def _year(m: re.Match[str], code: str, number: str) -> tuple[int | None, list[_Problem], bool]:
    """(year, problems, usable): a malformed year makes the designation unusable."""
    text = m["year"] or m["year_sp"]
    if m["dangling"]:
        return None, [("truncated_year", {"text": m[0].strip(), "code": code, "number": number})], False
    if text is None:
        return None, [], True
    if len(text) == 4:
        return int(text), [], True
    if len(text) == 2:
        year = 1900 + int(text)
        return year, [("two_digit_year", {"yy": text, "year": year})], True
    return None, [("impossible_year", {"year": text, "lo": EARLIEST_YEAR, "hi": LATEST_YEAR})], False


def _year_range(year: int | None, today_year: int | None) -> list[_Problem]:
    if year is None:
        return []
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return [("impossible_year", {"year": year, "lo": EARLIEST_YEAR, "hi": LATEST_YEAR})]
    if today_year is not None and year > today_year:
        return [("future_year", {"year": year, "today": today_year})]
    return []


def _number(number: str | None, code: str, text: str) -> list[_Problem]:
    if number is None:
        return [("truncated_number", {"text": text, "code": code})]
    base = number.partition(".")[0]
    if len(base) > _MAX_NUMBER_DIGITS:
        return [("ambiguous_number", {"number": number, "code": code})]
    if int(base) == 0:
        return [("invalid_number", {"number": number})]
    return []


def _edition(m: re.Match[str], year: int | None, today_year: int | None) -> list[_Problem]:
    if not m["edition"]:
        return []
    edition = int(m["edition"])
    problems = _year_range(edition, today_year)
    if not problems and year is not None and edition < year:
        problems.append(("edition_before_year", {"edition": edition, "year": year}))
    return problems


def _kind(code: _Code) -> Kind | None:
    return SUFFIX_KIND[code.suffix] if code.suffix else code.info.bare_kind


def _notes(d: Designation, canonical: str, raw: str, others: bool) -> list[_Problem]:
    """Warnings and notes that depend on the finished designation."""
    notes: list[_Problem] = []
    if d.year is None:
        notes.append(("missing_year", {}))
    if d.level == "local" and not d.suffix:
        notes.append(("legacy_local_mandatory", {"region": d.region}))
    if d.prefix == "GBZ" and len(d.base_number) >= 5:
        notes.append(("ambiguous_gbz", {"number": d.number}))
    if others:
        notes.append(("multiple_designations", {}))
    if canonical not in raw:
        notes.append(("normalised", {}))
    return notes


# --------------------------------------------------------------------------- assembly

_TEMPLATES = {code: (sev, f"{zh} / {en}", f"{FIX_ZH[code]} / {fix}" if code in FIX_ZH else fix)
              for code, (sev, zh, en, fix) in _PROBLEMS.items()}


def _problem(code: str, values: Mapping[str, object]) -> DesignationProblem:
    severity, message, fix = _TEMPLATES[code]
    values = {k: _short(v) if isinstance(v, str) else v for k, v in values.items()}
    return DesignationProblem(code=code, severity=severity, message=message.format_map(values),
                              fix=fix.format_map(values))


def _short(text: str, limit: int = 60) -> str:
    """Quoted user text stays short so a message remains one readable line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


_EMPTY_PAIRS = re.compile(r"《\s*》|〈\s*〉|【\s*】|\[\s*\]|「\s*」|『\s*』|\(\s*\)")
_TITLE_EDGES = " 《》〈〉【】[]「」『』<>:;,|、，：；"


def _title_rest(text: str, match: re.Match[str]) -> str | None:
    rest = _EMPTY_PAIRS.sub("", f"{text[: match.start()]} {text[match.end():]}")
    rest = " ".join(rest.split()).strip(_TITLE_EDGES)
    return rest or None


def _designation(raw: str, cand: _Candidate, year: int | None) -> Designation:
    m, code = cand.match, cand.code
    assert code is not None and m["number"] is not None
    base, _, part = m["number"].partition(".")
    edition = f"{m['edition']}年版" if m["edition"] else None
    return Designation(
        raw=raw, code=code.code, prefix=code.prefix, suffix=code.suffix, region=code.region, org=code.org,
        number=m["number"], base_number=base, part=part or None, year=year, edition=edition,
        level=code.info.level, kind=_kind(code), industry=code.info.industry,
    )


def _result(raw: str, designation: Designation | None, title: str | None,
            problems: list[_Problem], canonical: str = "") -> ParseResult:
    built = tuple(_problem(code, {"canonical": canonical, **values}) for code, values in problems)
    return ParseResult(raw=raw, designation=designation, title_rest=title, problems=built)


_UNUSABLE = frozenset({"truncated_number", "invalid_number", "ambiguous_number"})


def _field_problems(best: _Candidate, today_year: int | None) -> tuple[int | None, list[_Problem], bool]:
    """(year, problems, usable) for the chosen candidate; unusable = number or year unreadable."""
    m, code = best.match, best.code.code if best.code else ""
    problems: list[_Problem] = [best.problem] if best.problem else []
    problems += _number(m["number"], code, m[0].strip())
    year, year_problems, usable = _year(m, code, m["number"] or "")
    problems += year_problems + _year_range(year, today_year) + _edition(m, year, today_year)
    return year, problems, usable and not any(code in _UNUSABLE for code, _ in problems)


def _has_rivals(best: _Candidate, candidates: list[_Candidate]) -> bool:
    """Another known designation in the text, as complete as the chosen one."""
    rank = best.rank()[:3]
    return any(c is not best and c.code is not None and c.rank()[:3] == rank for c in candidates)


# --------------------------------------------------------------------------- fast path: canonical input
#
# Most cells of a curated catalog already hold the canonical form (``AQ/T 1029-2019``). For those the
# general parser's work reduces to: the code means what it meant the last time, and the digits pass the
# same number and year checks. ``_parse_canonical`` does just that, in ~1/4 of the time, and returns
# None (= use the general parser) for anything else. Why the results are identical:
#
# * the pattern accepts only ``CODE NUMBER-YYYY`` as ``Designation.canonical`` writes it (one space, ASCII
#   hyphen, no edition): ``normalise_text`` leaves such a string unchanged and the designation pattern
#   matches it whole, once — so no rival candidates, no title rest, nothing "normalised";
# * what the code means (prefix, suffix, region, org, level, kind, industry) depends on the code string
#   only; it is learnt from a general parse of an earlier string with the same code that came out clean
#   (no problem at all, canonical == raw) — codes whose notes never depend on the digits (an unknown code,
#   DB51 without /T) are therefore never learnt;
# * the checks that depend on the digits run the general parser's own functions: ``_number`` (zero, too
#   long), ``_year_range`` (impossible, future) and ``_notes`` (GBZ with a 5-digit number); any problem
#   sends the string to the general parser, which then reports it.

_CANONICAL_RE = re.compile(r"([A-Z][A-Z0-9]*(?:/[A-Z0-9]+)*) ([0-9]+(?:\.[0-9]+)?)-([0-9]{4})")
#: Designation fields that depend on the code string alone.
_CODE_FIELDS = ("code", "prefix", "suffix", "region", "org")
_INFO_FIELDS = ("level", "kind", "industry")
#: canonical code string (``GB/T``, ``DB51/T``, ``T/PCA``) -> its code-only fields, learnt from a clean parse
_code_fields: dict[str, dict[str, object]] = {}
_MAX_CODES = 4096
def _parse_canonical(raw: str, today_year: int | None) -> ParseResult | None:
    """The parse of an already canonical designation with a known code, or None (see above)."""
    match = _CANONICAL_RE.fullmatch(raw)
    if match is None:
        return None
    code, number, year_text = match.groups()
    known = _code_fields.get(code)
    if known is None:
        return None
    year = int(year_text)
    if _number(number, code, raw) or _year_range(year, today_year):
        return None
    base, _, part = number.partition(".")
    designation = construct_trusted(Designation, {
        "raw": raw, "code": code, "prefix": known["prefix"], "suffix": known["suffix"],
        "region": known["region"], "org": known["org"], "number": number, "base_number": base,
        "part": part or None, "year": year, "edition": None, "level": known["level"], "kind": known["kind"],
        "industry": known["industry"]})
    if _notes(designation, raw, raw, False):     # raw == canonical by the pattern
        return None
    return construct_trusted(ParseResult, {"raw": raw, "designation": designation, "title_rest": None, "problems": ()})


def _learn_code(raw: str, result: ParseResult) -> None:
    """Remember what a code means when ``raw`` is canonical and parsed without any problem."""
    d = result.designation
    if (d is None or result.problems or result.title_rest is not None or d.year is None or d.edition is not None
            or len(_code_fields) >= _MAX_CODES):
        return
    match = _CANONICAL_RE.fullmatch(raw)
    if match is None or match.groups() != (d.code, d.number, f"{d.year:04d}") or d.canonical != raw:
        return
    _code_fields.setdefault(d.code, {name: getattr(d, name) for name in _CODE_FIELDS + _INFO_FIELDS})


def _parse_uncached(raw: str, today_year: int | None) -> ParseResult:
    result = _parse_canonical(raw, today_year)
    if result is None:
        result = _parse_full(raw, today_year)
        _learn_code(raw, result)
    return result


_parse_cached = functools.lru_cache(maxsize=8192)(_parse_uncached)   # ~3 KB per entry


def _parse_full(raw: str, today_year: int | None) -> ParseResult:
    """The general parser: normalise, find every candidate, pick the best, check its fields."""
    text = normalise_text(raw)
    if not text:
        return _result(raw, None, None, [("empty", {})])
    candidates = [_resolve(m) for m in _DESIGNATION_RE.finditer(text)]
    best = _best(candidates)
    if best is None or best.code is None:
        problem = best.problem if best is not None and best.problem else ("unparseable", {"text": text})
        return _result(raw, None, None, [problem])
    year, problems, usable = _field_problems(best, today_year)
    if not usable:
        return _result(raw, None, None, problems)
    designation = _designation(raw, best, year)
    canon = designation.canonical
    notes = _notes(designation, canon, raw, len(candidates) > 1 and _has_rivals(best, candidates))
    return _result(raw, designation, _title_rest(text, best.match), problems + notes, canon)


def parse(raw: str, *, today: datetime.date | None = None) -> ParseResult:
    """Parse one designation, possibly with a title glued on. Never raises for a ``str``.

    ``today`` enables the ``future_year`` check (a year after ``today.year``). ``None`` is read
    as an empty string; other non-str values are converted with ``str()``.
    """
    if type(raw) is not str:
        if isinstance(raw, (bytes, bytearray)):
            raise TypeError("raw must be a str (decode bytes first), not bytes")
        raw = "" if raw is None else str(raw)
    if today is not None and not isinstance(today, datetime.date):
        raise TypeError(f"today must be a datetime.date, not {type(today).__name__}")
    return _parse_cached(raw, None if today is None else today.year)


def parse_many(raws: Iterable[object], *, today: datetime.date | None = None) -> list[ParseResult]:
    """:func:`parse` of each value, each distinct string parsed once — for whole catalogs (a run of
    100,000 distinct designations would only churn :func:`parse`'s cache)."""
    today_year = None if today is None else today.year
    texts = [raw if type(raw) is str else "" if raw is None else str(raw) for raw in raws]
    done = {raw: _parse_uncached(raw, today_year) for raw in dict.fromkeys(texts)}
    return [done[text] for text in texts]


def canonical(raw: str) -> str | None:
    """The canonical designation if ``raw`` parses without errors, else None."""
    result = parse(raw)
    return result.designation.canonical if result.ok and result.designation else None
