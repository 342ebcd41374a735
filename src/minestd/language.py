"""Texts written "中文 / English" in one line, cut to one language for a reader who asked for it — pure.

minestd's messages, fixes and titles are bilingual by default ("缺少标准号 / designation is missing"). With
``--lang zh`` or ``--lang en`` a command shows one side. The cut is the first " / " that follows Chinese text and is
followed by English (so "继续有效 / 修订 / 废止" inside a sentence is never cut); a text with no such cut (English
only, Chinese only) is shown as it is.
"""
from __future__ import annotations

import re

__all__ = ["LANGS", "one_language", "in_language"]

LANGS = ("both", "zh", "en")
_CUT = re.compile(r" / (?=[A-Za-z0-9'\"(<\[./~-])")   # English, or a path / option / <stdin> first
_CJK = re.compile(r"[\u3400-\u9fff]")


def in_language(lang: str, zh: str, en: str, both: str | None = None) -> str:
    """The text for ``lang``: ``zh``, ``en``, or for ``both`` (and anything else) ``both`` — by default "zh / en".
    For texts composed per language, where cutting one "中文 / English" string (:func:`one_language`) cannot work."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f"{zh} / {en}" if both is None else both


def one_language(text: str, lang: str) -> str:
    """The ``lang`` side (zh / en) of a "中文 / English" text; the text itself for ``both`` or without a cut."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    if lang == "both" or not text:
        return text
    for cut in _CUT.finditer(text):
        if _CJK.search(text, 0, cut.start()):
            return text[:cut.start()] if lang == "zh" else text[cut.end():]
    return text
