"""Standard designations (标准编号): what users rely on when they parse real, dirty catalog cells."""
from __future__ import annotations

import re

import csv
import datetime
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from minestd.designation import (
    KNOWN_CODES,
    LOCAL_REGIONS,
    Designation,
    ParseResult,
    canonical,
    normalise_text,
    parse,
)

FIXTURE = Path(__file__).parent / "fixtures" / "designations" / "dirty.csv"

# --------------------------------------------------------------------------- real examples

FIELDS = ("canonical", "code", "prefix", "suffix", "region", "org", "number", "base_number", "part",
          "year", "edition", "level", "kind", "industry")

# raw (as quoted in shared/reference/designations.md) -> expected attributes
REAL = {
    "GB/T 15259—2008": ("GB/T 15259-2008", "GB/T", "GB", "T", None, None, "15259", "15259", None,
                        2008, None, "national", "recommended", None),
    "AQ1029－2007": ("AQ 1029-2007", "AQ", "AQ", "", None, None, "1029", "1029", None,
                    2007, None, "industry", "mandatory", "安全生产"),
    "AQ 1050—2008": ("AQ 1050-2008", "AQ", "AQ", "", None, None, "1050", "1050", None,
                     2008, None, "industry", "mandatory", "安全生产"),
    "GB43203—2023": ("GB 43203-2023", "GB", "GB", "", None, None, "43203", "43203", None,
                     2023, None, "national", "mandatory", None),
    "GB/T1.1—2020": ("GB/T 1.1-2020", "GB/T", "GB", "T", None, None, "1.1", "1", "1",
                     2020, None, "national", "recommended", None),
    "DZ/T0341—2020": ("DZ/T 0341-2020", "DZ/T", "DZ", "T", None, None, "0341", "0341", None,
                      2020, None, "industry", "recommended", "地质矿产"),
    "DB52/T380—2017": ("DB52/T 380-2017", "DB52/T", "DB", "T", "52", None, "380", "380", None,
                       2017, None, "local", "recommended", None),
    "DB 61/T 1479—2021": ("DB61/T 1479-2021", "DB61/T", "DB", "T", "61", None, "1479", "1479", None,
                          2021, None, "local", "recommended", None),
    "DB12T 819.3-2018": ("DB12/T 819.3-2018", "DB12/T", "DB", "T", "12", None, "819.3", "819", "3",
                         2018, None, "local", "recommended", None),
    "DB51T1412—2011": ("DB51/T 1412-2011", "DB51/T", "DB", "T", "51", None, "1412", "1412", None,
                       2011, None, "local", "recommended", None),
    "NBT51044-2015": ("NB/T 51044-2015", "NB/T", "NB", "T", None, None, "51044", "51044", None,
                      2015, None, "industry", "recommended", "能源"),
    "T/PCA 004—2023": ("T/PCA 004-2023", "T/PCA", "T", "", None, "PCA", "004", "004", None,
                       2023, None, "group", None, None),
    "GB 50213—2010 (2022年版)": ("GB 50213-2010(2022年版)", "GB", "GB", "", None, None, "50213", "50213",
                                None, 2010, "2022年版", "national", "mandatory", None),
    "GB 50045—95(2005年版)": ("GB 50045-1995(2005年版)", "GB", "GB", "", None, None, "50045", "50045",
                             None, 1995, "2005年版", "national", "mandatory", None),
    "MT 195—89": ("MT 195-1989", "MT", "MT", "", None, None, "195", "195", None,
                  1989, None, "industry", "mandatory", "煤炭"),
    "DZ/T 0079-93": ("DZ/T 0079-1993", "DZ/T", "DZ", "T", None, None, "0079", "0079", None,
                     1993, None, "industry", "recommended", "地质矿产"),
    "QX／T26": ("QX/T 26", "QX/T", "QX", "T", None, None, "26", "26", None,
               None, None, "industry", "recommended", "气象"),
    "GBJ 22—1987": ("GBJ 22-1987", "GBJ", "GBJ", "", None, None, "22", "22", None,
                    1987, None, "national", "mandatory", "工程建设"),
    "GB 3836.1—2000": ("GB 3836.1-2000", "GB", "GB", "", None, None, "3836.1", "3836", "1",
                       2000, None, "national", "mandatory", None),
    "MT/T 154.1-2011": ("MT/T 154.1-2011", "MT/T", "MT", "T", None, None, "154.1", "154", "1",
                        2011, None, "industry", "recommended", "煤炭"),
    "JB 8516—1997": ("JB 8516-1997", "JB", "JB", "", None, None, "8516", "8516", None,
                     1997, None, "industry", "mandatory", "机械"),
    "GBZ 2.1-2019": ("GBZ 2.1-2019", "GBZ", "GBZ", "", None, None, "2.1", "2", "1",
                     2019, None, "national", "mandatory", "职业卫生"),
    "GB 5748": ("GB 5748", "GB", "GB", "", None, None, "5748", "5748", None,
                None, None, "national", "mandatory", None),
}


