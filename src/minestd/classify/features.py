"""Text features for the classifiers: character n-grams (the main features) and term look-up (pure).

Chinese titles have no spaces; character n-grams of the title (2 to 4 characters) need no dictionary and
no word segmentation, are fast, and match the guide's own words verbatim. Curated terms (node names,
aliases, keywords, the core of each priority text) are found in a title by dictionary look-up of its
pieces — the same thing a segmenter with a user dictionary does, without loading a 350k-word dictionary.
"""
from __future__ import annotations

import re
import unicodedata

#: Split titles into runs of letters/digits/CJK; n-grams never cross punctuation or spaces.
SEGMENT_CHARS = "0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"     # a regex character class's contents
_SEGMENT_RE = re.compile(f"[{SEGMENT_CHARS}]+")
_PART_RE = re.compile(r"第\s*[0-9一二三四五六七八九十]+\s*部分")

#: Words that say what kind of document a standard is, not what it is about. Stripped from priority texts
#: to get their core term (矿用电缆安全技术要求 -> 矿用电缆); longest first.
GENERIC_SUFFIXES: tuple[str, ...] = tuple(sorted({
    "安全技术要求及定期检验要求", "安全技术要求", "安全技术条件", "安全技术规范", "安全技术规程", "安全操作规程",
    "安全作业标准", "安全管理规范", "安全要求", "安全规程", "安全规范", "技术规范", "技术要求", "技术条件",
    "通用技术条件", "通用要求", "通用规则", "管理规范", "管理标准", "相关标准", "方法标准", "技术标准", "等标准",
    "建设标准", "标准", "规范", "规程", "方法", "要求", "导则", "指南", "细则", "规定", "规则", "条件",
    "编制规范", "编制要求", "技术及管理规范", "安全性通用要求", "安全性", "管理",
}, key=len, reverse=True))


def normalise(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation -> ASCII), lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


#: Document-kind phrases removed before n-grams are taken: they say what kind of document a standard is
#: (规范, 技术条件 ...) and would otherwise tie unrelated titles together. Longest first.
STOP_PHRASES: tuple[str, ...] = ("通用技术条件", "安全技术要求", "安全技术条件", "技术条件", "技术要求", "技术规范",
                                 "通用要求", "规范", "标准", "要求", "规定", "导则", "指南")
#: Mine-type qualifiers say which mines a standard applies to (the catalog's mine_scope), not its topic; they
#: are cut out too, so that 金属非金属地下矿山 in a title does not pull it towards every node whose priority
#: texts happen to start with it. (露天, 井下, 地下 and 矿井 stay: they tell 露天开采 from 地下开采.)
SCOPE_PHRASES: tuple[str, ...] = ("金属非金属地下矿山", "金属非金属露天矿山", "金属非金属矿山", "金属非金属", "非煤矿山",
                                  "煤矿", "矿山")
#: ... but not where the phrase is part of a content word: 标准化 (安全生产标准化, standardisation) and 规范化 are
#: topics, not document kinds.
_STOP_RE = re.compile("|".join(re.escape(p) + ("(?!化)" if p.endswith(("标准", "规范")) else "")
                               for p in sorted(STOP_PHRASES + SCOPE_PHRASES, key=len, reverse=True)))


def segments(text: str) -> list[str]:
    """Runs of letters, digits and CJK characters of the normalised text (part numbers removed)."""
    return _SEGMENT_RE.findall(_PART_RE.sub(" ", normalise(text)))


def content_segments(text: str) -> list[str]:
    """:func:`segments` with document-kind phrases and mine-type qualifiers cut out."""
    return _SEGMENT_RE.findall(content_text(text))


def content_text(text: str) -> str:
    """The normalised text with part numbers, document-kind phrases and mine-type qualifiers replaced by
    spaces (its runs of :data:`SEGMENT_CHARS` are :func:`content_segments`; characters outside them, such as
    a separator between titles joined into one text, are kept)."""
    return _STOP_RE.sub(" ", _PART_RE.sub(" ", normalise(text)))


def ngrams(text: str, nmin: int = 2, nmax: int = 4) -> set[str]:
    """Distinct character n-grams (nmin..nmax) of each segment of ``text``."""
    grams: set[str] = set()
    for seg in content_segments(text):
        size = len(seg)
        for n in range(nmin, nmax + 1):
            for i in range(size - n + 1):
                grams.add(seg[i:i + n])
    return grams


_SUFFIX_RE = re.compile("(?:" + "|".join(map(re.escape, GENERIC_SUFFIXES)) + ")$")


def core_term(text: str, minimum: int = 2) -> str:
    """The subject of a priority text: generic document-kind words removed from its end (repeatedly)."""
    core = normalise(text).strip()
    while True:
        match = _SUFFIX_RE.search(core)
        if match is None or match.start() < minimum:
            break
        core = core[:match.start()]
    return core.strip("、，,；; ")
