"""Evidence that a standard's title answers a priority item: word-aligned, type- and scope-compatible (pure core).

The gap analysis (:mod:`minestd.coverage`) finds candidate items through an index of character pairs; this
module decides what of a candidate's overlap is *evidence*:

* **Word boundaries.** A shared piece of text counts only where it starts and ends on word boundaries of both
  texts. Words are the taxonomy's own vocabulary (node names, alternative names, the curated keywords, the
  pieces of the guide's priority clauses) and the boilerplate words of standard titles, found with one
  Aho–Corasick automaton. So 「震监测方法」 shared by 微震… and 矿震… is only 「监测方法」, and 「采技术规范」 shared by
  原地浸出开采… and 初采… is only 「技术规范」 — boilerplate, no subject.
* **Subject.** At least one shared word must be more than boilerplate (:data:`GENERIC_WORDS`).
* **Document type.** Terminology items (术语/符号/代号/图例) take terminology standards only; a method standard
  (…测定方法) does not answer a management item (…管理标准), nor a terminology standard a method item; a product
  standard (a title naming a thing, no 规范/要求/方法…) does not answer a management item.
* **Mine scope.** An item for 金属非金属 mines is not answered by a coal standard and vice versa; the scope comes
  from the catalog's mine-scope column, else the title's words, else the designation (MT, AQ 1xxx: coal; AQ/KA
  2xxx: metal/non-metal).
* **Synonyms.** A small curated table (:data:`SYNONYMS` — the project's own, not the guide's words) maps a
  title's variant spellings to the guide's (人员定位 → 人员位置, 振动 → 震动, …) before matching.

No printing, no file IO.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import ahocorasick_rs

if TYPE_CHECKING:
    from .taxonomy import Taxonomy

__all__ = ["GENERIC_WORDS", "SYNONYMS", "SYNONYMS_PROVENANCE", "CONFLICTS", "doc_type", "compatible_types",
           "mine_scope_of", "compatible_scopes", "conflicting", "only_boilerplate", "Lexicon", "lexicon",
           "canonical_title"]

#: Words of standard-title boilerplate: shared alone they say nothing about the subject.
GENERIC_WORDS: tuple[str, ...] = (
    "安全", "技术", "规范", "要求", "标准", "方法", "规程", "规则", "条件", "通用", "检验", "检测", "管理", "系统",
    "装置", "设备", "煤矿", "矿山", "矿井", "矿用", "金属", "非金属", "相关", "制定", "指南", "导则", "细则",
    "测定", "测试", "试验", "监测", "评价", "评估", "鉴定", "设计", "施工", "验收", "井下", "地下", "露天", "作业",
    "工程", "基本", "一般", "规定", "技术条件", "技术要求", "技术规范", "安全技术", "通用技术条件", "安全规程",
    "管理规范", "管理标准", "测定方法", "检验规范", "检测检验", "实施", "编制", "建设", "运行", "生产", "使用")

#: The project's own synonym table (not the guide's words): a title's variant -> the guide's spelling.
SYNONYMS_PROVENANCE = "minestd-curated"
SYNONYMS: dict[str, str] = {
    "人员定位系统": "人员位置监测系统", "人员定位": "人员位置", "振动": "震动", "岩土工程勘察": "工程地质调查",
    "煤层气": "瓦斯", "架空乘人装置": "架空乘人装置", "架空索道": "架空索道", "阻燃输送带": "阻燃输送带",
    "隔爆水槽": "隔爆设施", "隔爆水袋": "隔爆设施", "被动式隔爆": "隔爆设施", "锂电池": "锂离子蓄电池",
    "锂离子动力电池": "锂离子蓄电池", "以太网": "有线网络", "移动通信系统": "无线网络与通信系统",
    "感知数据联网接入": "数据采集接口", "数据联网接入": "数据采集接口", "地震监测": "矿震监测",
    "勘探": "勘查", "地球物理": "物理勘查", "防护服装": "防护服", "携带型": "便携式",
}

_DOC_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("terms", re.compile(r"术语|符号|代号|图例|名词")),
    ("management", re.compile(r"管理(?:规范|标准|办法|制度|规定|要求)|管理$")),
    ("method", re.compile(r"(?:测定|测试|试验|检测|分析|计算|鉴定|预测|探测|监测)(?:方法|规程)|方法$|测定$|"
                          r"(?:测定|测试|试验|检测|分析|鉴定)法")),
    ("design", re.compile(r"设计(?:规范|标准|规定)|设计$")),
    ("spec", re.compile(r"规范|规程|规则|要求|条件|标准|导则|指南|细则|规定|办法")),
)
#: Pairs (item type, title type) that cannot be an answer.
_INCOMPATIBLE = {("management", "method"), ("management", "product"), ("management", "terms"),
                 ("method", "terms"), ("spec", "terms"), ("design", "terms"), ("product", "terms"),
                 ("method", "product")}


def doc_type(text: str) -> str:
    """terms / management / method / design / spec, or product (a title naming a thing, no document word)."""
    norm = _norm(text)
    for name, pattern in _DOC_TYPES:
        if pattern.search(norm):
            return name
    return "product"


def compatible_types(item: str, title: str) -> bool:
    """Can a standard of type ``title`` answer an item of type ``item``? Terminology only answers terminology."""
    if item == "terms" or title == "terms":
        return item == title
    return (item, title) not in _INCOMPATIBLE


_COAL = re.compile(r"煤矿|煤层|煤炭|采煤|井工煤|露天煤|煤[与和]|煤自燃|煤岩|煤的|选煤|洗选|瓦斯")
_NONCOAL = re.compile(r"金属非金属|非煤|有色金属|冶金|金属矿|铀矿|稀土|磷石膏|赤泥|锰渣|盐湖|饰面石材|岩爆")
_CODE = re.compile(r"^\s*(MT|AQ|KA)(?:/T)?\s*(\d)")


def mine_scope_of(text: str, designation: str = "", mine_scope: str = "") -> str:
    """coal / metal-nonmetal / all: the catalog's mine scope when given, else the title's words, else the
    designation's family (MT and AQ 1xxx are coal-mine standards, AQ/KA 2xxx non-coal)."""
    if mine_scope in ("coal", "metal-nonmetal"):
        return mine_scope
    if mine_scope == "all":
        return "all"
    norm = _norm(text)
    coal, noncoal = bool(_COAL.search(norm)), bool(_NONCOAL.search(norm))
    if coal != noncoal:
        return "coal" if coal else "metal-nonmetal"
    m = _CODE.match(designation or "")
    if m and not coal and not noncoal:
        if m[1] == "MT" or (m[1] == "AQ" and m[2] == "1"):
            return "coal"
        if m[2] == "2":
            return "metal-nonmetal"
    return "all"