@pytest.mark.parametrize("raw", list(REAL))
def test_real_designation_parses_to_exact_attributes(raw: str) -> None:
    result = parse(raw)
    assert result.ok, result.problems
    d = result.designation
    assert d is not None
    assert {f: getattr(d, f) for f in FIELDS} == dict(zip(FIELDS, REAL[raw]))
    assert d.raw == raw
    assert canonical(raw) == REAL[raw][0]


def test_canonical_string_is_kept_as_is_and_not_flagged() -> None:
    result = parse("GB/T 15259-2008")
    assert result.ok and result.problems == ()
    assert str(result.designation) == "GB/T 15259-2008"


@pytest.mark.parametrize("raw", ["GB/T 15259—2008", "AQ1029－2007", "gb/t 15259-2008"])
def test_dirty_input_gets_an_info_note_saying_it_was_normalised(raw: str) -> None:
    codes = {p.code: p.severity for p in parse(raw).problems}
    assert codes == {"normalised": "info"}


def test_two_digit_year_is_expanded_to_19yy_and_noted_as_info() -> None:
    result = parse("MT 195—89")
    assert result.designation is not None and result.designation.year == 1989
    note = next(p for p in result.problems if p.code == "two_digit_year")
    assert note.severity == "info"
    assert "year_digits=2" in note.message
    assert result.ok


def test_undated_reference_parses_with_a_missing_year_warning() -> None:
    result = parse("GB 5748")
    assert result.ok
    assert result.designation is not None and result.designation.year is None
    assert [(p.code, p.severity) for p in result.problems] == [("missing_year", "warning")]


def test_key_groups_editions_of_the_same_standard() -> None:
    old, new = parse("GB/T 15259-1994").designation, parse("GB/T 15259—2008").designation
    assert old is not None and new is not None
    assert old.key() == new.key() == "GB/T 15259"
    part = parse("GB 3836.1—2000").designation
    assert part is not None and part.key() == "GB 3836.1"
    edition = parse("GB 50213—2010 (2022年版)").designation
    assert edition is not None and edition.key() == "GB 50213"


def test_leading_zeros_of_the_number_are_kept() -> None:
    assert canonical("DZ/T0341—2020") == "DZ/T 0341-2020"
    assert canonical("T/CHEAA 0001-2017") == "T/CHEAA 0001-2017"


def test_gbz_is_occupational_health_not_gb_z() -> None:
    gbz, gb_z = parse("GBZ 2.1-2019").designation, parse("GB/Z 17624.1-1998").designation
    assert gbz is not None and gb_z is not None
    assert (gbz.code, gbz.kind, gbz.industry) == ("GBZ", "mandatory", "职业卫生")
    assert (gb_z.code, gb_z.prefix, gb_z.suffix, gb_z.kind) == ("GB/Z", "GB", "Z", "guidance")


def test_gbz_with_a_five_digit_number_warns_it_may_be_gb_z() -> None:
    result = parse("GBZ 41275-2022")
    assert result.ok
    assert [p.code for p in result.problems] == ["ambiguous_gbz"]


