"""What a Chinese standard designation is made of (pure): the code table — what each code prefix means (level,
family, industry, suffixes), the province codes of local standards, the suffix kinds, the plausible years — and the
models :func:`minestd.designation.parse` returns (:class:`Designation`, :class:`ParseResult`,
:class:`DesignationProblem`). Facts and sources: ``shared/reference/designations.md``."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, computed_field

__all__ = ["Level", "Kind", "Severity", "CodeInfo", "Designation", "DesignationProblem", "ParseResult", "KNOWN_CODES", "LOCAL_REGIONS", "SUFFIX_KIND", "EARLIEST_YEAR",
           "LATEST_YEAR"]

Level = Literal["national", "industry", "local", "group", "enterprise"]
Kind = Literal["mandatory", "recommended", "guidance"]
Severity = Literal["error", "warning", "info"]


# --------------------------------------------------------------------------- tables

class CodeInfo(NamedTuple):
    """What a code prefix means. ``suffixes``: the suffix letters it may carry ("TZ", "T" or "")."""

    level: Level
    name: str                 # Chinese name of the family, e.g. 安全生产行业标准
    industry: str | None      # Chinese industry name (industry codes, GBZ, GBJ, JJG/JJF)
    suffixes: str
    bare_kind: Kind | None    # kind when written without /T or /Z
    mine: bool                # common in mine-safety material: preferred when a text holds several


def _national(name: str, industry: str | None, suffixes: str, bare_kind: Kind | None) -> CodeInfo:
    return CodeInfo("national", name, industry, suffixes, bare_kind, True)


def _industry(industry: str, mine: bool = False) -> CodeInfo:
    return CodeInfo("industry", f"{industry}行业标准", industry, "TZ", "mandatory", mine)


#: Industry codes: the metanorma gb-agencies SECTOR table plus NB, KA, JGJ (designations.md §2.2).
_INDUSTRIES: dict[str, tuple[str, bool]] = {
    # mine-safety codes first (mine=True)
    "AQ": ("安全生产", True), "MT": ("煤炭", True), "KA": ("矿山安全", True), "NB": ("能源", True),
    "DZ": ("地质矿产", True), "YB": ("黑色冶金", True), "YS": ("有色冶金", True), "JB": ("机械", True),
    "JGJ": ("建筑工程", True), "QX": ("气象", True), "SY": ("石油天然气", True), "HG": ("化工", True),
    # other sectors (gb-agencies SECTOR)
    "BB": ("包装", False), "CB": ("船舶", False), "CH": ("测绘", False), "CJ": ("城镇建设", False),
    "CY": ("新闻出版", False), "DA": ("档案", False), "DL": ("电力", False), "EJ": ("核工业", False),
    "FZ": ("纺织", False), "GA": ("公共安全", False), "GH": ("供销", False), "GM": ("密码", False),
    "GY": ("广播电影电视", False), "HB": ("航空", False), "HJ": ("环境保护", False), "HS": ("海关", False),
    "HY": ("海洋", False), "JC": ("建材", False), "JG": ("建筑工业", False), "JR": ("金融", False),
    "JT": ("交通", False), "JY": ("教育", False), "LB": ("旅游", False), "LD": ("劳动和劳动安全", False),
    "LS": ("粮食", False), "LY": ("林业", False), "MH": ("民用航空", False), "MZ": ("民政", False),
    "NY": ("农业", False), "QB": ("轻工", False), "QC": ("汽车", False), "QJ": ("航天", False),
    "SB": ("国内贸易", False), "SC": ("水产", False), "SH": ("石油化工", False), "SJ": ("电子", False),
    "SL": ("水利", False), "SN": ("商检", False), "TB": ("铁道", False), "TD": ("土地管理", False),
    "TJ": ("铁道交通", False), "TY": ("体育", False), "WB": ("物资管理", False), "WH": ("文化", False),
    "WJ": ("兵工民品", False), "WM": ("外经贸", False), "WS": ("卫生", False), "WW": ("文物保护", False),
    "XB": ("稀土", False), "YC": ("烟草", False), "YD": ("通信", False), "YY": ("医药", False),
    "YZ": ("邮政", False), "ZY": ("中医药", False),
}

#: Every code prefix this module understands. Keys are prefixes without /T or /Z.
#: "DB" is the local-standard family (DB + 2-digit province code); "DB/T" without a province
#: code is the seismic industry code (see ``_SEISMIC``).
KNOWN_CODES: Mapping[str, CodeInfo] = MappingProxyType({
    "GB": _national("国家标准", None, "TZ", "mandatory"),
    "GBJ": _national("工程建设国家标准(旧代号)", "工程建设", "", "mandatory"),
    "GBZ": _national("国家职业卫生标准", "职业卫生", "T", "mandatory"),
    # metrology regulations/specifications are 计量技术法规 under the 计量法, not 标准化法 standards
    "JJG": _national("国家计量检定规程", "计量", "", None),
    "JJF": _national("国家计量技术规范", "计量", "", None),
    **{code: _industry(name, mine) for code, (name, mine) in _INDUSTRIES.items()},
    "DB": CodeInfo("local", "地方标准", None, "TZ", "mandatory", True),
    "T": CodeInfo("group", "团体标准", None, "", None, True),
    "Q": CodeInfo("enterprise", "企业标准", None, "", None, True),
})

_SEISMIC = CodeInfo("industry", "地震行业标准", "地震", "TZ", "mandatory", False)

#: Province codes of local standards (first two digits of the administrative division code).
LOCAL_REGIONS: Mapping[str, str] = MappingProxyType({
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省",
    "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
})

SUFFIX_KIND: Mapping[str, Kind] = MappingProxyType({"T": "recommended", "Z": "guidance"})

#: Plausible publication years. PRC standards start after 1949; a 2-digit year is 19YY.
EARLIEST_YEAR = 1949
LATEST_YEAR = 2050
_MAX_NUMBER_DIGITS = 6     # no real 顺序号 is longer; longer ones usually have the year glued on


# --------------------------------------------------------------------------- models

class DesignationProblem(BaseModel):
    """One thing wrong with (or guessed about) a designation. ``message`` is Chinese / English."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    fix: str


class Designation(BaseModel):
    """A parsed designation. ``canonical`` is computed from the fields (and included in dumps)."""

    model_config = ConfigDict(frozen=True)

    raw: str
    code: str
    prefix: str
    suffix: Literal["", "T", "Z"]
    region: str | None
    org: str | None
    number: str
    base_number: str
    part: str | None
    year: int | None
    edition: str | None
    level: Level
    kind: Kind | None
    industry: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def canonical(self) -> str:
        year = self.year       # (no format spec for 4-digit years: parsing one costs more than the rest)
        text = (f"{self.code} {self.number}" if year is None else
                f"{self.code} {self.number}-{year}" if year >= 1000 else f"{self.code} {self.number}-{year:04d}")
        return text if self.edition is None else f"{text}({self.edition})"

    def key(self) -> str:
        """Canonical form without year and edition, e.g. ``GB/T 15259``: same standard, any edition."""
        return f"{self.code} {self.number}"

    def __str__(self) -> str:
        return self.canonical


class ParseResult(BaseModel):
    """What :func:`parse` found: the designation (or None), glued title text and problems."""

    model_config = ConfigDict(frozen=True)

    raw: str
    designation: Designation | None
    title_rest: str | None
    problems: tuple[DesignationProblem, ...]

    @property
    def ok(self) -> bool:
        return self.designation is not None and not any(p.severity == "error" for p in self.problems)