def compatible_scopes(item: str, title: str) -> bool:
    return item == "all" or title == "all" or item == title


#: Words that exclude each other: an item naming one is not answered by a title naming the other.
CONFLICTS: tuple[tuple[str, str], ...] = (("正压", "负压"), ("露天", "井下"), ("露天", "地下"), ("高压", "低压"))


def conflicting(item: str, title: str) -> bool:
    """Does the title name the opposite of something the item names (正压 vs 负压, 露天 vs 井下)?"""
    a, b = _norm(item), _norm(title)
    return any((x in a and y in b and x not in b) or (y in a and x in b and y not in b) for x, y in CONFLICTS)


def only_boilerplate(piece: str) -> bool:
    """Can ``piece`` be cut entirely into boilerplate words (系统安全检测检验规范 = 系统|安全|检测检验|规范)?"""
    reachable = [True] + [False] * len(piece)
    for end in range(1, len(piece) + 1):
        reachable[end] = any(reachable[start] and piece[start:end] in _BOILERPLATE
                             for start in range(max(0, end - 8), end))
    return reachable[-1]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def canonical_title(text: str) -> str:
    """The title in the guide's spelling: NFKC, lower case, curated synonyms replaced (longest first)."""
    norm = _norm(text)
    for variant in sorted(SYNONYMS, key=len, reverse=True):
        if variant in norm:
            norm = norm.replace(variant, SYNONYMS[variant])
    return norm


class Lexicon:
    """The words of the taxonomy and of title boilerplate, and where they sit in a text."""

    def __init__(self, words: Iterable[str]):
        self.words = tuple(sorted({w for w in (_norm(w).strip() for w in words) if len(w) >= 2}))
        self.automaton = ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    @lru_cache(maxsize=65536)
    def inner(self, text: str) -> frozenset[int]:
        """Cut positions strictly inside a word of ``text`` (k: between text[k-1] and text[k]), the words found
        left to right, longest first, without overlap (forward maximum matching)."""
        cuts: set[int] = set()
        for _, start, end in self.automaton.find_matches_as_indexes(text):
            cuts.update(range(start + 1, end))
        return frozenset(cuts)


def _clause_pieces(text: str) -> list[str]:
    return [p for p in re.split(r"[、，,；;。：:（）()“”\s]|等|及|和|与", text) if len(p) >= 2]


_BOILERPLATE = frozenset(GENERIC_WORDS)
_AFFIXES = tuple(sorted(set(GENERIC_WORDS) | {"相关标准", "安全技术要求", "技术与方法", "及", "的", "类"}, key=len,
                       reverse=True))
MAX_WORD = 6


def core(piece: str) -> str:
    """A clause piece without its boilerplate prefixes and suffixes: 瓦斯含量测定方法 -> 瓦斯含量."""
    changed = True
    while changed:
        changed = False
        for affix in _AFFIXES:
            if piece.endswith(affix) and len(piece) - len(affix) >= 2:
                piece, changed = piece[: -len(affix)], True
            if piece.startswith(affix) and len(piece) - len(affix) >= 2:
                piece, changed = piece[len(affix):], True
    return piece


@lru_cache(maxsize=4)
def lexicon(tx: "Taxonomy") -> Lexicon:
    """The taxonomy's lexicon: the curated keywords, node names and alternative names, the subject words of every
    priority clause (its pieces split at 、 等 及 和 与 and punctuation, boilerplate stripped), the boilerplate
    words and the synonyms — words of up to six characters, so that a long item text is never one word."""
    words: list[str] = list(GENERIC_WORDS) + list(SYNONYMS.values()) + list(SYNONYMS)
    for node in tx.nodes():
        words += [node.name, *node.alt_names, *node.keywords]
    for p in tx.priorities():
        words += [core(piece) for piece in _clause_pieces(p.text) + _clause_pieces(p.source)]
    return Lexicon(w for w in words if len(w) <= MAX_WORD)