@pytest.mark.parametrize(("raw", "expected"), [
    ("GBT 15259-2008", "GB/T 15259-2008"),
    ("GB_T 15259-2008", "GB/T 15259-2008"),
    ("GB-T 15259-2008", "GB/T 15259-2008"),
    ("GB T 15259-2008", "GB/T 15259-2008"),
    ("GB-T-15259-2008", "GB/T 15259-2008"),
    ("GB / T 15259 - 2008", "GB/T 15259-2008"),
    ("gb/t 15259-2008", "GB/T 15259-2008"),
    ("ＧＢ／Ｔ　１５２５９－２００８", "GB/T 15259-2008"),
    ("GB/T 15259——2008", "GB/T 15259-2008"),
    ("GB/T 15259--2008", "GB/T 15259-2008"),
    ("GB/T 15259一2008", "GB/T 15259-2008"),
    ("GB/T 15259~2008", "GB/T 15259-2008"),
    ("GB/T 15259～2008", "GB/T 15259-2008"),
    ("GB/T 15259–2008", "GB/T 15259-2008"),
    ("GB/T 15259―2008", "GB/T 15259-2008"),
    ("GB/T 15259‐2008", "GB/T 15259-2008"),
    ("GB/T 15259 2008", "GB/T 15259-2008"),
    ("\ufeffGB/T 15259-2008\u200b", "GB/T 15259-2008"),
    ("MTT 154", "MT/T 154"),
    ("DB51T1412—2011", "DB51/T 1412-2011"),
    ("DB 51 / T 1412 - 2011", "DB51/T 1412-2011"),
    ("JGJT 46-2005", "JGJ/T 46-2005"),
    ("GBZT 229.1-2010", "GBZ/T 229.1-2010"),
    ("KA/T 1-2024", "KA/T 1-2024"),
    ("t/pca 004—2023", "T/PCA 004-2023"),
    ("Q/ABCDE0001—2008", "Q/ABCDE 0001-2008"),
    ("GB 50213—2010（2022年版）", "GB 50213-2010(2022年版)"),
])
def test_dirty_forms_met_in_real_data_normalise(raw: str, expected: str) -> None:
    assert canonical(raw) == expected


def test_local_seismic_and_legacy_forms_of_db() -> None:
    legacy = parse("DB51 123-2015")
    assert legacy.ok
    assert legacy.designation is not None
    assert (legacy.designation.canonical, legacy.designation.kind) == ("DB51 123-2015", "mandatory")
    assert [(p.code, p.severity) for p in legacy.problems] == [("legacy_local_mandatory", "warning")]
    assert canonical("DB51/ 123-2015") == "DB51 123-2015"
    seismic = parse("DB/T 15-2008").designation
    assert seismic is not None
    assert (seismic.level, seismic.industry, seismic.region) == ("industry", "地震", None)


@pytest.mark.parametrize(("raw", "level", "kind"), [
    ("GB 16423-2020", "national", "mandatory"),
    ("GB/T 15259-2008", "national", "recommended"),
    ("GB/Z 17624.1-1998", "national", "guidance"),
    ("AQ 1029-2019", "industry", "mandatory"),
    ("AQ/T 1047-2007", "industry", "recommended"),
    ("DB14/T 1-2020", "local", "recommended"),
    ("T/CAS 290-2017", "group", None),
    ("Q/ABC 001-2023", "enterprise", None),
    ("JJG 52", "national", None),
])
def test_level_and_kind_are_derived_from_the_code(raw: str, level: str, kind: str | None) -> None:
    d = parse(raw).designation
    assert d is not None
    assert (d.level, d.kind) == (level, kind)


# --------------------------------------------------------------------------- problems

@pytest.mark.parametrize(("raw", "code"), [
    ("XX 123-2020", "unknown_code"),
    ("GB 1234-2099", "impossible_year"),
    ("GB 1234-1899", "impossible_year"),
    ("GB 1234-05", "impossible_year"),          # 2-digit years are 19YY: 1905 is impossible
    ("GB 1234-208", "impossible_year"),
    ("GB/T -2008", "truncated_number"),
    ("GB/T", "truncated_number"),
    ("GB/T 15259-", "truncated_year"),
    ("", "empty"),
    ("   ", "empty"),
    ("hello", "unparseable"),
    ("备案号: 25395—2009", "unparseable"),
    ("DB99/T 1-2020", "invalid_region"),
    ("DB511412-2011", "ambiguous_code"),
    ("T/XZYC 00012024", "ambiguous_number"),
    ("GB 0-2010", "invalid_number"),
    ("GBJ/T 12-1990", "unknown_code"),
    ("QB/HNEC-YMKG-JS-2-AQ-1-2014", "unknown_code"),
])
def test_bad_designation_is_reported_never_guessed(raw: str, code: str) -> None:
    result = parse(raw)
    assert not result.ok
    assert canonical(raw) is None
    errors = [p for p in result.problems if p.severity == "error"]
    assert [p.code for p in errors] == [code]


def test_unknown_code_message_is_chinese_then_english_with_a_fix() -> None:
    (problem,) = parse("XX 123-2020").problems
    assert problem.message == "未知的标准代号 'XX' / unknown standard code 'XX'"
    assert problem.fix == ("使用已知的标准代号，如 GB、GB/T、AQ、MT、KA、DB51/T、T/XXX（企业标准 Q/XXX） / use a known code "
                           "such as GB, GB/T, AQ, MT, KA, DB51/T, T/XXX (enterprise: Q/XXX)")


def test_every_designation_problem_has_a_chinese_fix() -> None:
    from minestd.designation_problems import _PROBLEMS, FIX_ZH

    assert set(FIX_ZH) == set(_PROBLEMS)
    for code, text in FIX_ZH.items():
        assert set(re.findall(r"\{(\w+)\}", text)) <= set(re.findall(r"\{(\w+)\}", _PROBLEMS[code][3])), code


def test_free_form_enterprise_code_is_named_in_the_message() -> None:
    (problem,) = parse("QB/HNEC-YMKG-JS-2-AQ-1-2014 煤矿主提升系统安全管理规范").problems
    assert "'QB/HNEC'" in problem.message


def test_invalid_region_keeps_what_was_read_but_is_not_ok() -> None:
    result = parse("DB99/T 1-2020")
    assert result.designation is not None and result.designation.region == "99"
    assert not result.ok
    assert "99" in result.problems[0].message


def test_year_after_today_is_an_error_only_when_today_is_given() -> None:
    today = datetime.date(2024, 6, 1)
    assert parse("GB 1234-2024", today=today).ok
    future = parse("GB 1234-2025", today=today)
    assert [(p.code, p.severity) for p in future.problems] == [("future_year", "error")]
    assert parse("GB 1234-2025").ok


def test_edition_year_before_base_year_is_a_warning() -> None:
    result = parse("GB 50213-2010(2008年版)")
    assert result.ok
    assert [p.code for p in result.problems] == ["edition_before_year"]


@pytest.mark.parametrize("raw", ["XX 123-2020", "GB 1234-2099", "GB/T", "", "hello", "DB51 123-2015",
                                 "MT 195—89", "GB 5748", "DB99/T 1-2020", "T/XZYC 00012024"])
def test_every_problem_is_one_line_chinese_slash_english_with_a_fix(raw: str) -> None:
    for problem in parse(raw).problems:
        assert "\n" not in problem.message and "\n" not in problem.fix
        zh, sep, en = problem.message.partition(" / ")
        assert sep and any("\u4e00" <= ch <= "\u9fff" for ch in zh)
        assert any(ch.isascii() and ch.isalpha() for ch in en)
        assert problem.fix.strip()


def test_long_garbage_is_quoted_short_in_messages() -> None:
    (problem,) = parse("x" * 10_000).problems
    assert problem.code == "unparseable"
    assert len(problem.message) < 200


# --------------------------------------------------------------------------- glued titles

@pytest.mark.parametrize(("raw", "expected", "title"), [
    ("GB/T 15259—2008矿山安全术语", "GB/T 15259-2008", "矿山安全术语"),
    ("《煤矿安全规程》AQ 1029-2019", "AQ 1029-2019", "煤矿安全规程"),
    ("《矿山安全术语》GB/T 15259-2008", "GB/T 15259-2008", "矿山安全术语"),
    ("GBJ 22—1987 厂矿道路设计规范", "GBJ 22-1987", "厂矿道路设计规范"),
    ("DB51T1412—2011 煤矿井下人员定位系统安全技术规范", "DB51/T 1412-2011", "煤矿井下人员定位系统安全技术规范"),
    ("GB5748作业场所空气中粉尘测定方法", "GB 5748", "作业场所空气中粉尘测定方法"),
    ("《煤矿用CH4传感器》AQ 6203-2006", "AQ 6203-2006", "煤矿用CH4传感器"),
])
def test_title_glued_to_a_designation_is_returned_separately(raw: str, expected: str, title: str) -> None:
    result = parse(raw)
    assert result.designation is not None and result.designation.canonical == expected
    assert result.title_rest == title


def test_bare_designation_has_no_title() -> None:
    assert parse("GB/T 15259-2008").title_rest is None


def test_several_designations_in_one_cell_take_the_first_and_warn() -> None:
    result = parse("DB52/T380—2017代替DB52/T380-2005")
    assert canonical("DB52/T380—2017代替DB52/T380-2005") == "DB52/T 380-2017"
    assert "multiple_designations" in [p.code for p in result.problems]


# --------------------------------------------------------------------------- models and helpers

def test_models_are_frozen() -> None:
    result = parse("GB/T 15259-2008")
    with pytest.raises(pydantic.ValidationError):
        result.designation.year = 2020  # type: ignore[union-attr]
    with pytest.raises(pydantic.ValidationError):
        result.raw = "x"  # type: ignore[misc]


def test_dump_includes_canonical_and_round_trips() -> None:
    result = parse("《煤矿安全规程》AQ 1029-2019")
    dumped = result.model_dump(mode="json")
    assert dumped["designation"]["canonical"] == "AQ 1029-2019"
    assert ParseResult.model_validate_json(result.model_dump_json()) == result
    assert Designation(**dumped["designation"]) == result.designation


def test_normalise_text_unifies_width_dashes_and_spaces() -> None:
    assert normalise_text("  ＧＢ／Ｔ　１５２５９——２００８\t") == "GB/T 15259-2008"
    assert normalise_text("AQ 1029 一 2019") == "AQ 1029-2019"
    assert normalise_text("统一标准") == "统一标准"      # 一 is a dash only between digits


def test_non_str_input_does_not_raise() -> None:
    assert parse(None).problems[0].code == "empty"  # type: ignore[arg-type]
    assert not parse(float("nan")).ok  # type: ignore[arg-type]


def test_tables_cover_the_mine_safety_codes_and_provinces() -> None:
    for code in ("GB", "GBJ", "GBZ", "JJG", "JJF", "AQ", "MT", "KA", "NB", "DZ", "YB", "YS", "JB", "JGJ",
                 "QX", "SY", "HG", "DB", "T", "Q"):
        assert code in KNOWN_CODES
    assert KNOWN_CODES["KA"].industry == "矿山安全"
    assert set(LOCAL_REGIONS) == {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
                                  "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
                                  "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}


def test_module_is_pure_core() -> None:
    code = ("import sys, minestd.designation; "
            "print(sorted(m for m in ('typer', 'rich', 'graphviz', 'pygraphviz') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(Path(__file__).parents[1] / "src")})
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- fixture

def _fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_dirty_fixture_has_enough_sourced_rows() -> None:
    rows = _fixture_rows()
    assert len(rows) >= 30
    assert all(row["source"].strip() for row in rows)
    assert (FIXTURE.parent / "README.md").is_file()


@pytest.mark.parametrize("row", _fixture_rows(), ids=lambda row: row["raw"][:30])
def test_dirty_fixture_row(row: dict[str, str]) -> None:
    assert canonical(row["raw"]) == (row["canonical"] or None)


# --------------------------------------------------------------------------- properties

DASHES = ["-", "‐", "‑", "‒", "–", "—", "―", "－", "一", "~", "～", "——", "--"]
INDUSTRY = sorted(c for c, info in KNOWN_CODES.items() if info.level == "industry")
NATIONAL = sorted(c for c, info in KNOWN_CODES.items() if info.level == "national")
LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)


@st.composite
def designations(draw: st.DrawFn) -> str:
    """A valid canonical designation of any family."""
    family = draw(st.sampled_from(["national", "industry", "local", "group", "enterprise"]))
    if family in ("national", "industry"):
        prefix = draw(st.sampled_from(NATIONAL if family == "national" else INDUSTRY))
        suffix = draw(st.sampled_from(["", *KNOWN_CODES[prefix].suffixes]))
        code = f"{prefix}/{suffix}" if suffix else prefix
    elif family == "local":
        code = "DB" + draw(st.sampled_from(sorted(LOCAL_REGIONS))) + draw(st.sampled_from(["/T", ""]))
    else:
        code = ("T/" if family == "group" else "Q/") + draw(LETTERS)
    base = str(draw(st.integers(1, 99_999))).zfill(draw(st.integers(1, 5)))
    part = draw(st.none() | st.integers(1, 20))
    number = base if part is None else f"{base}.{part}"
    year = draw(st.none() | st.integers(1949, 2050))
    text = f"{code} {number}" + ("" if year is None else f"-{year}")
    if family == "national" and year is not None and draw(st.booleans()):
        text += f"({draw(st.integers(year, 2050))}年版)"
    return text


FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@st.composite
def dirty_variants(draw: st.DrawFn, clean: str) -> str:
    """A dirty spelling of ``clean`` as met in real data."""
    d = parse(clean).designation
    assert d is not None
    code = d.code
    if d.suffix and d.level != "local":
        glued = d.prefix + d.suffix in KNOWN_CODES                   # GB/Z -> GBZ is another code
        code = d.prefix + draw(st.sampled_from(["/", " / ", "_", "-", " "] + ([] if glued else [""]))) + d.suffix
    elif d.suffix:
        code = f"DB{draw(st.sampled_from(['', ' ']))}{d.region}{draw(st.sampled_from(['/', '', ' / ']))}{d.suffix}"
    legacy_local = d.level == "local" and not d.suffix
    text = code + draw(st.sampled_from([" ", "  ", "\u3000"] + ([] if legacy_local else [""]))) + d.number
    pad = draw(st.sampled_from(["", " "]))
    if d.year is not None:
        two_digits = d.year < 2000 and draw(st.booleans())
        text += pad + draw(st.sampled_from(DASHES)) + pad + (str(d.year)[2:] if two_digits else str(d.year))
    if d.edition is not None:
        text += pad + f"({d.edition})"
    if draw(st.booleans()):
        text = text.lower()
    if draw(st.booleans()):
        text = "".join(FULL_WIDTH.get(ch, ch) for ch in text)
    return draw(st.sampled_from(["", " ", "\ufeff"])) + text + draw(st.sampled_from(["", " ", "\t"]))


FIELDS_BUT_RAW = {"raw"}


@given(st.text())
def test_parse_never_raises_on_arbitrary_text(raw: str) -> None:
    result = parse(raw)
    assert isinstance(result, ParseResult)
    assert result.ok == (result.designation is not None
                         and all(p.severity != "error" for p in result.problems))


@given(st.text(alphabet=st.sampled_from(list("GBTZDQAMK/ -—－一~.()年版0123456789《》")), max_size=30))
def test_parse_never_raises_on_designation_like_noise(raw: str) -> None:
    parse(raw)


@given(st.one_of(st.text(), designations(), st.builds(lambda a, b: a + b, designations(), st.text())))
def test_canonical_is_idempotent(raw: str) -> None:
    first = canonical(raw)
    assume(first is not None)
    assert canonical(first) == first


@given(st.text())
def test_normalise_text_is_idempotent(raw: str) -> None:
    once = normalise_text(raw)
    assert normalise_text(once) == once


@given(designations())
def test_generated_designation_round_trips(clean: str) -> None:
    result = parse(clean)
    assert result.ok, result.problems
    d = result.designation
    assert d is not None and d.canonical == clean
    again = parse(d.canonical).designation
    assert again is not None
    assert again.model_dump(exclude=FIELDS_BUT_RAW) == d.model_dump(exclude=FIELDS_BUT_RAW)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_dirty_variant_parses_to_the_same_canonical(data: st.DataObject) -> None:
    clean = data.draw(designations())
    assume(canonical(clean) is not None)
    dirty = data.draw(dirty_variants(clean))
    assert canonical(dirty) == clean, (dirty, parse(dirty).problems)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(), st.sampled_from(["GB/T 15259-2008", "AQ 1029-2019", "GBZ 12345-2019",
                                                                     "DB51 1412-2011", "MT/T 154.1-2011", "aq/t 1029—2019",
                                                                     "AQ 0-2019", "GB 3836.1-2099", ""]),
                          st.text(alphabet="GBTAQM/ -—0123456789.年版()煤矿", max_size=16)), max_size=12))
def test_parse_many_equals_parse_one_by_one(values):
    from minestd.designation import parse, parse_many

    today = datetime.date(2025, 6, 30)
    assert parse_many(values, today=today) == [parse(v, today=today) for v in values]
    assert parse_many(values) == [parse(v) for v in values]
